import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { runScenario, type ScenarioRun } from "../../api/run.ts";
import { GovernanceState, ruleFires, ruleValue } from "../../engine/mechanisms/governance.ts";
import { leafParams } from "../../engine/params/overrides.ts";
import { resolveParams } from "../../engine/scenario.ts";
import { scenario } from "../../scenarios/baseline.ts";

const col = (r: ScenarioRun, name: string) => r.steps.getChild(name)?.toArray() as Float64Array;
const RUN = ["providers.initial=200", "providers.maxTotal=400", "demand.baseGpuHoursPerHour=180"];

describe("scheduled governance changes", () => {
  it("set a parameter from a step on, record the change, and leave the summary's params as started", async () => {
    const off = await runScenario("baseline", { steps: 48, sets: RUN });
    expect(off.steps.getChild("governanceChanges")).toBeNull();
    expect(off.summary.outcomes).toBeUndefined();
    const on = await runScenario("baseline", {
      steps: 72,
      sets: [
        ...RUN,
        "governance.enabled=true",
        "governance.change1.step=30",
        "governance.change1.param=emission.tokensPerEpoch",
        "governance.change1.value=20000",
        "governance.change2.step=60",
        "governance.change2.param=emission.tokensPerEpoch",
        "governance.change2.value=5000",
      ],
    });
    expect(on.summary.status).toBe("ok");
    const minted = col(on, "mintedTokens");
    // Fixed emission, paid at each epoch end (steps 23, 47, 71).
    expect(minted[23]).toBeCloseTo(46_000, 6);
    expect(minted[47]).toBeCloseTo(20_000, 6);
    expect(minted[71]).toBeCloseTo(5_000, 6);
    const changes = col(on, "governanceChanges");
    expect([...changes.keys()].filter((s) => changes[s]! > 0)).toEqual([30, 60]);
    expect(on.summary.outcomes?.governanceChanges).toBe(2);
    expect(on.summary.outcomes?.governanceRuleFiredStep).toBe(-1);
    expect(on.summary.params.emission.tokensPerEpoch).toBe(46_000);
  });

  it("refuse a value outside the parameter's range, or parameters that fail the network's checks", async () => {
    const sets = (param: string, value: number) => [
      ...RUN,
      "governance.enabled=true",
      "governance.change2.step=5",
      `governance.change2.param=${param}`,
      `governance.change2.value=${value}`,
    ];
    await expect(
      runScenario("baseline", { steps: 10, sets: sets("market.foundationSellShare", 2) }),
    ).rejects.toThrow(
      /governance\.change2: market\.foundationSellShare=2 is outside the parameter's range/,
    );
    await expect(
      runScenario("baseline", {
        steps: 10,
        sets: [...sets("pricing.protocolFeeShare", 0.9), "pricing.providerFiatShare=0.2"],
      }),
    ).rejects.toThrow(
      /governance\.change2: pricing\.protocolFeeShare=0\.9: .*protocolFeeShare \+ pricing\.providerFiatShare must be <= 1/s,
    );
  });
});

describe("the governance rule", () => {
  it("fires once when the price is at most (1 − dropShare) × the price windowDays earlier", () => {
    // A 3-step look-back (3 hours at hourly steps), a 50% fall.
    const p = resolveParams(scenario, [
      "governance.enabled=true",
      "governance.rule.dropShare=0.5",
      "governance.rule.windowDays=0.125",
    ]);
    const g = new GovernanceState(p);
    expect(g.priceRing.length).toBe(3);
    const prices = [1, 1, 1, 0.6, 0.5, 0.4];
    const fired = prices.map((price, step) => ruleFires(p, g, step, price));
    // Step 3: 0.6 > 0.5 · 1; steps 4 and 5: 0.5 and 0.4 ≤ 0.5 · 1 (the phase
    // records the first firing and asks no more).
    expect(fired).toEqual([false, false, false, false, true, true]);
    g.ruleFiredStep = 4;
    expect(ruleFires(p, g, 7, 0.01)).toBe(false); // once per run
  });

  it("multiplies its parameter after the vote, within the parameter's range", () => {
    const p = resolveParams(scenario, [
      "governance.rule.param=market.foundationSellShare",
      "governance.rule.multiplier=1.5",
    ]);
    expect(ruleValue(p)).toBeCloseTo(0.075, 12);
    const q = resolveParams(scenario, [
      "governance.rule.param=market.foundationSellShare",
      "governance.rule.multiplier=100",
    ]);
    expect(ruleValue(q)).toBe(1);
  });

  it("in a crash: fires, and the change holds voteLagDays later", async () => {
    const r = await runScenario("baseline", {
      steps: 120,
      sets: [
        ...RUN,
        "shocks.crashStartStep=24",
        "shocks.crashSteps=24",
        "shocks.crashDrop=0.7",
        "governance.enabled=true",
        "governance.rule.dropShare=0.5",
        "governance.rule.windowDays=1",
        "governance.rule.voteLagDays=1",
        "governance.rule.param=emission.tokensPerEpoch",
        "governance.rule.multiplier=1.5",
      ],
    });
    expect(r.summary.status).toBe("ok");
    const fired = r.summary.outcomes!.governanceRuleFiredStep!;
    expect(fired).toBeGreaterThan(24);
    expect(fired).toBeLessThan(48);
    expect(r.summary.outcomes!.governanceRuleEffectStep).toBe(fired + 24);
    expect(col(r, "governanceChanges")[fired + 24]).toBe(1);
    // The emission after the change: 46,000 × 1.5 at the next epoch end.
    const minted = col(r, "mintedTokens");
    const nextEpochEnd = Math.ceil((fired + 24 + 1) / 24) * 24 - 1;
    expect(minted[nextEpochEnd]).toBeCloseTo(69_000, 6);
  });
});

describe("docs", () => {
  const mech = readFileSync(new URL("../../docs/mechanisms.md", import.meta.url), "utf8");
  const out = readFileSync(new URL("../../docs/output.md", import.meta.url), "utf8");
  it("document every governance parameter with its unit, the column and the outcomes", () => {
    for (const leaf of leafParams(scenario.schema).filter((l) =>
      l.path.startsWith("governance."),
    )) {
      const row = mech.split("\n").find((l) => l.startsWith(`| \`${leaf.path}\` |`));
      expect(row, leaf.path).toBeDefined();
      expect(row?.split("|").map((c) => c.trim())).toContain(
        (leaf.schema as unknown as { unit: string }).unit,
      );
    }
    expect(out).toContain("| `governanceChanges` |");
    for (const o of ["governanceRuleFiredStep", "governanceRuleEffectStep"])
      expect(out).toContain(`\`${o}\``);
  });
});
