import type { Hindcast, HindcastSeries } from "../../engine/fit/hindcast.ts";

/** One band's row at one observation date: the runs' 10%, 50% and 90% quantiles. */
interface HindcastBandRow {
  date: Date;
  band: string;
  p10: number;
  p50: number;
  p90: number;
}

/** One observation: fitted, or after the fit's window (the backtest). */
interface HindcastPoint {
  date: Date;
  value: number;
  fitted: boolean;
}

/** What a hindcast chart draws for one observed series. */
export interface HindcastView {
  /** Chart id (`hindcast-<column>`) and title. */
  id: string;
  title: string;
  /** Unit, what the observations are, and how many runs each band has. */
  subtitle: string;
  bands: HindcastBandRow[];
  /** The band labels, in drawing order. */
  labels: string[];
  points: HindcastPoint[];
  /** The end of the fitted window, when there is a backtest. */
  until?: Date;
  /** True when every value is positive and they span more than a factor of 20: draw a log axis. */
  log: boolean;
}

/** An ISO date (midnight UTC) or date-time (UTC without a zone). */
const toDate = (t: string): Date =>
  new Date(t.length === 10 ? `${t}T00:00:00Z` : /Z|[+-]\d\d:\d\d$/.test(t) ? t : `${t}Z`);

const fail = (path: string, why: string): never => {
  throw new Error(`${path}: not a hindcast (${why})`);
};

/**
 * Checks that `h` (parsed from `path`) is a hindcast: the kind, and arrays of
 * matching lengths; otherwise an error naming the file.
 */
export function checkHindcast(h: Hindcast, path: string): Hindcast {
  if (h?.kind !== "hindcast") fail(path, "kind is not 'hindcast'");
  if (!Array.isArray(h.series)) fail(path, "no series");
  for (const s of h.series) {
    const n = s.times?.length;
    if (!n || s.observed?.length !== n || s.fitted?.length !== n)
      fail(path, `${s.column}: times, observed and fitted differ in length`);
    for (const b of s.bands ?? [])
      if (b.p10.length !== n || b.p50.length !== n || b.p90.length !== n)
        fail(path, `${s.column}, band '${b.label}': ${b.p50.length} values for ${n} dates`);
  }
  return h;
}

/** A fit's or counterfactual's folder as the dashboard's study page draws it. */
export interface HindcastStudyView {
  kind: "hindcast";
  /** A counterfactual's folder (counterfactual.json), rather than a fit's. */
  counterfactual: boolean;
  hindcast: Hindcast;
}

/** The chart's rows of one series: a row per band and date, a point per observation. */
export function hindcastView(h: Hindcast, s: HindcastSeries): HindcastView {
  const dates = s.times.map(toDate);
  const bands = s.bands.flatMap((b) =>
    dates.map((date, i) => ({
      date,
      band: b.label,
      p10: b.p10[i]!,
      p50: b.p50[i]!,
      p90: b.p90[i]!,
    })),
  );
  const points = dates.map((date, i) => ({ date, value: s.observed[i]!, fitted: s.fitted[i]! }));
  const values = [...s.observed, ...s.bands.flatMap((b) => [...b.p10, ...b.p90])].filter(
    Number.isFinite,
  );
  const lo = Math.min(...values);
  const hi = Math.max(...values);
  const backtest = s.fitted.some((f) => !f);
  return {
    id: `hindcast-${s.column}`,
    title: `${s.column} against ${s.file.replace(/^.*[/\\]/, "")}`,
    subtitle: `${s.unit}${s.aggregate === "total" ? " (totals per period)" : ""} · observed (dots${backtest ? "; hollow: after the fitted window" : ""}) and median, 10-90% of ${h.runs} runs`,
    bands,
    labels: s.bands.map((b) => b.label),
    points,
    ...(h.until !== undefined && { until: toDate(h.until) }),
    log: lo > 0 && hi / lo > 20,
  };
}
