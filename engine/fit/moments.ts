import { ScenarioError } from "../errors.ts";
import type { Series } from "../series/read.ts";

const HOUR = 3_600_000;
const YEAR_HOURS = 8760;

/** How a series is compared: in logs (prices, counts: relative errors) or in levels. */
export type Transform = "log" | "level";

/** The moments matched for each target, in this order. */
export const MOMENT_NAMES = ["mean", "trendPerYear", "volatility"] as const;

/**
 * The observations of a series that fall inside a run: each one's step (the
 * step whose start is at or before it) and its time in years from step 0.
 * Observations before step 0 or after the last step are left out; fewer than
 * three inside is an error (the moments need them).
 */
export interface Sampling {
  steps: Int32Array;
  years: Float64Array;
  observed: Float64Array;
}

export function sampleRun(
  s: Series,
  startMs: number,
  stepHours: number,
  steps: number,
  untilMs = Number.POSITIVE_INFINITY,
): Sampling {
  const idx: number[] = [];
  for (let i = 0; i < s.times.length; i++) {
    const t = s.times[i]!;
    const k = Math.floor((t - startMs) / (stepHours * HOUR));
    if (k >= 0 && k < steps && t <= untilMs) idx.push(i);
  }
  if (idx.length < 3)
    throw new ScenarioError(
      `series ${s.file}: ${idx.length} observation(s) fall inside the fitted window; at least 3 are needed`,
    );
  return {
    steps: Int32Array.from(idx, (i) => Math.floor((s.times[i]! - startMs) / (stepHours * HOUR))),
    years: Float64Array.from(idx, (i) => (s.times[i]! - startMs) / HOUR / YEAR_HOURS),
    observed: Float64Array.from(idx, (i) => s.values[i]!),
  };
}

/**
 * The moments of a path sampled at `years`: its mean, its least-squares trend
 * (per year) and the standard deviation of its successive differences (its
 * volatility at the sampling interval), after the transform. A non-positive
 * value under `log` is an error naming what it was.
 */
export function moments(
  values: ArrayLike<number>,
  years: ArrayLike<number>,
  transform: Transform,
  what: string,
): [number, number, number] {
  const n = values.length;
  const y = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const v = values[i]!;
    if (transform === "log" && !(v > 0))
      throw new ScenarioError(
        `${what}: value ${v} at sample ${i} cannot be compared in logs (use :level)`,
      );
    y[i] = transform === "log" ? Math.log(v) : v;
  }
  let my = 0;
  let mt = 0;
  for (let i = 0; i < n; i++) {
    my += y[i]!;
    mt += years[i]!;
  }
  my /= n;
  mt /= n;
  let sxy = 0;
  let sxx = 0;
  for (let i = 0; i < n; i++) {
    sxy += (years[i]! - mt) * (y[i]! - my);
    sxx += (years[i]! - mt) ** 2;
  }
  let md = 0;
  for (let i = 1; i < n; i++) md += y[i]! - y[i - 1]!;
  md /= n - 1;
  let vd = 0;
  for (let i = 1; i < n; i++) vd += (y[i]! - y[i - 1]! - md) ** 2;
  return [my, sxx > 0 ? sxy / sxx : 0, Math.sqrt(vd / Math.max(1, n - 2))];
}
