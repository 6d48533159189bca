import { describe, expect, it } from "vitest";
import { Competition } from "../../engine/networks/compete.ts";
import { twinStudy } from "./fixtures.ts";

/** Runs two small identical-but-for-`sets` networks for 90 days; the end's figures. */
function run(initialA: number, initialB: number, seed: number, sets: string[] = []) {
  const c = new Competition(twinStudy(90, initialA, initialB, sets), { seed });
  const summaries = c.runToEnd();
  // Mean price over the last 30 days: owners judge by smoothed, recent returns.
  const last = c.stepsCompleted;
  const meanPrice = (name: string) => {
    const v = c.values[c.columns.findIndex((x) => x.name === name)]!.subarray(last - 720, last);
    return v.reduce((x, y) => x + y, 0) / v.length;
  };
  const { networks } = c.placeCounts();
  const [a, b] = networks as [number, number];
  return {
    status: summaries.map((s) => s.status),
    moves: c.counts.moves,
    shareA: a / (a + b),
    priceA: meanPrice("a.priceUsd"),
    priceB: meanPrice("b.priceUsd"),
  };
}

/**
 * Owners share each network's pool (emission × price, plus fiat) per GPU, so at
 * equal returns `N_a / N_b = E_a·P_a / (E_b·P_b)`: the share on a is
 * `E_a·P_a / (E_a·P_a + E_b·P_b)` (P: each network's mean price over the last
 * 30 days; the networks' demand draws differ, so their prices do). The switching cost and downtime
 * leave a band around it: an owner moves only for a return gap above
 * `(C + 24·D·R) / (24·H)` ≈ (25 + 24 · 4 · 0.45) / 720 ≈ 0.09 USD/h on about
 * 0.45 USD/h, i.e. ±10% in returns, about ±0.05 in share at 2:1. The market is
 * deep (20 M USD) so that stake bought and sold by movers barely moves the price:
 * this tests the owners' rule, not reflexive prices.
 */
const TOLERANCE = 0.06;

describe("providers split between two identical networks", () => {
  it("stays even from an even start", () => {
    const r = run(100, 100, 1);
    expect(r.status).toEqual(["ok", "ok"]);
    expect(Math.abs(r.shareA - 0.5)).toBeLessThan(0.1);
  });

  it("evens out from an uneven start (150/50 and 50/150), within ±0.1 of half", () => {
    for (const [a, b] of [
      [150, 50],
      [50, 150],
    ] as const) {
      const r = run(a, b, 2);
      expect(r.moves).toBeGreaterThan(30);
      // Started at 0.75 or 0.25: owners moved to the less crowded network.
      expect(Math.abs(r.shareA - 0.5)).toBeLessThan(0.1);
    }
  });
});

describe("providers move to the network that pays more", () => {
  it.each([1, 3])(
    "seed %i: a doubled and a tripled emission raise the share on it, as the closed form says",
    (seed) => {
      const base = run(100, 100, seed);
      const double = run(100, 100, seed, ["a.emission.tokensPerEpoch=1840"]);
      const triple = run(100, 100, seed, ["a.emission.tokensPerEpoch=2760"]);
      expect(double.shareA).toBeGreaterThan(base.shareA + 0.1);
      expect(triple.shareA).toBeGreaterThan(double.shareA);
      for (const [r, k] of [
        [base, 1],
        [double, 2],
        [triple, 3],
      ] as const) {
        const predicted = (k * r.priceA) / (k * r.priceA + r.priceB);
        expect(Math.abs(r.shareA - predicted)).toBeLessThan(TOLERANCE);
      }
    },
  );
});
