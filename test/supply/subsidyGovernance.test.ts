/**
 * Governance changes a subsidy programme as it changes emission: a scheduled
 * change stops it (amount 0) at a step, the price rule doubles it after a
 * crash's vote; both are recorded in `summary.governanceEvents`, and the
 * payments follow the amount in force at each epoch end.
 */
import { describe, expect, it } from "vitest";
import { runScenario, type ScenarioRun } from "../../api/run.ts";

const col = (r: ScenarioRun, name: string) => r.steps.getChild(name)!.toArray() as Float64Array;

const BASE = [
  "providers.initial=40",
  "providers.maxTotal=80",
  "subsidies.enabled=true",
  "subsidies.amount=0.5",
];
const run = (sets: string[]) =>
  runScenario("baseline", { steps: 48, seed: 3, sets: [...BASE, ...sets] });

describe("governance of subsidies", () => {
  it("a scheduled change stops the programme from its step on, and is recorded", async () => {
    const going = await run([]);
    const stopped = await run([
      "governance.enabled=true",
      "governance.change1.step=30",
      "governance.change1.param=subsidies.amount",
      "governance.change1.value=0",
    ]);
    expect(stopped.summary.status).toBe("ok");
    expect(col(going, "subsidyUsd")[47]).toBeGreaterThan(0);
    // Before the change the runs are the same; after it nothing is paid.
    expect(col(stopped, "subsidyUsd")[23]).toBe(col(going, "subsidyUsd")[23]);
    expect(col(stopped, "subsidyUsd")[47]).toBe(0);
    expect(stopped.summary.outcomes?.subsidyEpochs).toBe(1);
    expect(stopped.summary.governanceEvents).toEqual([
      { step: 30, day: 30 / 24, key: "subsidies.amount", from: 0.5, to: 0, cause: "schedule" },
    ]);
  }, 60_000);

  it("the price rule doubles the amount after the vote; the next epoch end pays twice as much", async () => {
    const crash = [
      "subsidies.amount=0.25", // doubled, still within the treasury's USD at the epoch end
      "shocks.crashStartStep=10",
      "shocks.crashSteps=1",
      "shocks.crashDrop=0.5",
    ];
    const plain = await run(crash);
    const ruled = await run([
      ...crash,
      "governance.enabled=true",
      "governance.rule.dropShare=0.3",
      "governance.rule.windowDays=0.25", // 6 steps
      "governance.rule.voteLagDays=0.125", // 3 steps
      "governance.rule.param=subsidies.amount",
      "governance.rule.multiplier=2",
    ]);
    expect(ruled.summary.status).toBe("ok");
    expect(ruled.summary.governanceEvents).toEqual([
      { step: 13, day: 13 / 24, key: "subsidies.amount", from: 0.25, to: 0.5, cause: "rule" },
    ]);
    // Same providers at the first epoch end (the amount is read only there): twice the payment.
    expect(col(plain, "subsidyUsd")[23]).toBeGreaterThan(0);
    expect(col(ruled, "subsidyUsd")[23]).toBe(2 * col(plain, "subsidyUsd")[23]!);
  }, 60_000);

  it("refuses a scheduled amount outside the parameter's range when the run starts", async () => {
    await expect(
      run([
        "governance.enabled=true",
        "governance.change1.step=5",
        "governance.change1.param=subsidies.amount",
        "governance.change1.value=-1",
      ]),
    ).rejects.toThrow("governance.change1: subsidies.amount=-1 is outside the parameter's range");
  }, 60_000);
});
