import { type Table, tableFromArrays, tableFromIPC } from "apache-arrow";
import { tableToIpcFile, withSchema } from "../../engine/metrics/ipcFile.ts";
import type { FanTable, RunSeries } from "./fan.ts";

/** A decoded Arrow table as plain columns (numbers as typed arrays, strings as arrays). */
export interface Columns {
  names: string[];
  numRows: number;
  get(name: string): ArrayLike<number> | undefined;
  strings(name: string): string[] | undefined;
  /** Schema metadata (e.g. `tokensim.stepHours`). */
  metadata: Map<string, string>;
  /** A field's metadata (`unit`, `description` in tokensim's tables); empty when it has none. */
  fieldMeta(name: string): Map<string, string>;
}

/** Decodes Arrow IPC bytes (file or stream format) into plain columns. */
export function readArrow(bytes: Uint8Array): Columns {
  const table: Table = tableFromIPC(bytes);
  const names = table.schema.fields.map((f) => f.name);
  return {
    names,
    numRows: table.numRows,
    metadata: table.schema.metadata,
    fieldMeta: (name) => table.schema.fields.find((f) => f.name === name)?.metadata ?? new Map(),
    get(name) {
      const v = table.getChild(name);
      if (!v || v.type.typeId === 5 /* Utf8 */) return undefined;
      // A null (no value: no spiral, no completed run) reads as NaN.
      if (v.nullCount > 0)
        return Float64Array.from(v, (x) => (x === null ? Number.NaN : Number(x)));
      return v.toArray() as ArrayLike<number>;
    },
    strings(name) {
      const v = table.getChild(name);
      if (!v) return undefined;
      return Array.from(v.toArray() as ArrayLike<unknown>, (x) => String(x));
    },
  };
}

/**
 * A per-step metrics table as one run's series: every numeric column, or only
 * those named in `only` (a year of hourly rows has 72 columns; the charts draw
 * about 20, and decoding the others is most of the cost of reading the file).
 */
export function runSeries(cols: Columns, only?: readonly string[]): RunSeries {
  const columns: Record<string, ArrayLike<number>> = {};
  const keep = only ? new Set(only) : undefined;
  for (const n of cols.names) {
    if (keep && !keep.has(n)) continue;
    const c = cols.get(n);
    if (c) columns[n] = c;
  }
  return { steps: cols.get("step") ?? [], columns };
}

const DELAY_LAG = "tokensim.spiralDelay.lagSteps";
const DELAY_MIN = "tokensim.spiralDelay.minSteps";

/**
 * Encodes a fan table as an Arrow IPC file: `step`, `runs`, then every fan
 * column; the spiral confirmation delay, when known, in the schema metadata.
 */
export function fanToArrow(fan: FanTable): Uint8Array {
  const table = tableFromArrays({ step: fan.steps, runs: fan.runs, ...fan.columns });
  const d = fan.spiralDelay;
  if (!d) return tableToIpcFile(table);
  const meta = new Map([[DELAY_LAG, String(d.lagSteps)]]);
  if (d.minSteps !== undefined) meta.set(DELAY_MIN, String(d.minSteps));
  return tableToIpcFile(withSchema(table, table.schema.fields, meta));
}

/** Decodes {@link fanToArrow}'s bytes. */
export function fanFromArrow(bytes: Uint8Array): FanTable {
  const cols = readArrow(bytes);
  const columns: Record<string, Float64Array> = {};
  for (const n of cols.names)
    if (n !== "step" && n !== "runs") columns[n] = Float64Array.from(cols.get(n) ?? []);
  const lag = cols.metadata.get(DELAY_LAG);
  const min = cols.metadata.get(DELAY_MIN);
  return {
    steps: Int32Array.from(cols.get("step") ?? []),
    runs: Int32Array.from(cols.get("runs") ?? []),
    columns,
    ...(lag !== undefined
      ? {
          spiralDelay: {
            lagSteps: Number(lag),
            ...(min !== undefined ? { minSteps: Number(min) } : {}),
          },
        }
      : {}),
  };
}
