import { ScenarioError } from "../errors.ts";
import { periodEnds } from "../series/periodTotals.ts";
import type { Series } from "../series/read.ts";

const HOUR = 3_600_000;
const YEAR_HOURS = 8760;

/**
 * How a series is compared: in logs (prices, counts: relative errors), in
 * levels, or as an index, the log of each value over the first fitted one (the
 * shape of the path, not its level: for a model network smaller than the one
 * observed).
 */
export type Transform = "log" | "level" | "index";

/** The moments matched for each target, in this order. */
export const MOMENT_NAMES = ["mean", "trendPerYear", "volatility"] as const;

/**
 * The observations of a series that fall inside a run, and how a run's column
 * is read at each: observation i is Σ weights[j]·column[stepIdx[j]] over
 * j in [offsets[i], offsets[i+1]). A point observation (a price, a count) reads
 * the step its time falls in (weight 1); a period total (HNT minted in a month)
 * sums the steps its period covers, each weighted by its overlap with the
 * period (see `spreadTotals`, its inverse). `years` is the observation's time
 * (a period's midpoint) in years from step 0.
 */
export interface Sampling {
  offsets: Int32Array;
  stepIdx: Int32Array;
  weights: Float64Array;
  years: Float64Array;
  /** The observation's time (a period's start), ms since the epoch. */
  times: Float64Array;
  observed: Float64Array;
}

/** A point observation, or a total over the period up to the next observation. */
export type Aggregate = "point" | "total";

/**
 * Every observation inside the run, with `ends`: a point's time, or the end of
 * a total's period. Point observations before step 0 or after the last step
 * are left out; so are periods that the run does not cover whole.
 */
export function sampleAll(
  s: Series,
  startMs: number,
  stepHours: number,
  steps: number,
  aggregate: Aggregate,
): Sampling & { ends: Float64Array } {
  const stepMs = stepHours * HOUR;
  const endMs = startMs + steps * stepMs;
  const ends = aggregate === "total" ? periodEnds(s.times) : s.times;
  const offsets = [0];
  const stepIdx: number[] = [];
  const weights: number[] = [];
  const idx: number[] = [];
  const years: number[] = [];
  for (let i = 0; i < s.times.length; i++) {
    const t = s.times[i]!;
    if (aggregate === "point") {
      const k = Math.floor((t - startMs) / stepMs);
      if (k < 0 || k >= steps) continue;
      stepIdx.push(k);
      weights.push(1);
      years.push((t - startMs) / HOUR / YEAR_HOURS);
    } else {
      const b = ends[i]!;
      if (t < startMs || !(b <= endMs)) continue;
      for (let k = Math.floor((t - startMs) / stepMs); k < Math.ceil((b - startMs) / stepMs); k++) {
        const lo = Math.max(t, startMs + k * stepMs);
        const hi = Math.min(b, startMs + (k + 1) * stepMs);
        if (hi <= lo) continue;
        stepIdx.push(k);
        weights.push((hi - lo) / stepMs);
      }
      years.push(((t + b) / 2 - startMs) / HOUR / YEAR_HOURS);
    }
    idx.push(i);
    offsets.push(stepIdx.length);
  }
  return {
    offsets: Int32Array.from(offsets),
    stepIdx: Int32Array.from(stepIdx),
    weights: Float64Array.from(weights),
    years: Float64Array.from(years),
    times: Float64Array.from(idx, (i) => s.times[i]!),
    observed: Float64Array.from(idx, (i) => s.values[i]!),
    ends: Float64Array.from(idx, (i) => ends[i]!),
  };
}

/** The observations `keep` (indices, increasing) of a sampling. */
export function subset(s: Sampling, keep: readonly number[]): Sampling {
  const offsets = [0];
  const stepIdx: number[] = [];
  const weights: number[] = [];
  for (const i of keep) {
    for (let j = s.offsets[i]!; j < s.offsets[i + 1]!; j++) {
      stepIdx.push(s.stepIdx[j]!);
      weights.push(s.weights[j]!);
    }
    offsets.push(stepIdx.length);
  }
  return {
    offsets: Int32Array.from(offsets),
    stepIdx: Int32Array.from(stepIdx),
    weights: Float64Array.from(weights),
    years: Float64Array.from(keep, (i) => s.years[i]!),
    times: Float64Array.from(keep, (i) => s.times[i]!),
    observed: Float64Array.from(keep, (i) => s.observed[i]!),
  };
}

/** A run's column read at each observation of a sampling. */
export function readAt(column: (k: number) => number, s: Sampling): Float64Array {
  const out = new Float64Array(s.observed.length);
  for (let i = 0; i < out.length; i++) {
    let v = 0;
    for (let j = s.offsets[i]!; j < s.offsets[i + 1]!; j++)
      v += s.weights[j]! * column(s.stepIdx[j]!);
    out[i] = v;
  }
  return out;
}

/**
 * The moments of a path sampled at `years`: its mean, its least-squares trend
 * (per year) and the standard deviation of its successive differences (its
 * volatility at the sampling interval), after the transform (`index`: the log
 * over the first value's log). A non-positive value under `log` or `index` is
 * an error naming what it was.
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
    if (transform !== "level" && !(v > 0))
      throw new ScenarioError(
        `${what}: value ${v} at sample ${i} cannot be compared in logs (use :level)`,
      );
    y[i] = transform === "level" ? v : Math.log(v);
  }
  if (transform === "index") {
    const y0 = y[0]!;
    for (let i = 0; i < n; i++) y[i]! -= y0;
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

/**
 * Under the `index` transform, each path over its own first value (runs and
 * observations alike), so that bands and errors compare shapes; else as is.
 */
export function indexed(
  transform: Transform,
  runs: readonly ArrayLike<number>[],
  observed: ArrayLike<number>,
): { runs: Float64Array[]; observed: Float64Array } {
  const scale = (v: ArrayLike<number>) => {
    const out = Float64Array.from(v);
    if (transform === "index") for (let i = 0; i < out.length; i++) out[i]! /= v[0]!;
    return out;
  };
  return { runs: runs.map(scale), observed: scale(observed) };
}
