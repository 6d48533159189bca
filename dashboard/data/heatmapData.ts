import type { HeatCell } from "../charts/heatmap.ts";
import type { Columns } from "./arrowTable.ts";
import { heatmapTitle, PROFIT_METRIC } from "./heatmapTitle.ts";

/** Whether a column holds one value at every point (ignoring missing ones), or none at all. */
export function isConstant(values: ArrayLike<number>): boolean {
  let first: number | undefined;
  for (let i = 0; i < values.length; i++) {
    const v = Number(values[i]);
    if (!Number.isFinite(v)) continue;
    if (first === undefined) first = v;
    else if (Math.abs(v - first) > 1e-12 * Math.max(1, Math.abs(first))) return false;
  }
  return true;
}

/**
 * Metrics of the heatmap table a heatmap can show: P(death spiral) and each
 * `<metric>_p50`, leaving out those with the same value at every point of the
 * sweep (nothing to compare). P(death spiral) is always kept: "no spiral
 * anywhere" is itself the answer to the sweep's first question.
 */
export function heatmapMetrics(sweep: Columns): string[] {
  return sweep.names.filter(
    (n) => n === "pDeathSpiral" || (n.endsWith("_p50") && !isConstant(sweep.get(n) ?? [])),
  );
}

/** How a heatmap names its metric: a title, and the unit of its colours. */
export interface MetricLabel {
  title: string;
  /** The values' unit (from the Arrow field's `unit`); empty when the table does not say. */
  unit: string;
  /** Values are probabilities (shown as percentages). */
  probability: boolean;
}

/**
 * A metric's title and unit from the Arrow field metadata (`description`,
 * `unit`): `priceEndUsd_p50`, "median over the point's completed runs of: token
 * price at the end" in USD/token, is "Median token price at the end over runs"
 * (USD/token). Without metadata, `fallback` or {@link heatmapTitle}.
 */
export function metricLabel(sweep: Columns, metric: string, fallback?: string): MetricLabel {
  const meta = sweep.fieldMeta(metric);
  const unit = meta.get("unit") ?? "";
  const description = meta.get("description") ?? "";
  const probability = metric === "pDeathSpiral" || unit === "probability";
  if (metric === "pDeathSpiral")
    return { title: "P(death spiral)", unit: "share of runs", probability };
  if (metric === PROFIT_METRIC)
    return { title: "Median provider profit at the end", unit: unit || "USD/hour", probability };
  const of = description.indexOf(" of: ");
  const title =
    of >= 0 && description.startsWith("median")
      ? `Median ${description.slice(of + 5)} over runs`
      : (fallback ?? heatmapTitle(metric));
  return { title, unit, probability };
}

/**
 * Heatmap cells from `sweep.arrow`: x and y are the first two swept parameters
 * (a single axis gives one row; none, one cell).
 */
export function heatmapCells(
  sweep: Columns,
  metric: string,
): { cells: HeatCell[]; xLabel: string; yLabel: string } {
  const params = sweep.names.filter((n) => n.startsWith("param."));
  const values = (name: string | undefined): string[] => {
    if (!name) return Array.from({ length: sweep.numRows }, () => "");
    const num = sweep.get(name);
    return num ? Array.from(num, (v) => String(v)) : (sweep.strings(name) ?? []);
  };
  const xs = values(params[0]);
  const ys = values(params[1]);
  const v = sweep.get(metric) ?? [];
  // Points with failed runs say so in their cell: their value is over the runs
  // that completed ok only, or missing when none did.
  const failed = sweep.get("failedRuns");
  const runs = sweep.get("runs");
  const note = (i: number): string | undefined => {
    const f = Number(failed?.[i] ?? 0);
    if (!(f > 0)) return undefined;
    return f === Number(runs?.[i]) ? "all runs failed" : `${f} failed`;
  };
  const cells = xs.map((x, i) => {
    const n = note(i);
    return { x, y: ys[i] ?? "", value: Number(v[i]), ...(n ? { note: n } : {}) };
  });
  const label = (n: string | undefined) => (n ? n.slice("param.".length) : "");
  return { cells, xLabel: label(params[0]), yLabel: label(params[1]) };
}
