/**
 * The `cheating` stress family (coordinated cheating: `rings.share` and
 * `rings.size` searched): its cost is the stake the ring members put at risk
 * at the initial price (hand-computed), and a tiny search prices its finalists
 * that way, the same bytes twice.
 */
import { describe, expect, it } from "vitest";
import { loadScenario, resolveParams } from "../../engine/scenario.ts";
import { shockCost } from "../../engine/stress/cost.ts";
import type { StressResult } from "../../engine/stress/stress.ts";
import { tinyFamilySearch } from "./familySearch.ts";

describe("stress family cheating", () => {
  it("costs rings.share × cheaterShare × initial providers × min stake × initial price", {
    timeout: 60_000,
  }, async () => {
    const s = await loadScenario("baseline");
    const base = [
      "providers.initial=1000",
      "providers.cheaterShare=0.2",
      "staking.minStakeTokens=500",
      "market.initialPriceUsd=2",
    ];
    const cost = (sets: string[]) => shockCost(resolveParams(s, [...base, ...sets]));
    // 0.5 × 0.2 × 1000 = 100 members × 500 tokens × 2 USD = 100,000 USD.
    const c = cost(["rings.share=0.5"]);
    expect(c.cheatingUsd).toBeCloseTo(100_000, 6);
    expect(c.totalUsd).toBeCloseTo(100_000, 6);
    // The rings' size does not change the stake at risk; no rings cost nothing.
    expect(cost(["rings.share=0.5", "rings.size=3"]).cheatingUsd).toBeCloseTo(100_000, 6);
    expect(cost(["rings.share=0"]).cheatingUsd).toBe(0);
  });

  it("a tiny --shocks cheating search prices its finalists by ring stake, deterministically", {
    timeout: 300_000,
  }, async () => {
    const search = () =>
      tinyFamilySearch("cheating-attack", "cheating", [
        "sim.steps=168",
        "providers.initial=60",
        "providers.maxTotal=120",
      ]);
    const first = await search();
    expect(await search()).toBe(first);
    const result = JSON.parse(first) as StressResult;
    expect(result.families).toEqual(["cheating"]);
    expect(result.study.sets).toContain("shocks.crashStartStep=-1");
    expect(result.study.sets).toContain("shocks.demandDropStartStep=-1");
    expect(result.study.ranges).toEqual(["rings.share=0.05:1", "rings.size=2:100"]);
    const p = resolveParams(await loadScenario("cheating-attack"), ["providers.initial=60"]);
    expect(result.minimal.length).toBeGreaterThan(0);
    for (const m of result.minimal) {
      const share = m.parameters["rings.share"]!;
      const stake =
        share * p.providers.cheaterShare * 60 * p.staking.minStakeTokens * p.market.initialPriceUsd;
      expect(m.cost.cheatingUsd).toBeCloseTo(stake, 6);
      expect(m.cost.totalUsd).toBe(m.cost.cheatingUsd);
    }
  });
});
