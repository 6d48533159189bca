import type { NetworkParams } from "../params/network.ts";
import { poisson } from "../rng/distributions.ts";
import type { Rng } from "../rng/source.ts";

/**
 * Diurnal demand factor for a region at a UTC hour: `1 + A·cos(2π(h_local − peak)/24)`.
 * Averages 1 over a day.
 */
export function diurnalFactor(
  amplitude: number,
  peakHourLocal: number,
  utcHour: number,
  utcOffset: number,
): number {
  const local = utcHour + utcOffset;
  return 1 + amplitude * Math.cos((2 * Math.PI * (local - peakHourLocal)) / 24);
}

/**
 * Advances the regime-switching burst state by one step and returns the demand
 * multiplier in force: a burst starts with probability `burstProbability` per
 * step and lasts a geometric number of steps with mean `burstMeanSteps`.
 */
export function burstStep(
  d: NetworkParams["demand"],
  stepsLeft: number,
  rng: Rng,
): { multiplier: number; stepsLeft: number } {
  if (stepsLeft > 0) return { multiplier: d.burstMultiplier, stepsLeft: stepsLeft - 1 };
  if (rng.next() < d.burstProbability) {
    // Geometric length >= 1 with mean burstMeanSteps.
    const q = 1 - 1 / d.burstMeanSteps;
    const len = q <= 0 ? 1 : 1 + Math.floor(Math.log(1 - rng.next()) / Math.log(q));
    return { multiplier: d.burstMultiplier, stepsLeft: len - 1 };
  }
  return { multiplier: 1, stepsLeft: 0 };
}

/**
 * Poisson arrivals per client region for one step. The mean for region c is
 * `base · demandShare_c · diurnal_c(t) · burst · stepHours / jobGpuHours` jobs.
 * Writes into `out` (jobs per region).
 */
export function demandArrivals(
  p: NetworkParams,
  regionNames: readonly string[],
  demandShareSum: number,
  utcHour: number,
  burst: number,
  rng: Rng,
  out: Float64Array,
): void {
  const d = p.demand;
  const jobsPerStep = (d.baseGpuHoursPerHour * p.sim.stepHours * burst) / d.jobGpuHours;
  for (let c = 0; c < regionNames.length; c++) {
    const region = p.regions[regionNames[c]!]!;
    const mean =
      (jobsPerStep *
        region.demandShare *
        diurnalFactor(d.diurnalAmplitude, d.peakHourLocal, utcHour, region.utcOffsetHours)) /
      demandShareSum;
    out[c] = poisson(rng, mean);
  }
}
