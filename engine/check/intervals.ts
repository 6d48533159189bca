import { quantileSorted } from "simple-statistics";
import type { Rng } from "../rng/source.ts";

/** A two-sided confidence interval. */
export interface Interval {
  lower: number;
  upper: number;
}

/** Standard normal quantile (Acklam's rational approximation, |error| < 1.2e-9). */
export function normalQuantile(p: number): number {
  if (p <= 0) return Number.NEGATIVE_INFINITY;
  if (p >= 1) return Number.POSITIVE_INFINITY;
  const a = [
    -39.69683028665376, 220.9460984245205, -275.9285104469687, 138.357751867269, -30.66479806614716,
    2.506628277459239,
  ];
  const b = [
    -54.47609879822406, 161.5858368580409, -155.6989798598866, 66.80131188771972,
    -13.28068155288572,
  ];
  const c = [
    -0.007784894002430293, -0.3223964580411365, -2.400758277161838, -2.549732539343734,
    4.374664141464968, 2.938163982698783,
  ];
  const d = [0.007784695709041462, 0.3224671290700398, 2.445134137142996, 3.754408661907416];
  const lo = 0.02425;
  if (p < lo) {
    const q = Math.sqrt(-2 * Math.log(p));
    return (
      (((((c[0]! * q + c[1]!) * q + c[2]!) * q + c[3]!) * q + c[4]!) * q + c[5]!) /
      ((((d[0]! * q + d[1]!) * q + d[2]!) * q + d[3]!) * q + 1)
    );
  }
  if (p > 1 - lo) return -normalQuantile(1 - p);
  const q = p - 0.5;
  const r = q * q;
  return (
    ((((((a[0]! * r + a[1]!) * r + a[2]!) * r + a[3]!) * r + a[4]!) * r + a[5]!) * q) /
    (((((b[0]! * r + b[1]!) * r + b[2]!) * r + b[3]!) * r + b[4]!) * r + 1)
  );
}

/** Wilson score interval for a binomial proportion: `k` successes in `n` trials. */
export function wilsonInterval(k: number, n: number, confidence: number): Interval {
  if (n === 0) return { lower: 0, upper: 1 };
  const z = normalQuantile(1 - (1 - confidence) / 2);
  const p = k / n;
  const denom = 1 + (z * z) / n;
  const centre = (p + (z * z) / (2 * n)) / denom;
  const half = (z / denom) * Math.sqrt((p * (1 - p)) / n + (z * z) / (4 * n * n));
  return { lower: Math.max(0, centre - half), upper: Math.min(1, centre + half) };
}

/** P(X ≤ k) for X ~ Binomial(n, p), summed in log space. */
export function binomialCdf(k: number, n: number, p: number): number {
  if (k < 0) return 0;
  if (k >= n) return 1;
  if (p <= 0) return 1;
  if (p >= 1) return 0;
  let logTerm = n * Math.log(1 - p); // P(X = 0)
  let sum = Math.exp(logTerm);
  for (let i = 1; i <= k; i++) {
    logTerm += Math.log((n - i + 1) / i) + Math.log(p / (1 - p));
    sum += Math.exp(logTerm);
  }
  return Math.min(1, sum);
}

function bisect(f: (x: number) => number, lo: number, hi: number): number {
  for (let i = 0; i < 80; i++) {
    const mid = (lo + hi) / 2;
    if (f(mid) > 0) lo = mid;
    else hi = mid;
  }
  return (lo + hi) / 2;
}

/**
 * Clopper-Pearson ("exact") interval for a binomial proportion: the bounds p at
 * which P(X ≥ k) and P(X ≤ k) equal (1 − confidence)/2, found by bisection.
 */
export function clopperPearsonInterval(k: number, n: number, confidence: number): Interval {
  if (n === 0) return { lower: 0, upper: 1 };
  const alpha = 1 - confidence;
  const lower = k === 0 ? 0 : bisect((p) => alpha / 2 - (1 - binomialCdf(k - 1, n, p)), 0, 1);
  const upper = k === n ? 1 : bisect((p) => binomialCdf(k, n, p) - alpha / 2, 0, 1);
  return { lower, upper };
}

/**
 * Percentile bootstrap interval of a statistic: `resamples` resamples of
 * `values` with replacement, drawn from `rng` (so the interval is reproducible).
 */
export function bootstrapInterval(
  values: readonly number[],
  statistic: (sorted: number[]) => number,
  confidence: number,
  rng: Rng,
  resamples = 2000,
): Interval {
  const n = values.length;
  if (n === 0) return { lower: Number.NaN, upper: Number.NaN };
  const stats = new Float64Array(resamples);
  const sample = new Float64Array(n);
  for (let b = 0; b < resamples; b++) {
    for (let i = 0; i < n; i++) sample[i] = values[Math.floor(rng.next() * n)]!;
    sample.sort();
    stats[b] = statistic(sample as unknown as number[]);
  }
  stats.sort();
  const tail = (1 - confidence) / 2;
  return {
    lower: quantileSorted(stats as unknown as number[], tail),
    upper: quantileSorted(stats as unknown as number[], 1 - tail),
  };
}

/** Asymptotic Kolmogorov distribution tail: P(K > x). */
function kolmogorovTail(x: number): number {
  if (x <= 0) return 1;
  let sum = 0;
  for (let k = 1; k <= 100; k++) {
    const term = 2 * (-1) ** (k - 1) * Math.exp(-2 * k * k * x * x);
    sum += term;
    if (Math.abs(term) < 1e-12) break;
  }
  return Math.max(0, Math.min(1, sum));
}

/** Result of a two-sample Kolmogorov-Smirnov test. */
export interface KsResult {
  /** Largest distance between the two empirical CDFs. */
  d: number;
  /** Asymptotic p-value (with Stephens' small-sample correction). */
  pValue: number;
}

/** Two-sample Kolmogorov-Smirnov test. */
export function ksTwoSample(a: readonly number[], b: readonly number[]): KsResult {
  const x = [...a].sort((p, q) => p - q);
  const y = [...b].sort((p, q) => p - q);
  const n = x.length;
  const m = y.length;
  if (n === 0 || m === 0) return { d: 0, pValue: 1 };
  let i = 0;
  let j = 0;
  let d = 0;
  while (i < n && j < m) {
    const v = Math.min(x[i]!, y[j]!);
    while (i < n && x[i]! <= v) i++;
    while (j < m && y[j]! <= v) j++;
    d = Math.max(d, Math.abs(i / n - j / m));
  }
  const en = Math.sqrt((n * m) / (n + m));
  return { d, pValue: kolmogorovTail((en + 0.12 + 0.11 / en) * d) };
}
