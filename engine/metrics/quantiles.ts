import { quantileSorted } from "simple-statistics";

/**
 * Quantiles of `values` (linear interpolation, as simple-statistics'
 * `quantileSorted`); 0 for each when there are no values. Sorts a copy.
 */
export function quantiles(values: Float64Array, qs: readonly number[]): number[] {
  if (values.length === 0) return qs.map(() => 0);
  // Typed-array sort is numeric and far faster than sorting a boxed array.
  const sorted = Float64Array.from(values).sort() as unknown as number[];
  return qs.map((q) => quantileSorted(sorted, q));
}
