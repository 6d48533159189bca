import { describe, expect, it } from "vitest";
import { morrisEffects } from "../../engine/analysis/morrisEffects.ts";
import { morrisDelta, morrisTrajectories } from "../../engine/design/morris.ts";
import { createRng } from "../../engine/rng/source.ts";

const BOOT = { resamples: 200, confidence: 0.95 };

function effects(f: (x: Float64Array) => number, d: number, r: number, candidates = 0) {
  const ts = morrisTrajectories(r, d, 4, createRng("morris"), candidates);
  const y = ts.flatMap((t) => t.points.map(f));
  const keys = Array.from({ length: d }, (_, i) => `x${i + 1}`);
  return morrisEffects(y, keys, ts, morrisDelta(4), BOOT, createRng("boot"));
}

describe("Morris elementary effects", () => {
  it("ranks f = 10 x1 + 5 x2^2 + x3 + 0 x4 - 3 x5 by mu*, with exact effects of the linear terms", () => {
    const f = (x: Float64Array) => 10 * x[0]! + 5 * x[1]! ** 2 + x[2]! - 3 * x[4]!;
    const m = effects(f, 5, 20);
    const ranked = [...m].sort((a, b) => b.muStar - a.muStar).map((e) => e.parameter);
    expect(ranked).toEqual(["x1", "x2", "x5", "x3", "x4"]);
    expect(m[0]!.mu).toBeCloseTo(10, 10);
    expect(m[0]!.muStar).toBeCloseTo(10, 10);
    expect(m[0]!.sigma).toBeCloseTo(0, 10);
    expect(m[4]!.mu).toBeCloseTo(-3, 10); // a negative effect: mu < 0, mu* > 0
    expect(m[4]!.muStar).toBeCloseTo(3, 10);
    expect(m[3]!.muStar).toBe(0);
    // x2 is non-linear: its effect depends on where it is taken (sigma > 0),
    // between 5 (2 * 0 + 2/3) and 5 (2 / 3 + 2/3).
    expect(m[1]!.sigma).toBeGreaterThan(0);
    expect(m[1]!.muStar).toBeGreaterThan(10 / 3 - 1e-9);
    expect(m[1]!.muStar).toBeLessThan(20 / 3 + 1e-9);
    expect(m[1]!.muStarLow).toBeLessThanOrEqual(m[1]!.muStar);
    expect(m[1]!.muStarHigh).toBeGreaterThanOrEqual(m[1]!.muStar);
  });

  it("shows interactions as sigma: f = x1 x2 has sigma > 0 for both, and the same ranking with Campolongo's selection", () => {
    const f = (x: Float64Array) => 4 * x[0]! * x[1]! + 0.1 * x[2]!;
    const m = effects(f, 3, 10, 50);
    expect(m[0]!.sigma).toBeGreaterThan(0);
    expect(m[1]!.sigma).toBeGreaterThan(0);
    expect(m[2]!.sigma).toBeCloseTo(0, 10);
    expect(Math.min(m[0]!.muStar, m[1]!.muStar)).toBeGreaterThan(m[2]!.muStar);
  });
});
