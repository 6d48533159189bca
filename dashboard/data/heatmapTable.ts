import { existsSync } from "node:fs";
import { join } from "node:path";
import { Field, tableFromArrays } from "apache-arrow";
import { tableToIpcFile, withSchema } from "../../engine/metrics/ipcFile.ts";
import { sweepPaths } from "../../engine/sweep/manifest.ts";
import { readRunRecords } from "../../engine/sweep/tables.ts";
import { readArrow } from "./arrowTable.ts";
import { PROFIT_METRIC } from "./heatmapTitle.ts";
import { quantileOfSorted } from "./quantile.ts";
import { readInside } from "./resultStore.ts";

/**
 * The table behind the sweep heatmaps: `sweep.arrow`'s columns, plus
 * {@link PROFIT_METRIC} from the per-step files (each run's last
 * `profitP50UsdPerHour`: the median provider's trailing profit), where kept.
 * Every column keeps its field metadata (`unit`, `description`), which the
 * heatmaps label their metrics and colour legends with.
 */
export function heatmapTable(dir: string): Uint8Array {
  const sweep = readArrow(readInside(dir, join(dir, "sweep.arrow")));
  const cols: Record<string, Float64Array | Int32Array | string[]> = {};
  for (const n of sweep.names) {
    const num = sweep.get(n);
    cols[n] = num ? Float64Array.from(num) : (sweep.strings(n) ?? []);
  }
  const points = sweep.get("point") ?? [];
  const profit = new Float64Array(sweep.numRows).fill(Number.NaN);
  const byPoint = new Map<number, number[]>();
  const paths = sweepPaths(dir);
  for (const r of readRunRecords(dir, (path) => readInside(dir, path).toString("utf8"))) {
    const file = paths.steps(r.point, r.run);
    if (r.status !== "ok" || !existsSync(file)) continue;
    const col = readArrow(readInside(dir, file)).get("profitP50UsdPerHour");
    if (!col || col.length === 0) continue;
    byPoint.set(r.point, [...(byPoint.get(r.point) ?? []), col[col.length - 1]!]);
  }
  for (let i = 0; i < sweep.numRows; i++) {
    const values = (byPoint.get(Number(points[i])) ?? []).sort((a, b) => a - b);
    profit[i] = quantileOfSorted(values, 0.5);
  }
  if (byPoint.size > 0) cols[PROFIT_METRIC] = profit;
  const plain = tableFromArrays(cols);
  const meta = (name: string): Map<string, string> =>
    name === PROFIT_METRIC
      ? new Map([
          ["unit", "USD/hour"],
          [
            "description",
            "median over the point's completed runs of: the median provider's profit at the end",
          ],
        ])
      : sweep.fieldMeta(name);
  const fields = plain.schema.fields.map(
    (f) => new Field(f.name, f.type, f.nullable, meta(f.name)),
  );
  return tableToIpcFile(withSchema(plain, fields, sweep.metadata));
}
