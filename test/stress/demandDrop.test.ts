/**
 * The scheduled demand drop (`shocks.demandDrop*`): client arrivals are the run
 * without it times (1 − share) inside its window and unchanged outside, same seed.
 * Churn, price elasticity and growth are off, so nothing the drop changes feeds
 * back into the arrivals' mean; the drop scales the drawn arrivals (rounded to
 * whole jobs), so the demand stream draws the same numbers. All demand comes
 * from one client region, so a step's total is that region's draw.
 */
import { describe, expect, it } from "vitest";
import { demandDropFactor } from "../../engine/mechanisms/shocks.ts";
import { MemorySink } from "../../engine/metrics/arrow.ts";
import { DEFAULT_PHASES } from "../../engine/pipeline/phases.ts";
import { runSimulation } from "../../engine/pipeline/run.ts";
import { resolveParams } from "../../engine/scenario.ts";
import type { World } from "../../engine/state/world.ts";
import { scenario as baseline } from "../../scenarios/baseline.ts";

const BASE = [
  "sim.steps=60",
  "providers.initial=40",
  "demand.churnSensitivity=0",
  "demand.priceElasticity=0",
  "demand.growthPerYear=0",
  "regions.euWest.demandShare=0",
  "regions.euEast.demandShare=0",
  "regions.asia.demandShare=0",
];

/** Jobs arrived per step of a small baseline run with `sets`. */
async function arrivals(sets: string[]): Promise<number[]> {
  const out: number[] = [];
  const record = () => ({
    name: "recordArrivals",
    after: ["demand"],
    run(w: World) {
      out.push(w.totals.jobsArrived);
    },
  });
  const scenario = {
    ...baseline,
    phases: [...(baseline.phases ?? DEFAULT_PHASES), { name: "recordArrivals", create: record }],
  };
  const params = resolveParams(scenario, [...BASE, ...sets]);
  const summary = await runSimulation({ scenario, params, seed: 3 }, new MemorySink());
  expect(summary.failure ?? null).toBeNull();
  return out;
}

describe("shocks: scheduled demand drop", () => {
  it("scales arrivals by exactly (1 − share) in its window and not outside", {
    timeout: 120_000,
  }, async () => {
    const without = await arrivals([]);
    expect(without).toHaveLength(60);
    // Enough arrivals in the window that a drop is visible in every step of it.
    expect(Math.min(...without.slice(20, 30))).toBeGreaterThan(10);
    for (const share of [0.5, 0.3]) {
      const drop = [
        `shocks.demandDropShare=${share}`,
        "shocks.demandDropStartStep=20",
        "shocks.demandDropSteps=10",
      ];
      const withDrop = await arrivals(drop);
      expect(withDrop).toHaveLength(60);
      expect(withDrop.slice(20, 30).reduce((a, b) => a + b, 0)).toBeLessThan(
        without.slice(20, 30).reduce((a, b) => a + b, 0),
      );
      for (let t = 0; t < 60; t++) {
        const inWindow = t >= 20 && t < 30;
        const expected = inWindow ? Math.round(without[t]! * (1 - share)) : without[t]!;
        expect(withDrop[t]).toBe(expected);
      }
    }
  });

  it("is off by default and outside [start, start + steps)", () => {
    const sh = resolveParams(baseline, []).shocks;
    expect(sh.demandDropShare).toBe(0);
    expect(sh.demandDropStartStep).toBe(-1);
    for (const t of [0, 5, 1000]) expect(demandDropFactor(sh, t)).toBe(1);
    const on = { ...sh, demandDropShare: 0.25, demandDropStartStep: 5, demandDropSteps: 3 };
    expect([4, 5, 6, 7, 8].map((t) => demandDropFactor(on, t))).toEqual([1, 0.75, 0.75, 0.75, 1]);
    expect(demandDropFactor({ ...on, demandDropShare: 0 }, 6)).toBe(1);
    expect(demandDropFactor(undefined, 6)).toBe(1);
  });
});
