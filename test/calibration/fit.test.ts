import seedrandom from "seedrandom";
import { describe, expect, it } from "vitest";
import { fitLinear, fitSaturation, saturation } from "../../calibration/fit.ts";
import { LatencyHistogram } from "../../calibration/histogram.ts";

describe("fitSaturation", () => {
  it("recovers xMax and cHalf from exact synthetic data", () => {
    const cs = [1, 2, 4, 8, 16, 32, 64, 128];
    const xs = cs.map((c) => saturation({ xMax: 5000, cHalf: 12 }, c));
    const fit = fitSaturation(cs, xs);
    expect(fit.xMax).toBeCloseTo(5000, 0);
    expect(fit.cHalf).toBeCloseTo(12, 2);
    expect(fit.r2).toBeCloseTo(1, 9);
  });

  it("recovers parameters within 5 % from noisy data", () => {
    const rng = seedrandom("fit-noise");
    const cs = [1, 2, 4, 8, 16, 32, 64, 128, 256];
    for (const [xMax, cHalf] of [
      [2500, 3],
      [80000, 40],
      [120, 0.5],
    ] as const) {
      const xs = cs.map((c) => saturation({ xMax, cHalf }, c) * (1 + 0.02 * (rng() * 2 - 1)));
      const fit = fitSaturation(cs, xs);
      expect(Math.abs(fit.xMax / xMax - 1)).toBeLessThan(0.05);
      expect(Math.abs(fit.cHalf / cHalf - 1)).toBeLessThan(0.15);
      expect(fit.r2).toBeGreaterThan(0.99);
    }
  });

  it("handles degenerate inputs", () => {
    expect(fitSaturation([], []).xMax).toBe(0);
    expect(fitSaturation([4], [100])).toEqual({ xMax: 100, cHalf: 0, r2: 1 });
  });
});

describe("fitLinear", () => {
  it("recovers slope and intercept", () => {
    const xs = [1, 4, 16, 64];
    const fit = fitLinear(
      xs,
      xs.map((x) => 20 + 1.5 * x),
    );
    expect(fit.slope).toBeCloseTo(1.5, 9);
    expect(fit.intercept).toBeCloseTo(20, 9);
    expect(fit.r2).toBeCloseTo(1, 9);
  });
});

describe("LatencyHistogram (HdrHistogram, µs, 3 significant digits)", () => {
  it("quantiles are within 0.1 % of exact values on a known distribution", () => {
    const h = new LatencyHistogram();
    for (let i = 1; i <= 10000; i++) h.record(i / 10); // 0.1 .. 1000 ms uniformly
    expect(h.count).toBe(10000);
    expect(Math.abs(h.quantile(0.5) / 500 - 1)).toBeLessThan(0.001);
    expect(Math.abs(h.quantile(0.99) / 990 - 1)).toBeLessThan(0.001);
    expect(h.quantile(0.0001)).toBe(0.1); // exact to 1 µs below 2 ms
    expect(h.mean()).toBeCloseTo(500.05, 6);
    expect(h.summary().max).toBe(1000);
  });

  it("keeps its size whatever the number of values", () => {
    const h = new LatencyHistogram();
    for (let i = 0; i < 1000; i++) h.record(1 + (i % 997) * 7.3);
    const small = h.toJSON().data.length;
    for (let i = 0; i < 200_000; i++) h.record(1 + (i % 997) * 7.3);
    expect(h.count).toBe(201_000);
    // the same values more often: the encoding grows only by a few count bytes
    expect(h.toJSON().data.length).toBeLessThan(small * 1.5);
  });

  it("merges and round-trips through JSON (HdrHistogram V2 compressed base64)", () => {
    const a = new LatencyHistogram();
    const b = new LatencyHistogram();
    for (let i = 0; i < 100; i++) a.record(10);
    for (let i = 0; i < 100; i++) b.record(1000);
    b.record(7_200_000); // two hours: beyond the initial range, the histogram grows
    const merged = LatencyHistogram.from(JSON.parse(JSON.stringify(a.toJSON()))).merge(b.toJSON());
    expect(merged.count).toBe(201);
    expect(Math.abs(merged.quantile(0.25) / 10 - 1)).toBeLessThan(0.001);
    expect(Math.abs(merged.quantile(0.75) / 1000 - 1)).toBeLessThan(0.001);
    expect(Math.abs(merged.quantile(1) / 7_200_000 - 1)).toBeLessThan(0.001);
    expect(merged.min).toBe(10);
    expect(merged.max).toBe(7_200_000);
    expect(a.toJSON()).toMatchObject({ encoding: "hdr-v2-compressed-base64", unit: "us" });
  });

  it("is empty-safe", () => {
    const e = new LatencyHistogram();
    expect(Number.isNaN(e.quantile(0.5))).toBe(true);
    expect(LatencyHistogram.from(e.toJSON()).count).toBe(0);
    expect(e.toJSON()).toMatchObject({ count: 0, min: null, max: null });
  });
});
