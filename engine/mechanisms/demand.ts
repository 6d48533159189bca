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
  regionFactor?: Float64Array,
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
    out[c] = poisson(rng, regionFactor ? mean * regionFactor[c]! : mean);
  }
}

/**
 * Advances the self-exciting (Hawkes) burst process by one step. Burst events
 * arrive Poisson with intensity `λ = burstProbability + hawkesBranching · (1 − e^{−1/τ}) · E`,
 * τ = `burstMeanSteps`; the activity `E` decays by `e^{−1/τ}` per step and each
 * event adds 1 to it, so each event triggers `hawkesBranching` more on average.
 * The demand multiplier is `1 + (burstMultiplier − 1) · E`: one event alone is a
 * burst of `burstMultiplier` decaying with time constant τ.
 */
export function hawkesStep(
  d: NetworkParams["demand"],
  activity: number,
  rng: Rng,
): { multiplier: number; activity: number } {
  const decay = Math.exp(-1 / d.burstMeanSteps);
  const lambda = d.burstProbability + d.hawkesBranching * (1 - decay) * activity;
  const events = poisson(rng, lambda);
  const next = activity * decay + events;
  return { multiplier: 1 + (d.burstMultiplier - 1) * next, activity: next };
}

/**
 * Slow demand factors (×): growth trend `(1 + growthPerYear)^years` times price
 * response `(usdPerGpuHour / referenceUsdPerGpuHour)^(−priceElasticity)`.
 */
export function demandTrendFactor(
  d: NetworkParams["demand"],
  years: number,
  usdPerGpuHour: number,
  referenceUsdPerGpuHour: number,
): number {
  const growth = d.growthPerYear === 0 ? 1 : (1 + d.growthPerYear) ** years;
  const price =
    d.priceElasticity === 0 || usdPerGpuHour <= 0
      ? 1
      : (usdPerGpuHour / referenceUsdPerGpuHour) ** -d.priceElasticity;
  return growth * price;
}

/**
 * Quality-driven churn: the demand multiplier q (fraction of potential clients
 * still using the network) after one step in which `badShare` of the jobs went
 * badly (dropped, SLO missed or wrong):
 * `q' = clamp(q − churnSensitivity · badShare · q + returnPerStep · (1 − q), minQuality, 1)`.
 */
export function updateQuality(d: NetworkParams["demand"], q: number, badShare: number): number {
  const next = q - d.churnSensitivity * badShare * q + d.returnPerStep * (1 - q);
  return Math.min(1, Math.max(d.minQuality, next));
}

/**
 * The demand mechanism's state in `World` (`w.demand`): the inference job queues,
 * the burst regime or Hawkes activity, the quality-churn multiplier, and the
 * cumulative job counts the job-conservation invariant checks.
 */
export class DemandState {
  /** Queued jobs by client region and age in steps, at `[c * queueTimeoutSteps + age]` (jobs). */
  readonly queue: Float64Array;
  /** Regime-switching bursts: steps left in the current burst (steps; 0 = calm). */
  burstStepsLeft = 0;
  /** Hawkes burst activity E (events, decaying; see `hawkesStep`). */
  hawkesActivity = 0;
  /** Quality-churn demand multiplier (fraction of clients still using the network). */
  quality = 1;
  /** Demand multiplier per client region from data (ratio; 1 unless `seriesInputs` sets it). */
  readonly inputFactor: Float64Array;
  /** Jobs arrived since the run started (jobs). */
  cumArrived = 0;
  /** Jobs served since the run started (jobs). */
  cumServed = 0;
  /** Jobs dropped after the queue timeout since the run started (jobs). */
  cumDropped = 0;

  constructor(p: NetworkParams) {
    const R = Object.keys(p.regions).length;
    this.queue = new Float64Array(R * p.demand.queueTimeoutSteps);
    this.inputFactor = new Float64Array(R).fill(1);
  }

  /** Jobs waiting in all queues (jobs). */
  get jobsQueued(): number {
    let n = 0;
    for (let i = 0; i < this.queue.length; i++) n += this.queue[i]!;
    return n;
  }
}
