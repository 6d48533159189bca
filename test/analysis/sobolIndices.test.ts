import { describe, expect, it } from "vitest";
import { saltelliAnalysis } from "../../engine/analysis/saltelliAnalysis.ts";
import { saltelliPoints } from "../../engine/design/saltelli.ts";
import { createRng } from "../../engine/rng/source.ts";

const BOOT = { resamples: 200, confidence: 0.95 };

/** Ishigami (1990), a = 7, b = 0.1, on [-pi, pi]^3. */
const ishigami = (u: Float64Array) => {
  const [x1, x2, x3] = [...u].map((v) => -Math.PI + 2 * Math.PI * v) as [number, number, number];
  return Math.sin(x1) + 7 * Math.sin(x2) ** 2 + 0.1 * x3 ** 4 * Math.sin(x1);
};
/** Analytic indices of the Ishigami function (Sobol' and Levitan 1999; Saltelli et al. 2008). */
const ISHIGAMI = { S1: [0.3139, 0.4424, 0], ST: [0.5576, 0.4424, 0.2437] };

/** Sobol's G function with the usual a = (0, 1, 4.5, 9, 99, 99, 99, 99). */
const A = [0, 1, 4.5, 9, 99, 99, 99, 99];
const gFunction = (u: Float64Array) =>
  A.reduce((p, a, i) => (p * (Math.abs(4 * u[i]! - 2) + a)) / (1 + a), 1);
/** Its analytic indices: V_i = 1 / (3 (1 + a_i)^2), V = prod(1 + V_i) - 1. */
function gIndices() {
  const v = A.map((a) => 1 / (3 * (1 + a) ** 2));
  const total = v.reduce((p, x) => p * (1 + x), 1) - 1;
  return {
    S1: v.map((x) => x / total),
    ST: v.map((x, i) => (x * v.reduce((p, y, j) => (j === i ? p : p * (1 + y)), 1)) / total),
  };
}

function analyse(f: (u: Float64Array) => number, d: number, n: number, seed: string) {
  const points = saltelliPoints(n, d, createRng(seed));
  const keys = Array.from({ length: d }, (_, i) => `x${i + 1}`);
  return saltelliAnalysis(points.map(f), keys, n, BOOT, createRng("bootstrap"));
}

describe("Sobol indices (Saltelli 2010 first order, Jansen total order)", () => {
  it("recovers the Ishigami indices within 0.02 at N = 8192, inside their 95% intervals, and converges", () => {
    const r = analyse(ishigami, 3, 8192, "ishigami");
    r.indices.forEach((ix, i) => {
      expect(Math.abs(ix.S1 - ISHIGAMI.S1[i]!), `S1 x${i + 1}`).toBeLessThan(0.02);
      expect(Math.abs(ix.ST - ISHIGAMI.ST[i]!), `ST x${i + 1}`).toBeLessThan(0.02);
      expect(ix.S1Low).toBeLessThanOrEqual(ISHIGAMI.S1[i]!);
      expect(ix.S1High).toBeGreaterThanOrEqual(ISHIGAMI.S1[i]!);
      expect(ix.STLow).toBeLessThanOrEqual(ISHIGAMI.ST[i]!);
      expect(ix.STHigh).toBeGreaterThanOrEqual(ISHIGAMI.ST[i]!);
    });
    expect(r.convergence).toMatchObject({ converged: true });
    expect(r.convergence!.widestInterval).toBeLessThanOrEqual(0.1);
  });

  it("says N is too small for Ishigami at N = 256, and suggests a larger N", () => {
    const r = analyse(ishigami, 3, 256, "ishigami");
    expect(r.convergence!.converged).toBe(false);
    expect(r.convergence!.message).toMatch(
      /^N=256 too small: widest interval S[1T]\[x\d\] 0\.\d+ > 0\.1.*try --samples \d+$/,
    );
    const suggested = Number(/--samples (\d+)/.exec(r.convergence!.message)![1]);
    expect(suggested).toBeGreaterThan(256);
    expect(Math.log2(suggested) % 1).toBe(0);
  });

  it("recovers the Sobol G function's indices (8 parameters) within 0.01 at N = 4096", () => {
    const exact = gIndices();
    const r = analyse(gFunction, 8, 4096, "g");
    r.indices.forEach((ix, i) => {
      expect(Math.abs(ix.S1 - exact.S1[i]!), `S1 x${i + 1}`).toBeLessThan(0.01);
      expect(Math.abs(ix.ST - exact.ST[i]!), `ST x${i + 1}`).toBeLessThan(0.01);
    });
    // The four a = 99 parameters are (nearly) inert: ST < 0.001 analytically.
    for (const ix of r.indices.slice(4)) expect(ix.ST).toBeLessThan(0.005);
  });

  it("gives the same indices for an output far from 0 (Ishigami + 1000): the first-order estimator is centred", () => {
    const points = saltelliPoints(1024, 3, createRng("ishigami"));
    const keys = ["x1", "x2", "x3"];
    const plain = saltelliAnalysis(points.map(ishigami), keys, 1024, BOOT, createRng("b"));
    const shifted = saltelliAnalysis(
      points.map((u) => 1000 + ishigami(u)),
      keys,
      1024,
      BOOT,
      createRng("b"),
    );
    shifted.indices.forEach((ix, i) => {
      expect(ix.S1).toBeCloseTo(plain.indices[i]!.S1, 6);
      expect(ix.ST).toBeCloseTo(plain.indices[i]!.ST, 6);
      expect(ix.S1High - ix.S1Low).toBeLessThan(0.2);
    });
  });

  it("gives no indices for a constant output", () => {
    const r = analyse(() => 3, 2, 16, "c");
    expect(r.variance).toBe(0);
    expect(r.convergence).toBeUndefined();
    expect(Number.isNaN(r.indices[0]!.S1)).toBe(true);
  });
});
