import { existsSync } from "node:fs";
import { open } from "node:fs/promises";
import { basename, join } from "node:path";
import { Field, RecordBatchReader, tableFromArrays } from "apache-arrow";
import { tableToIpcFile, withSchema } from "../../engine/metrics/ipcFile.ts";
import { sweepPaths } from "../../engine/sweep/manifest.ts";
import { readRunRecords } from "../../engine/sweep/tables.ts";
import { readArrow } from "./arrowTable.ts";
import { PROFIT_METRIC } from "./heatmapTitle.ts";
import { quantileOfSorted } from "./quantile.ts";
import { BadNameError, insideDir, readInside } from "./resultStore.ts";

/**
 * The table behind the sweep heatmaps: `sweep.arrow`'s columns, plus
 * {@link PROFIT_METRIC} from the per-step files (each run's last
 * `profitP50UsdPerHour`: the median provider's trailing profit, read from each
 * file's last record batch only), where kept.
 * Every column keeps its field metadata (`unit`, `description`), which the
 * heatmaps label their metrics and colour legends with.
 */
export async function heatmapTable(dir: string): Promise<Uint8Array> {
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
    // A link out of the result folder is refused, as readInside refuses it.
    if (!insideDir(dir, file))
      throw new BadNameError(`${basename(file)} links out of its result folder: refused`);
    const last = await lastValue(file, "profitP50UsdPerHour");
    if (last === undefined) continue;
    byPoint.set(r.point, [...(byPoint.get(r.point) ?? []), last]);
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

/**
 * The last value of a numeric column of an Arrow IPC file, reading only the
 * file's footer and its last record batch with rows, not the file (a year of
 * hourly rows is nine batches and 5 MB): what a sweep's heatmap needs of each
 * run. Undefined without the column or a row; a null reads as NaN.
 */
async function lastValue(path: string, name: string): Promise<number | undefined> {
  const handle = await open(path);
  try {
    const reader = await RecordBatchReader.from(handle);
    await reader.open();
    if (!reader.isFile()) {
      // A stream has no index of its batches: read it through.
      let last: number | undefined;
      for await (const batch of reader) {
        const v = batch.getChild(name);
        if (!v) return undefined;
        if (v.length > 0) last = toNumber(v.get(v.length - 1));
      }
      return last;
    }
    for (let i = reader.numRecordBatches - 1; i >= 0; i--) {
      const batch = await reader.readRecordBatch(i);
      const v = batch?.getChild(name);
      if (!batch || !v) return undefined;
      if (v.length > 0) return toNumber(v.get(v.length - 1));
    }
    return undefined;
  } finally {
    await handle.close();
  }
}

const toNumber = (x: unknown): number => (x === null ? Number.NaN : Number(x));
