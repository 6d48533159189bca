import { mean } from "simple-statistics";
import { describe, expect, it } from "vitest";
import { burstStep, demandArrivals, diurnalFactor } from "../../engine/mechanisms/demand.ts";
import { createRng } from "../../engine/rng/source.ts";
import { smallBaseline } from "./helpers.ts";

describe("demand", () => {
  it("has a diurnal factor that averages 1 over a day and peaks at the local peak hour", () => {
    const day = Array.from({ length: 24 }, (_, h) => diurnalFactor(0.3, 15, h, -5));
    expect(mean(day)).toBeCloseTo(1, 10);
    expect(day.indexOf(Math.max(...day))).toBe(20); // 15:00 local at UTC-5 is 20:00 UTC
    expect(Math.max(...day)).toBeCloseTo(1.3, 10);
  });

  it("enters bursts at the configured rate with the configured mean length", async () => {
    const { params } = await smallBaseline([
      "demand.burstProbability=0.01",
      "demand.burstMeanSteps=8",
    ]);
    const rng = createRng("bursts");
    let left = 0;
    let inBurst = 0;
    let starts = 0;
    const steps = 200_000;
    for (let t = 0; t < steps; t++) {
      const wasCalm = left === 0;
      const b = burstStep(params.demand, left, rng);
      if (b.multiplier > 1) {
        inBurst++;
        if (wasCalm) starts++;
      }
      left = b.stepsLeft;
    }
    // Share of time in bursts: p·L / (1 + p·L) with p the start rate per calm step.
    const expected = (0.01 * 8) / (1 + 0.01 * 8);
    expect(inBurst / steps).toBeGreaterThan(expected * 0.9);
    expect(inBurst / steps).toBeLessThan(expected * 1.1);
    expect(inBurst / starts).toBeGreaterThan(7.2);
    expect(inBurst / starts).toBeLessThan(8.8);
  });

  it("draws Poisson arrivals whose mean follows base demand, region share and the cycle", async () => {
    const { params } = await smallBaseline();
    const regions = Object.keys(params.regions);
    const shareSum = regions.reduce((a, r) => a + params.regions[r]!.demandShare, 0);
    const rng = createRng("arrivals");
    const out = new Float64Array(regions.length);
    const totals = new Float64Array(regions.length);
    const days = 200;
    for (let t = 0; t < 24 * days; t++) {
      demandArrivals(params, regions, shareSum, t % 24, 1, rng, out);
      for (let r = 0; r < regions.length; r++) totals[r]! += out[r]!;
    }
    const jobsPerHour = params.demand.baseGpuHoursPerHour / params.demand.jobGpuHours;
    regions.forEach((r, k) => {
      const expected = (jobsPerHour * params.regions[r]!.demandShare) / shareSum;
      expect(totals[k]! / (24 * days)).toBeGreaterThan(expected * 0.98);
      expect(totals[k]! / (24 * days)).toBeLessThan(expected * 1.02);
    });
  });
});
