import { quantile } from "simple-statistics";
import { iso } from "../series/read.ts";

/** The runs' 10%, 50% and 90% quantiles at each observation, under one set of parameters. */
export interface HindcastBand {
  /** What the runs are ("fitted", "as observed", "counterfactual: ..."). */
  label: string;
  p10: number[];
  p50: number[];
  p90: number[];
}

/** One observed series against the simulated bands, at its observation dates. */
export interface HindcastSeries {
  /** The simulated column (`steps.arrow`). */
  column: string;
  /** The observed series' file and unit. */
  file: string;
  unit: string;
  /** `point`: a value at a time; `total`: a total over the period from `time` to the next. */
  aggregate: "point" | "total";
  /** ISO dates of the observations (a period's start for totals). */
  times: string[];
  observed: number[];
  /** False for observations after the fit's `until` (the backtest). */
  fitted: boolean[];
  bands: HindcastBand[];
}

/**
 * `hindcast.json`, written by `tokensim fit` and `tokensim counterfactual`: the
 * observed series against the simulated bands (what `tokensim plot` draws).
 */
export interface Hindcast {
  kind: "hindcast";
  scenario: string;
  /** The date of step 0. */
  start: string;
  /** The end of the fitted window, when there is a backtest. */
  until?: string;
  /** Runs behind each band. */
  runs: number;
  series: HindcastSeries[];
}

/**
 * The 10/50/90% quantiles over runs of each observation's simulated value
 * (`runs[r][i]`: run r at observation i).
 */
export function bandOf(label: string, runs: readonly ArrayLike<number>[]): HindcastBand {
  const n = runs[0]?.length ?? 0;
  const band: HindcastBand = { label, p10: [], p50: [], p90: [] };
  for (let i = 0; i < n; i++) {
    const xs = runs.map((r) => r[i]!);
    band.p10.push(quantile(xs, 0.1));
    band.p50.push(quantile(xs, 0.5));
    band.p90.push(quantile(xs, 0.9));
  }
  return band;
}

/** ISO dates of observation times (ms). */
export const isoTimes = (times: ArrayLike<number>): string[] => Array.from(times, (t) => iso(t));
