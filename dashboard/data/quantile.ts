import { quantileSorted } from "simple-statistics";

/** The fan-band quantiles, in percent: p5–p95, p25–p75 and the median. */
export const FAN_QUANTILES = [5, 25, 50, 75, 95] as const;

/**
 * Linear-interpolation quantile (R type 7) of an ascending array, by
 * simple-statistics' `quantileSorted` as everywhere else; NaN when empty.
 */
export function quantileOfSorted(sorted: ArrayLike<number>, q: number): number {
  if (sorted.length === 0) return Number.NaN;
  return quantileSorted(sorted as number[], q);
}
