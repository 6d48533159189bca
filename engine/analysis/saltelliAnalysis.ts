import type { Rng } from "../rng/source.ts";
import { type BootstrapOptions, bootstrapIntervals } from "./bootstrap.ts";
import { type Convergence, convergence, MAX_WIDTH } from "./convergence.ts";
import { sobolEstimates, splitSaltelli } from "./sobolIndices.ts";

/** One parameter's Sobol indices with their bootstrap intervals. */
export interface SobolIndex {
  parameter: string;
  S1: number;
  S1Low: number;
  S1High: number;
  ST: number;
  STLow: number;
  STHigh: number;
}

/** The Sobol analysis of one output. */
export interface SobolResult {
  /** The variance of the output over A and B (0: constant, no indices). */
  variance: number;
  indices: SobolIndex[];
  /** Absent for a constant output. */
  convergence?: Convergence;
}

/**
 * Sobol indices of one output of a Saltelli design of `keys.length` parameters
 * and `n` base rows, with percentile bootstrap intervals over resampled base
 * rows and the convergence check ({@link convergence}).
 */
export function saltelliAnalysis(
  y: ArrayLike<number>,
  keys: readonly string[],
  n: number,
  boot: BootstrapOptions,
  rng: Rng,
  maxWidth = MAX_WIDTH,
): SobolResult {
  const out = splitSaltelli(y, keys.length, n);
  const est = sobolEstimates(out);
  if (!(est.variance > 0))
    return {
      variance: est.variance,
      indices: keys.map((parameter) => ({
        parameter,
        ...{ S1: Number.NaN, S1Low: Number.NaN, S1High: Number.NaN },
        ...{ ST: Number.NaN, STLow: Number.NaN, STHigh: Number.NaN },
      })),
    };
  const d = keys.length;
  const ci = bootstrapIntervals(
    n,
    (rows) => {
      const e = sobolEstimates(out, rows);
      return [...e.S1, ...e.ST];
    },
    boot,
    rng,
  );
  const S1ci = ci.slice(0, d);
  const STci = ci.slice(d);
  const half = sobolEstimates(
    out,
    Int32Array.from({ length: Math.floor(n / 2) }, (_, k) => k),
  );
  return {
    variance: est.variance,
    indices: keys.map((parameter, i) => ({
      parameter,
      S1: est.S1[i]!,
      S1Low: S1ci[i]![0],
      S1High: S1ci[i]![1],
      ST: est.ST[i]!,
      STLow: STci[i]![0],
      STHigh: STci[i]![1],
    })),
    convergence: convergence(n, keys, est, half, { S1: S1ci, ST: STci }, maxWidth),
  };
}
