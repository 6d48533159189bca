import { describe, expect, it } from "vitest";
import type { LevelResult } from "../../calibration/driver.ts";
import { LatencyHistogram } from "../../calibration/histogram.ts";
import { buildProfile, type PowerInput } from "../../calibration/profile.ts";

// Synthetic measurements with known parameters: throughput X(c) = 1000·c/(c + 8) tokens/s,
// median TTFT 20 + 0.5·c ms, p95 TTFT 40 + 2·c ms; the profile's fits must recover them.
const X_MAX = 1000;
const C_HALF = 8;
const LOADS = [1, 2, 4, 8, 16, 32, 64, 128];
const WINDOW_MS = 10_000;

function level(c: number): LevelResult {
  const x = (X_MAX * c) / (c + C_HALF);
  const ttft = new LatencyHistogram();
  // 100 samples: 50 below the median value, the median, 44 between, the p95 value and 4 above
  ttft.record(0.5 * (20 + 0.5 * c), 49);
  ttft.record(20 + 0.5 * c, 2);
  ttft.record(30 + c, 43);
  ttft.record(40 + 2 * c, 2);
  ttft.record(500, 4);
  const empty = new LatencyHistogram().toJSON();
  return {
    level: { mode: "closed", value: c },
    started: 100,
    completed: 100,
    completedInWindow: 100,
    outputTokensInWindow: (x * WINDOW_MS) / 1000,
    windowMs: WINDOW_MS,
    errors: {},
    retries: {},
    cancelledAtEnd: 0,
    dropped: 0,
    ttft: ttft.toJSON(),
    itl: empty,
    e2e: empty,
    interrupted: false,
  };
}

function profile(power: PowerInput) {
  return buildProfile({
    results: LOADS.map(level),
    target: { kind: "http", url: "http://x", timeScale: 1 },
    hardwareClass: "gpu",
    model: "m",
    workload: { name: "w", path: "w.json" },
    settings: {
      mode: "closed",
      levels: LOADS,
      durationMs: WINDOW_MS,
      warmupMs: 0,
      workers: 1,
      seed: "s",
    },
    power,
    toolVersion: "0",
    partial: false,
  });
}

describe("profile fits on synthetic measurements", () => {
  it("recover the saturation curve and the latency quantiles against load", () => {
    const p = profile({ tdpW: 400, idleFraction: 0.25 });
    const sat = p.fits.throughputTokensPerSec;
    expect(sat.xMax!).toBeCloseTo(X_MAX, 3);
    expect(sat.cHalf!).toBeCloseTo(C_HALF, 4);
    expect(sat.r2!).toBeCloseTo(1, 9);
    // quantiles come from 1%-precision histogram buckets
    expect(p.fits.ttftP50Ms.slope!).toBeCloseTo(0.5, 2);
    expect(p.fits.ttftP50Ms.intercept!).toBeCloseTo(20, 0);
    expect(Math.abs(p.fits.ttftP95Ms.slope! / 2 - 1)).toBeLessThan(0.01);
    expect(Math.abs(p.fits.ttftP95Ms.intercept! / 40 - 1)).toBeLessThan(0.02);
    const h = p.hardware.gpu!;
    expect(h.saturated).toBe(true);
    expect(h.throughputTokensPerSec!).toBeCloseTo(X_MAX, 3);
    // moderate load is c_half; the median TTFT there is 20 + 0.5·8 = 24 ms
    expect(h.moderateLoad!).toBeCloseTo(C_HALF, 4);
    expect(Math.abs(h.serviceTtftMs! / 24 - 1)).toBeLessThan(0.01);
  });

  it("energy per token from TDP × utilisation", () => {
    const p = profile({ tdpW: 400, idleFraction: 0.25 });
    for (const pt of p.points) {
      const u = pt.outputTokensPerSec / X_MAX;
      expect(pt.utilisation!).toBeCloseTo(u, 6);
      expect(pt.powerW!).toBeCloseTo(400 * (0.25 + 0.75 * u), 6);
      expect(pt.energyJPerToken!).toBeCloseTo(pt.powerW! / pt.outputTokensPerSec, 9);
    }
    const h = p.hardware.gpu!;
    expect(h).toMatchObject({ powerSource: "tdp-model", powerW: 400, idleW: 100, tdpW: 400 });
    expect(h.energyJPerToken!).toBeCloseTo(400 / X_MAX, 6);
  });

  it("energy per token from measured power, where the user supplies it", () => {
    const p = profile({ measuredW: 310, tdpW: 400 });
    expect(p.points.every((pt) => pt.powerW === 310)).toBe(true);
    expect(p.points[0]!.energyJPerToken!).toBeCloseTo(310 / p.points[0]!.outputTokensPerSec, 9);
    const h = p.hardware.gpu!;
    expect(h).toMatchObject({ powerSource: "measured", powerW: 310 });
    expect(h.energyJPerToken!).toBeCloseTo(310 / X_MAX, 6);
    expect(profile({}).hardware.gpu).toMatchObject({
      powerSource: "none",
      powerW: null,
      energyJPerToken: null,
    });
  });
});
