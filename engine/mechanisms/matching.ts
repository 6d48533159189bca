import type { NetworkParams } from "../params/network.ts";

/** Inputs of {@link matchJobs}; arrays are indexed as in `World`. */
export interface MatchInput {
  nRegions: number;
  /** Queue depth in steps: a job still queued at age `timeout − 1` is dropped. */
  timeout: number;
  /** Jobs one provider region can serve this step (jobs, whole). */
  capacityJobs: Float64Array;
  latencyMs: Float64Array;
  nearest: Int32Array;
  maxLatencyMs: number;
}

/** Results of {@link matchJobs}. */
export interface MatchResult {
  served: number;
  dropped: number;
  /** Σ served × age (job-steps), for the mean queueing delay. */
  waitSteps: number;
  /** Jobs served after waiting at least one step in the queue (jobs). */
  servedLate: number;
}

/**
 * Matches queued jobs to provider capacity. Rounds go outwards by latency: in
 * round k every client region draws on its k-th nearest provider region, so
 * every region is served locally before any draws on remote capacity. Within a
 * region the oldest jobs go first. Only provider regions within `maxLatencyMs`
 * are used. Jobs still unserved at the oldest age are dropped and the queue ages
 * by one step. Writes per-flow served counts into `flows` (and, if given, the
 * jobs served at each queue age into `servedByAge`) and mutates `queue` and
 * `capacityJobs` (remaining capacity).
 */
export function matchJobs(
  m: MatchInput,
  queue: Float64Array,
  flows: Float64Array,
  servedByAge?: Float64Array,
): MatchResult {
  const R = m.nRegions;
  const T = m.timeout;
  let served = 0;
  let waitSteps = 0;
  let servedLate = 0;
  flows.fill(0);
  servedByAge?.fill(0);
  for (let k = 0; k < R; k++) {
    for (let c = 0; c < R; c++) {
      const r = m.nearest[c * R + k]!;
      if (m.latencyMs[c * R + r]! > m.maxLatencyMs) continue;
      let cap = m.capacityJobs[r]!;
      if (cap <= 0) continue;
      for (let age = T - 1; age >= 0 && cap > 0; age--) {
        const q = queue[c * T + age]!;
        if (q <= 0) continue;
        const take = Math.min(q, cap);
        queue[c * T + age] = q - take;
        cap -= take;
        served += take;
        waitSteps += take * age;
        if (age > 0) servedLate += take;
        if (servedByAge) servedByAge[age]! += take;
        flows[c * R + r]! += take;
      }
      m.capacityJobs[r] = cap;
    }
  }
  let dropped = 0;
  for (let c = 0; c < R; c++) {
    const base = c * T;
    dropped += queue[base + T - 1]!;
    for (let age = T - 1; age > 0; age--) queue[base + age] = queue[base + age - 1]!;
    queue[base] = 0;
  }
  return { served, dropped, waitSteps, servedLate };
}

/**
 * Weighted quantile of served-job latencies: flow (c, r) carries `flows[c·R+r]` jobs
 * at `latencyMs[c·R+r] + serviceMs[r]` ms. `scratch` needs room for R² pairs.
 */
export function flowLatencyQuantile(
  flows: Float64Array,
  latencyMs: Float64Array,
  serviceMs: Float64Array,
  nRegions: number,
  q: number,
  scratch: { value: Float64Array; weight: Float64Array; order: Int32Array },
): number {
  const R = nRegions;
  let n = 0;
  let total = 0;
  for (let i = 0; i < R * R; i++) {
    const w = flows[i]!;
    if (w <= 0) continue;
    scratch.value[n] = latencyMs[i]! + serviceMs[i % R]!;
    scratch.weight[n] = w;
    scratch.order[n] = n;
    total += w;
    n++;
  }
  if (n === 0) return 0;
  const order = scratch.order.subarray(0, n).sort((a, b) => scratch.value[a]! - scratch.value[b]!);
  const target = q * total;
  let acc = 0;
  for (let j = 0; j < n; j++) {
    const idx = order[j]!;
    acc += scratch.weight[idx]!;
    if (acc >= target) return scratch.value[idx]!;
  }
  return scratch.value[order[n - 1]!]!;
}

/**
 * Jobs that missed the latency SLO this step: those on flows whose network +
 * service latency exceeds `sloMs`, plus those that waited in the queue (a wait of
 * a step misses any millisecond SLO). Queue waits are not tracked per flow, so
 * the late jobs are assumed spread like all served jobs:
 * `over + servedLate · (1 − over / served)` (jobs).
 */
export function sloMisses(
  flows: Float64Array,
  latencyMs: Float64Array,
  serviceMs: Float64Array,
  nRegions: number,
  sloMs: number,
  served: number,
  servedLate: number,
): number {
  if (served <= 0) return 0;
  let over = 0;
  for (let i = 0; i < nRegions * nRegions; i++) {
    const f = flows[i]!;
    if (f > 0 && latencyMs[i]! + serviceMs[i % nRegions]! > sloMs) over += f;
  }
  return over + servedLate * (1 - over / served);
}

/**
 * Quantile `q` of the latency served jobs saw, queueing included (ms): a job
 * served at queue age a waited `a · stepMs` before its flow's network + service
 * latency. Ages come from `servedByAge`; within an age the flow mix is assumed
 * to be that of all jobs served, whose latency quantile is `flowQuantile(f)`.
 */
export function latencyQuantileWithQueue(
  q: number,
  servedByAge: Float64Array,
  stepMs: number,
  flowQuantile: (f: number) => number,
): number {
  let total = 0;
  for (let a = 0; a < servedByAge.length; a++) total += servedByAge[a]!;
  if (total <= 0) return 0;
  const target = q * total;
  let acc = 0;
  for (let a = 0; a < servedByAge.length; a++) {
    const n = servedByAge[a]!;
    if (n <= 0) continue;
    if (acc + n >= target) return a * stepMs + flowQuantile(Math.min(1, (target - acc) / n));
    acc += n;
  }
  return (servedByAge.length - 1) * stepMs + flowQuantile(1);
}

/**
 * The matching mechanism's state in `World` (`w.matching`): where the step's jobs
 * were served, at what service latency, and how much of each region's capacity
 * they used. R is the number of regions.
 */
export class MatchingState {
  /** Capacity-weighted mean service latency per provider region (ms), `[r]`. */
  readonly serviceMsByRegion: Float64Array;
  /** Share of capacity used this step per provider region (fraction), `[r]`. */
  readonly utilByRegion: Float64Array;
  /** Utilisation summed over this epoch's steps per provider region (fraction × steps), `[r]`, for entry decisions. */
  readonly epochUtilSum: Float64Array;
  /** Jobs served this step from client region c by provider region r, at `[c * R + r]` (jobs). */
  readonly flows: Float64Array;

  constructor(p: NetworkParams) {
    const R = Object.keys(p.regions).length;
    this.serviceMsByRegion = new Float64Array(R);
    this.utilByRegion = new Float64Array(R);
    this.epochUtilSum = new Float64Array(R);
    this.flows = new Float64Array(R * R);
  }
}
