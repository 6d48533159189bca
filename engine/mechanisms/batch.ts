import type { NetworkParams } from "../params/network.ts";

/** Results of {@link serveBatch} (reference GPU-hours). */
export interface BatchResult {
  served: number;
  /** Work whose deadline passed unserved this step (dropped). */
  missed: number;
}

/**
 * Serves queued training/batch work on the capacity inference left free, then
 * ages the queue. Batch jobs are not latency-bound, so any region will do, but
 * only classes with `vramGb ≥ batch.minVramGb` qualify: region r offers
 * `eligibleCap_r · (1 − util_r) · stepHours` GPU-hours. Oldest work goes first;
 * each region's share of the work served is proportional to what it offered,
 * and its utilisation rises by `served_r / (cap_r · stepHours)` (booked
 * region-wide, like inference: the lazy accrual spreads a region's work over
 * its active providers). Work still queued at age `deadlineSteps − 1` misses its
 * deadline. Mutates `queue`, `util`; writes into `out`.
 */
export function serveBatch(
  queue: Float64Array,
  eligibleCap: Float64Array,
  capacity: Float64Array,
  util: Float64Array,
  stepHours: number,
  offered: Float64Array,
  out: BatchResult,
): void {
  const R = capacity.length;
  let free = 0;
  for (let r = 0; r < R; r++) {
    const o = eligibleCap[r]! * (1 - util[r]!) * stepHours;
    offered[r] = Math.max(0, o);
    free += offered[r]!;
  }
  let served = 0;
  for (let age = queue.length - 1; age >= 0 && served < free; age--) {
    const take = Math.min(queue[age]!, free - served);
    queue[age]! -= take;
    served += take;
  }
  if (served > 0) {
    for (let r = 0; r < R; r++) {
      const cap = capacity[r]! * stepHours;
      if (cap > 0) util[r] = Math.min(1, util[r]! + (served * offered[r]!) / free / cap);
    }
  }
  const T = queue.length;
  out.missed = queue[T - 1]!;
  for (let age = T - 1; age > 0; age--) queue[age] = queue[age - 1]!;
  queue[0] = 0;
  out.served = served;
}

/**
 * The batch mechanism's state in `World` (`w.batch`, with `batch.enabled`): the
 * batch queue and the cumulative work the batch-conservation invariant checks.
 */
export class BatchState {
  /** Batch work queued by age in steps (reference GPU-hours), `[age]`, `batch.deadlineSteps` long. */
  readonly queue: Float64Array;
  /** Batch work arrived since the run started (reference GPU-hours). */
  cumArrived = 0;
  /** Batch work served since the run started (reference GPU-hours). */
  cumServed = 0;
  /** Batch work that missed its deadline since the run started (reference GPU-hours). */
  cumMissed = 0;

  constructor(p: NetworkParams) {
    this.queue = new Float64Array(p.batch.deadlineSteps);
  }

  /** Batch work waiting (reference GPU-hours). */
  get queued(): number {
    let n = 0;
    for (let i = 0; i < this.queue.length; i++) n += this.queue[i]!;
    return n;
  }
}
