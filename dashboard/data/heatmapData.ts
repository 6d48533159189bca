import type { HeatCell } from "../charts/heatmap.ts";
import type { Columns } from "./arrowTable.ts";

/** Metrics of `sweep.arrow` a heatmap can show: P(death spiral) and each `<metric>_p50`. */
export function heatmapMetrics(sweep: Columns): string[] {
  return sweep.names.filter((n) => n === "pDeathSpiral" || n.endsWith("_p50"));
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
  const cells = xs.map((x, i) => ({ x, y: ys[i] ?? "", value: Number(v[i]) }));
  const label = (n: string | undefined) => (n ? n.slice("param.".length) : "");
  return { cells, xLabel: label(params[0]), yLabel: label(params[1]) };
}
