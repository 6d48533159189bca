/**
 * Governance's record of parameter changes (`w.governance.events`): scheduled
 * changes and the price rule's, with the values they replaced, the rule read
 * through the oracle when it is on, and a real protocol's history (Helium's
 * HIP-20 emission schedule, 2020-2023) scripted as scheduled changes.
 */
import { describe, expect, it } from "vitest";
import type { GovernanceEvent } from "../../engine/mechanisms/governance.ts";
import { scheduledChanges } from "../../engine/mechanisms/governance.ts";
import { Simulation } from "../../engine/pipeline/run.ts";
import { resolveParams } from "../../engine/scenario.ts";
import { scenario as baseline } from "../../scenarios/baseline.ts";
import {
  HELIUM_HISTORY,
  heliumEmissionHistory,
} from "../../scenarios/overrides/heliumEmissionHistory.ts";

const BASE = ["providers.initial=40", "providers.maxTotal=80"];

/** Runs the baseline to its end; returns the events (checked against the summary's) and its status. */
function events(sets: string[]): { events: GovernanceEvent[]; status: string } {
  const params = resolveParams(baseline, [...BASE, ...sets]);
  const sim = new Simulation({ scenario: baseline, params, seed: 9 });
  while (!sim.done) sim.advance();
  const summary = sim.finish();
  // summary.json carries the same list, and no key at all without governance.
  if (params.governance.enabled)
    expect(summary.governanceEvents).toEqual(sim.world.governance.events);
  else expect("governanceEvents" in summary).toBe(false);
  return { events: sim.world.governance.events, status: summary.status };
}

const RULE = [
  "governance.enabled=true",
  "governance.rule.dropShare=0.3",
  "governance.rule.windowDays=0.25", // 6 steps
  "governance.rule.voteLagDays=0.125", // 3 steps
  "governance.rule.multiplier=1.2",
  "shocks.crashStartStep=10",
  "shocks.crashSteps=1",
  "shocks.crashDrop=0.5",
];

describe("governance events", () => {
  it("records each scheduled change at its step with the value it replaced", () => {
    const r = events([
      "sim.steps=12",
      "governance.enabled=true",
      "governance.change1.step=8",
      "governance.change1.param=market.foundationSellShare",
      "governance.change1.value=0.1",
      "governance.change2.step=3",
      "governance.change2.param=emission.tokensPerEpoch",
      "governance.change2.value=30000",
      "governance.change3.step=9",
      "governance.change3.param=emission.tokensPerEpoch",
      "governance.change3.value=20000",
    ]);
    expect(r.status).toBe("ok");
    const p = resolveParams(baseline, BASE);
    expect(r.events).toEqual([
      {
        step: 3,
        day: 0.125,
        key: "emission.tokensPerEpoch",
        from: p.emission.tokensPerEpoch,
        to: 30000,
        cause: "schedule",
      },
      {
        step: 8,
        day: 8 / 24,
        key: "market.foundationSellShare",
        from: p.market.foundationSellShare,
        to: 0.1,
        cause: "schedule",
      },
      {
        step: 9,
        day: 0.375,
        key: "emission.tokensPerEpoch",
        from: 30000,
        to: 20000,
        cause: "schedule",
      },
    ]);
  }, 60_000);

  it("records the rule's change after the vote lag; with an oracle the rule fires later", () => {
    const from = resolveParams(baseline, BASE).emission.tokensPerEpoch;
    const spot = events(["sim.steps=24", ...RULE]);
    // Fires in step 10 (the crash), holds 3 steps later.
    expect(spot.events).toEqual([
      {
        step: 13,
        day: 13 / 24,
        key: "emission.tokensPerEpoch",
        from,
        to: from * 1.2,
        cause: "rule",
      },
    ]);
    // The oracle reports the price 2 steps late: the rule fires in step 12.
    const lagged = events(["sim.steps=24", ...RULE, "oracle.enabled=true", "oracle.delaySteps=2"]);
    expect(lagged.events.map((e) => e.step)).toEqual([15]);
  }, 60_000);

  it("is empty without governance", () => {
    expect(events(["sim.steps=4"]).events).toEqual([]);
  }, 60_000);
});

describe("Helium's emission history as a schedule (HIP-20)", () => {
  it("fits the four scheduled changes, at the published dates", () => {
    const params = resolveParams(baseline, [...BASE, ...heliumEmissionHistory(24)]);
    const changes = scheduledChanges(params);
    expect(changes.map((c) => [c.step, c.param, c.value])).toEqual([
      [365, "emission.tokensPerEpoch", 60_000_000 / 365 / 2],
      [365, "emission.foundationShare", 0.33],
      [730, "emission.foundationShare", 0.32],
      [1095, "emission.tokensPerEpoch", 60_000_000 / 365 / 4],
    ]);
    // Hourly steps: the same days, 24 steps each.
    const hourly = scheduledChanges(
      resolveParams(baseline, [...BASE, ...heliumEmissionHistory(1)]),
    );
    expect(hourly.map((c) => c.step)).toEqual(HELIUM_HISTORY.map((c) => c.day * 24));
    expect(() => heliumEmissionHistory(5)).toThrow("stepHours must divide a day");
  });

  it("mints 60M, 30M and 15M HNT a year and records the changes as events", () => {
    const params = resolveParams(baseline, [
      ...BASE,
      ...heliumEmissionHistory(24),
      "sim.steps=1100",
    ]);
    const sim = new Simulation({ scenario: baseline, params, seed: 9 });
    const minted: number[] = [];
    while (!sim.done) {
      sim.advance();
      minted.push(sim.world.totals.baseEmission);
    }
    expect(sim.finish().status).toBe("ok");
    const year = (from: number) => minted.slice(from, from + 365).reduce((a, b) => a + b, 0);
    expect(year(0)).toBeCloseTo(60_000_000, 0);
    expect(year(365)).toBeCloseTo(30_000_000, 0);
    expect(minted[1095]).toBeCloseTo(15_000_000 / 365, 3);
    expect(sim.world.governance.events.map((e) => [e.day, e.key, e.to, e.cause])).toEqual(
      HELIUM_HISTORY.map((c) => [c.day, c.param, c.value, "schedule"]),
    );
  }, 120_000);
});
