import type { TickKind } from "./format.ts";

/** One line (with its bands) in a time-series chart. */
interface SeriesSpec {
  /** The per-step column it draws. */
  column: string;
  /** Its name on the chart. */
  label: string;
  /**
   * Its colour, when it must not depend on its place in the chart (compare
   * gives a series the same colour on both sides); else the palette's, in order.
   */
  color?: string;
}

/** A time-series chart of the dashboard and of `tokensim plot`. */
export interface ChartSpec {
  id: string;
  title: string;
  /** The y axis' unit. */
  unit: string;
  /** One series: a full fan (p5–p95, p25–p75, median); several: p25–p75 band and median each. */
  series: SeriesSpec[];
  /** Draw the mean across runs instead of quantiles (for 0/1 columns such as spiralActive). */
  mean?: boolean;
  /** What the y axis shows: numbers (SI prefixes for thousands and up; the default) or shares as percentages. */
  format?: TickKind;
}

const one = (
  id: string,
  title: string,
  column: string,
  unit: string,
  format?: TickKind,
): ChartSpec => ({
  id,
  title,
  unit,
  series: [{ column, label: column }],
  ...(format ? { format } : {}),
});

/**
 * The time-series charts, in page order. `active_<class>` series are added per
 * result by {@link chartsFor}.
 */
const CHARTS: readonly ChartSpec[] = [
  one("price", "Token price", "priceUsd", "USD/token"),
  {
    id: "spiral",
    title: "Runs in a death spiral",
    unit: "share of runs",
    series: [{ column: "spiralActive", label: "spiralling" }],
    mean: true,
    format: "percent",
  },
  one("supply", "Total supply", "supplyTokens", "tokens"),
  {
    id: "mint-burn",
    title: "Minted against burned (cumulative)",
    unit: "tokens",
    series: [
      { column: "cumMintedTokens", label: "minted" },
      { column: "cumBurnedTokens", label: "burned" },
    ],
  },
  {
    id: "providers-status",
    title: "Providers by status",
    unit: "providers",
    series: [
      { column: "providersActive", label: "active" },
      { column: "providersOnboarding", label: "onboarding" },
      { column: "providersExiting", label: "exiting" },
      { column: "providersJailed", label: "jailed" },
    ],
  },
  {
    id: "providers-class",
    title: "Active providers by hardware class",
    unit: "providers",
    series: [],
  },
  one("utilisation", "Utilisation", "utilisation", "fraction of capacity", "percent"),
  {
    id: "latency",
    title: "Latency quantiles of served jobs",
    unit: "ms",
    series: [
      { column: "latencyP50Ms", label: "p50" },
      { column: "latencyP95Ms", label: "p95" },
    ],
  },
  one("dropped", "Dropped jobs per step", "jobsDropped", "jobs"),
  one(
    "demand",
    "Demand quality (clients still using the network)",
    "demandQuality",
    "fraction",
    "percent",
  ),
  one("slashing", "Slashed stake per step", "slashedTokens", "tokens"),
];

/** The charts for a result whose per-step columns are `columns` (class series filled in). */
export function chartsFor(columns: readonly string[]): ChartSpec[] {
  const classes = columns.filter((c) => c.startsWith("active_"));
  return CHARTS.map((c) =>
    c.id === "providers-class"
      ? {
          ...c,
          series: classes.map((column) => ({ column, label: column.slice("active_".length) })),
        }
      : c,
  ).filter((c) => c.series.length > 0);
}

/** Every per-step column the charts need (for fan tables). */
export function chartColumns(columns: readonly string[]): string[] {
  return [...new Set(chartsFor(columns).flatMap((c) => c.series.map((s) => s.column)))];
}

/**
 * The statistics each chart draws of its columns: a one-series chart its p5–p95
 * and p25–p75 bands and median, a several-series chart p25–p75 and the median
 * of each, the mean chart its mean. The fan tables sent to the page hold these
 * only (half the bytes of every statistic of every column).
 */
export function chartStats(columns: readonly string[]): Map<string, readonly string[]> {
  const out = new Map<string, readonly string[]>();
  for (const c of chartsFor(columns)) {
    const stats = c.mean
      ? ["mean"]
      : c.series.length > 1
        ? ["p25", "p50", "p75"]
        : ["p5", "p25", "p50", "p75", "p95"];
    for (const s of c.series) out.set(s.column, stats);
  }
  return out;
}
