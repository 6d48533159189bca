import { quantileSorted } from "simple-statistics";
import type { Rng } from "../rng/source.ts";

/** Bootstrap options: resamples and the confidence level of the intervals. */
export interface BootstrapOptions {
  resamples: number;
  /** e.g. 0.95 for a 95% interval. */
  confidence: number;
}

/** `n` indices drawn uniformly with replacement from 0..n-1. */
function resample(n: number, rng: Rng): Int32Array {
  const rows = new Int32Array(n);
  for (let k = 0; k < n; k++) rows[k] = Math.floor(rng.next() * n);
  return rows;
}

/**
 * Percentile bootstrap intervals (Efron and Tibshirani 1993, ch. 13) of a vector
 * of statistics: `estimate(rows)` computes them on a resample of the n units
 * (base rows, trajectories); the interval of each is the (1 - c)/2 and
 * (1 + c)/2 quantiles of its resampled values (R type 7), NaN values left out.
 */
export function bootstrapIntervals(
  n: number,
  estimate: (rows: Int32Array) => number[],
  opts: BootstrapOptions,
  rng: Rng,
): [number, number][] {
  const draws: number[][] = [];
  for (let b = 0; b < opts.resamples; b++) {
    const values = estimate(resample(n, rng));
    for (const [i, v] of values.entries()) {
      if (draws[i] === undefined) draws[i] = [];
      draws[i].push(v);
    }
  }
  const lo = (1 - opts.confidence) / 2;
  return draws.map((vs) => {
    const sorted = vs.filter((v) => !Number.isNaN(v)).sort((a, b) => a - b);
    if (sorted.length === 0) return [Number.NaN, Number.NaN];
    return [quantileSorted(sorted, lo), quantileSorted(sorted, 1 - lo)];
  });
}
