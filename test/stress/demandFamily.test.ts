/**
 * The `demand` stress family: its cost is the client payments lost over the drop
 * at base demand and price (hand-computed), and a tiny `--shocks demand` search
 * reports a breaking point or none, the same bytes twice.
 */
import { describe, expect, it } from "vitest";
import { loadScenario, resolveParams } from "../../engine/scenario.ts";
import { shockCost } from "../../engine/stress/cost.ts";
import type { StressResult } from "../../engine/stress/stress.ts";
import { tinyFamilySearch } from "./familySearch.ts";

describe("stress family demand", () => {
  it("costs share × base GPU-hours per hour × hours × client price, clipped at the run's end", {
    timeout: 60_000,
  }, async () => {
    const s = await loadScenario("baseline");
    const base = [
      "sim.steps=1000",
      "demand.baseGpuHoursPerHour=2000",
      "pricing.usdPerGpuHour=0.5",
      "shocks.demandDropShare=0.4",
      "shocks.demandDropSteps=100",
    ];
    const cost = (sets: string[]) => shockCost(resolveParams(s, [...base, ...sets]));
    // 0.4 × 2000 GPU-h/h × 100 h × 0.5 USD/GPU-h = 40,000 USD (hourly steps).
    const inside = cost(["shocks.demandDropStartStep=10"]);
    expect(inside.demandUsd).toBeCloseTo(40_000, 6);
    expect(inside.totalUsd).toBeCloseTo(40_000, 6);
    // Only the 50 steps left of the run count: 20,000 USD.
    expect(cost(["shocks.demandDropStartStep=950"]).demandUsd).toBeCloseTo(20_000, 6);
    // Two-hour steps: twice the hours.
    expect(cost(["shocks.demandDropStartStep=10", "sim.stepHours=2"]).demandUsd).toBeCloseTo(
      80_000,
      6,
    );
    // No drop within the run: 0.
    expect(cost(["shocks.demandDropStartStep=-1"]).demandUsd).toBe(0);
    expect(cost(["shocks.demandDropStartStep=1000"]).demandUsd).toBe(0);
  });

  it("a tiny --shocks demand search finds a breaking point or says none, deterministically", {
    timeout: 300_000,
  }, async () => {
    const search = () =>
      tinyFamilySearch(
        "crash-death-spiral",
        "demand",
        [
          "sim.steps=240",
          "providers.initial=60",
          "providers.maxTotal=120",
          "demand.baseGpuHoursPerHour=54",
          "shocks.demandDropStartStep=24",
        ],
        ["--range", "shocks.demandDropShare=0.5:0.99"],
      );
    const first = await search();
    expect(await search()).toBe(first);
    const result = JSON.parse(first) as StressResult;
    expect(result.families).toEqual(["demand"]);
    // The crash family is off; the drop's start is fixed by --set, its share and length searched.
    expect(result.study.sets).toContain("shocks.crashStartStep=-1");
    expect(result.study.sets).toContain("rings.share=0");
    expect(result.study.ranges.map((r) => r.split("=")[0])).toEqual([
      "shocks.demandDropShare",
      "shocks.demandDropSteps",
    ]);
    expect(result.minimal.length).toBeGreaterThan(0);
    for (const m of result.minimal) {
      expect(m.cost.crashUsd).toBe(0);
      expect(m.cost.totalUsd).toBe(m.cost.demandUsd);
      // share × 54 GPU-h/h × hours (clipped at step 240) × the scenario's client price.
      const p = resolveParams(await loadScenario("crash-death-spiral"), ["sim.steps=240"]);
      const share = m.parameters["shocks.demandDropShare"]!;
      const steps = Math.round(m.parameters["shocks.demandDropSteps"]!);
      const hours = Math.min(steps, 240 - 24) * p.sim.stepHours;
      expect(m.cost.demandUsd).toBeCloseTo(share * 54 * hours * p.pricing.usdPerGpuHour, 6);
    }
    if (result.breakingPoint === null) expect(result.minimal.every((m) => !m.feasible)).toBe(true);
    else {
      expect(result.breakingPoint.feasible).toBe(true);
      expect(result.breakingPoint.pSpiral.estimate).toBeGreaterThanOrEqual(0.5);
    }
  });
});
