import { quantileSorted } from "simple-statistics";

/**
 * Quantiles of `values` (linear interpolation, as simple-statistics'
 * `quantileSorted`); 0 for each when there are no values. Sorts a copy.
 */
export function quantiles(values: Float64Array, qs: readonly number[]): number[] {
  if (values.length === 0) return qs.map(() => 0);
  const sorted = Array.from(values).sort((a, b) => a - b);
  return qs.map((q) => quantileSorted(sorted, q));
}
