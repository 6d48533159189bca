/** The fan-band quantiles, in percent: p5–p95, p25–p75 and the median. */
export const FAN_QUANTILES = [5, 25, 50, 75, 95] as const;

/** Linear-interpolation quantile (R type 7) of an ascending array; NaN when empty. */
export function quantileOfSorted(sorted: ArrayLike<number>, q: number): number {
  const n = sorted.length;
  if (n === 0) return Number.NaN;
  const h = (n - 1) * q;
  const lo = Math.floor(h);
  const hi = Math.min(n - 1, lo + 1);
  const a = sorted[lo]!;
  return a + (h - lo) * (sorted[hi]! - a);
}
