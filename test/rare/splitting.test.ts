import { describe, expect, it } from "vitest";
import { estimateRareProbability } from "../../engine/rare/estimate.ts";
import { replicaInterval, studentQuantile } from "../../engine/rare/interval.ts";
import { runAms, type SplittingProcess } from "../../engine/rare/splitting.ts";
import { createRng } from "../../engine/rng/source.ts";
import { cramerLundberg, gamblersRuin } from "./toyModels.ts";

/**
 * Tolerance: the exact value inside the 95% interval and the relative error
 * (standard error over estimate) below 0.25, with 10 replicas of 100 particles.
 */
const SETTINGS = { particles: 100, replicas: 10, seed: 1 };

describe("AMS on toy chains with known tail probabilities", () => {
  it.each([
    [8, 1e-3],
    [12, 1e-4],
    [16, 1e-6],
  ])("gambler's ruin to %i (p ≈ %s): exact value inside the interval", (top) => {
    const g = gamblersRuin(0.3, top);
    const e = estimateRareProbability(g.process, top, SETTINGS);
    expect(e.lower).toBeLessThanOrEqual(g.exact);
    expect(e.upper).toBeGreaterThanOrEqual(g.exact);
    expect(e.relativeError).toBeLessThan(0.25);
    expect(e.incomplete).toBe(0);
    // Integer scores: ties kill several particles at once.
    expect(e.iterations.some((it) => it.killed > 1)).toBe(true);
  });

  it.each([
    [15, 4.5e-3, false],
    [26, 1.1e-4, true],
    [40, 1.1e-6, true],
  ])(
    "Cramér-Lundberg ruin from u = %i (p ≈ %s): exact value inside the interval",
    (u, _p, cheaper) => {
      const c = cramerLundberg(u, 1.5, 1, 60);
      const e = estimateRareProbability(c.process, c.level, SETTINGS);
      expect(e.lower).toBeLessThanOrEqual(c.exact);
      expect(e.upper).toBeGreaterThanOrEqual(c.exact);
      expect(e.relativeError).toBeLessThan(0.25);
      // Below 1e-4, cheaper than Monte Carlo at the same relative error ((1 − p)/(p·re²) runs).
      const mcRuns = (1 - c.exact) / (c.exact * e.relativeError ** 2);
      if (cheaper) expect(e.runs).toBeLessThan(mcRuns / 5);
    },
  );

  it("is unbiased: over 12 independent estimates the mean ratio to the truth is near 1 and the intervals cover it", () => {
    const g = gamblersRuin(0.3, 12);
    const ratios: number[] = [];
    let covered = 0;
    for (let k = 0; k < 12; k++) {
      const salted = gamblersRuin(0.3, 12, `s${k}`);
      const e = estimateRareProbability(salted.process, 12, {
        particles: 50,
        replicas: 5,
        seed: k,
      });
      ratios.push(e.estimate / g.exact);
      if (e.lower <= g.exact && g.exact <= e.upper) covered++;
    }
    const mean = ratios.reduce((a, b) => a + b, 0) / ratios.length;
    expect(mean).toBeGreaterThan(0.8);
    expect(mean).toBeLessThan(1.2);
    expect(covered).toBeGreaterThanOrEqual(9);
  });

  it("gives the same bytes for the same seed, and other estimates for another", () => {
    const c = cramerLundberg(20, 1.5, 1, 60);
    const a = JSON.stringify(
      estimateRareProbability(c.process, c.level, { ...SETTINGS, replicas: 3 }),
    );
    const b = JSON.stringify(
      estimateRareProbability(c.process, c.level, { ...SETTINGS, replicas: 3 }),
    );
    expect(a).toBe(b);
    const d = estimateRareProbability(c.process, c.level, { ...SETTINGS, replicas: 3, seed: 2 });
    expect(JSON.stringify(d)).not.toBe(a);
  });
});

describe("AMS edge cases", () => {
  /** A chain whose score never moves: every particle ties at once. */
  const flat: SplittingProcess = {
    simulate: (path) => ({ ...path, recordSteps: [0], recordScores: [0], score: 0, steps: 1 }),
  };

  it("goes extinct on a score that never moves: estimate 0, bound 1 (nothing learnt)", () => {
    const r = runAms(flat, {
      particles: 5,
      level: 1,
      originBase: 0,
      idPrefix: "x",
      rng: createRng("x"),
    });
    expect(r.status).toBe("extinct");
    expect(r.estimate).toBe(0);
    expect(r.bound).toBe(1);
    const e = estimateRareProbability(flat, 1, { particles: 5, replicas: 3, seed: 1 });
    expect(e.estimate).toBe(0);
    expect(e.upper).toBe(1);
    expect(e.incomplete).toBe(3);
  });

  it("stops at the budget with the probability of the last level as its bound", () => {
    const g = gamblersRuin(0.3, 16);
    const r = runAms(g.process, {
      particles: 20,
      level: 16,
      originBase: 0,
      idPrefix: "b",
      rng: createRng("b"),
      maxRuns: 60,
    });
    expect(r.status).toBe("budget");
    expect(r.estimate).toBe(0);
    expect(r.bound).toBeGreaterThan(g.exact);
    expect(r.runs).toBeGreaterThanOrEqual(60);
    expect(r.runs).toBeLessThan(60 + 20);
  });

  it("refuses settings it cannot work with", () => {
    const g = gamblersRuin(0.3, 8);
    expect(() => estimateRareProbability(g.process, 8, { seed: 1, replicas: 1 })).toThrow(
      /replicas/,
    );
    expect(() => estimateRareProbability(g.process, 8, { seed: 1, particles: 1 })).toThrow(
      /particles/,
    );
    expect(() =>
      estimateRareProbability(g.process, 8, {
        seed: 1,
        particles: 10,
        replicas: 4,
        budget: { runs: 30 },
      }),
    ).toThrow(/budget of 30 runs/);
    expect(() => estimateRareProbability(g.process, 8, { seed: 1, confidence: 1 })).toThrow(
      /confidence/,
    );
  });
});

describe("intervals", () => {
  it("matches Student's t quantiles", () => {
    expect(studentQuantile(0.975, 9)).toBeCloseTo(2.2622, 3);
    expect(studentQuantile(0.975, 29)).toBeCloseTo(2.0452, 3);
    expect(studentQuantile(0.975, 4)).toBeCloseTo(2.7764, 2);
    expect(studentQuantile(0.975, 3)).toBeCloseTo(3.1824, 2);
    expect(studentQuantile(0.975, 2)).toBeCloseTo(4.3027, 4);
    expect(studentQuantile(0.975, 1)).toBeCloseTo(12.7062, 4);
  });

  it("takes the upper end from the bounds of replicas that could not reach the event", () => {
    const ci = replicaInterval([0, 0, 0], 0.95, [1e-3, 1e-3, 1e-3]);
    expect(ci.estimate).toBe(0);
    expect(ci.upper).toBeCloseTo(1e-3, 12);
    expect(replicaInterval([1e-4, 3e-4], 0.95).lower).toBe(0);
  });
});
