import { describe, expect, it } from "vitest";
import {
  binomialCdf,
  bootstrapInterval,
  clopperPearsonInterval,
  ksTwoSample,
  normalQuantile,
  wilsonInterval,
} from "../../engine/check/intervals.ts";
import { normal } from "../../engine/rng/distributions.ts";
import { createRng } from "../../engine/rng/source.ts";

describe("confidence intervals", () => {
  it("normal quantiles match tables", () => {
    expect(normalQuantile(0.975)).toBeCloseTo(1.959964, 5);
    expect(normalQuantile(0.5)).toBeCloseTo(0, 9);
    expect(normalQuantile(0.005)).toBeCloseTo(-2.575829, 5);
  });

  it("Wilson intervals match hand-worked values", () => {
    // k = 0, n = 80: upper = z² / (n + z²) = 3.8415 / 83.8415.
    expect(wilsonInterval(0, 80, 0.95).upper).toBeCloseTo(3.841459 / 83.841459, 6);
    const i = wilsonInterval(10, 100, 0.95);
    expect(i.lower).toBeCloseTo(0.05523, 4);
    expect(i.upper).toBeCloseTo(0.17437, 4);
  });

  it("Clopper-Pearson intervals match the exact formulas", () => {
    // k = 0: upper = 1 − (α/2)^(1/n); k = n: lower = (α/2)^(1/n).
    expect(clopperPearsonInterval(0, 10, 0.95).upper).toBeCloseTo(1 - 0.025 ** (1 / 10), 6);
    expect(clopperPearsonInterval(10, 10, 0.95).lower).toBeCloseTo(0.025 ** (1 / 10), 6);
    const i = clopperPearsonInterval(3, 20, 0.95);
    expect(i.lower).toBeCloseTo(0.03207, 4);
    expect(i.upper).toBeCloseTo(0.37893, 4);
    expect(binomialCdf(3, 20, 0.15)).toBeCloseTo(0.64773, 4);
  });

  it("bootstrap intervals of the median cover it and are reproducible", () => {
    const rng = createRng("boot-data");
    const xs = Array.from({ length: 200 }, () => normal(rng, 10, 2));
    const med = (s: number[]) => s[Math.floor(s.length / 2)]!;
    const a = bootstrapInterval(xs, med, 0.95, createRng("b"));
    const b = bootstrapInterval(xs, med, 0.95, createRng("b"));
    expect(a).toEqual(b);
    expect(a.lower).toBeLessThan(10.2);
    expect(a.upper).toBeGreaterThan(9.8);
    expect(a.upper - a.lower).toBeLessThan(1.2);
  });

  it("KS finds no difference between identical samples and a clear one under a shift", () => {
    const rng = createRng("ks");
    const xs = Array.from({ length: 60 }, () => normal(rng, 0, 1));
    expect(ksTwoSample(xs, xs)).toEqual({ d: 0, pValue: 1 });
    const shifted = xs.map((x) => x + 1);
    const r = ksTwoSample(xs, shifted);
    expect(r.d).toBeGreaterThan(0.3);
    expect(r.pValue).toBeLessThan(0.001);
    const other = Array.from({ length: 60 }, () => normal(rng, 0, 1));
    expect(ksTwoSample(xs, other).pValue).toBeGreaterThan(0.01);
  });
});
