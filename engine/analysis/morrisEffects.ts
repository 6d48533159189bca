import { mean, sampleStandardDeviation } from "simple-statistics";
import type { Trajectory } from "../design/morris.ts";
import type { Rng } from "../rng/source.ts";
import { type BootstrapOptions, bootstrapIntervals } from "./bootstrap.ts";

/** One parameter's Morris statistics over the trajectories. */
export interface MorrisEffect {
  parameter: string;
  /** Mean elementary effect (signed; effects of opposite sign cancel). */
  mu: number;
  /** Mean absolute elementary effect (Campolongo et al. 2007): the importance measure. */
  muStar: number;
  muStarLow: number;
  muStarHigh: number;
  /** Sample standard deviation (n - 1) of the effects: non-linearity or interactions. */
  sigma: number;
}

/**
 * Morris statistics of one output: along each trajectory, the elementary effect
 * of the factor changed at step k is (y_{k+1} - y_k) / (±delta), delta in the
 * unit scale of the design (log scale for log ranges, level index for
 * categorical ones); mu, mu* and sigma are taken over the r trajectories, and
 * mu* gets a percentile bootstrap interval over resampled trajectories.
 * `y` holds the outputs in design order: trajectory t's points at t (d + 1) + k.
 */
export function morrisEffects(
  y: ArrayLike<number>,
  keys: readonly string[],
  trajectories: readonly Trajectory[],
  delta: number,
  boot: BootstrapOptions,
  rng: Rng,
): MorrisEffect[] {
  const d = keys.length;
  const ee = keys.map(() => new Float64Array(trajectories.length));
  trajectories.forEach((t, r) => {
    const at = r * (d + 1);
    t.order.forEach((f, k) => {
      ee[f]![r] = (y[at + k + 1]! - y[at + k]!) / (t.sign[k]! * delta);
    });
  });
  const absMean = (e: Float64Array, rows: ArrayLike<number>) => {
    let s = 0;
    for (let k = 0; k < rows.length; k++) s += Math.abs(e[rows[k]!]!);
    return s / rows.length;
  };
  const ci = bootstrapIntervals(
    trajectories.length,
    (rows) => ee.map((e) => absMean(e, rows)),
    boot,
    rng,
  );
  return keys.map((parameter, i) => {
    const e = [...ee[i]!];
    return {
      parameter,
      mu: mean(e),
      muStar: mean(e.map(Math.abs)),
      muStarLow: ci[i]![0],
      muStarHigh: ci[i]![1],
      sigma: e.length > 1 ? sampleStandardDeviation(e) : Number.NaN,
    };
  });
}
