import { readFileSync } from "node:fs";
import { extname } from "node:path";
import { fileURLToPath } from "node:url";
import { tableFromIPC } from "apache-arrow";
import { csvParse } from "d3-dsv";
import { ScenarioError } from "../errors.ts";

/**
 * A time series read from a file: observation times (milliseconds since the Unix
 * epoch, UTC, strictly increasing), values and the one unit they share.
 */
export interface Series {
  /** The file it was read from (for messages). */
  readonly file: string;
  readonly unit: string;
  readonly times: Float64Array;
  readonly values: Float64Array;
}

const ISO = /^\d{4}-\d{2}-\d{2}(?:[T ]\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:Z|[+-]\d{2}:\d{2})?)?$/;

/**
 * Parses a time: an ISO 8601 date (`2022-05-01`, midnight UTC) or date-time
 * (`2022-05-01T06:00Z`; without a zone it is UTC). Anything else is an error.
 */
export function parseTime(text: string, where: string): number {
  const t = text.trim();
  if (!ISO.test(t))
    throw new ScenarioError(`${where}: time '${text}' is not an ISO 8601 date (2022-05-01)`);
  const zoned = t.length > 10 && !/(?:Z|[+-]\d{2}:\d{2})$/.test(t) ? `${t}Z` : t;
  const ms = Date.parse(zoned.replace(" ", "T"));
  if (!Number.isFinite(ms)) throw new ScenarioError(`${where}: time '${text}' is not a real date`);
  return ms;
}

/**
 * Reads a series file: CSV with a header naming `time`, `value` and `unit`
 * (other columns, such as `source_id` and `note`, are ignored); JSON, either
 * `{ "unit": "...", "points": [["2022-05-01", 1.5], ...] }` or an array of
 * `{ "time", "value", "unit" }`; or an Arrow IPC file with `time` (a date,
 * timestamp or ISO text), `value` and either a `unit` column or a `unit` in the
 * `value` field's metadata. Checks that times strictly increase, values are
 * numbers and every row has the same unit; errors name the file and the row.
 */
export function readSeries(file: string | URL): Series {
  const path = typeof file === "string" ? file : fileURLToPath(file);
  let bytes: Buffer;
  try {
    bytes = readFileSync(path);
  } catch (err) {
    throw new ScenarioError(`series ${path}: cannot be read (${(err as Error).message})`);
  }
  const ext = extname(path).toLowerCase();
  const rows =
    ext === ".csv"
      ? csvRows(path, bytes.toString("utf8"))
      : ext === ".json"
        ? jsonRows(path, bytes.toString("utf8"))
        : ext === ".arrow" || ext === ".feather"
          ? arrowRows(path, bytes)
          : undefined;
  if (!rows)
    throw new ScenarioError(`series ${path}: unknown format '${ext}' (use .csv, .json or .arrow)`);
  return checkRows(path, rows);
}

interface Row {
  time: unknown;
  value: unknown;
  unit: unknown;
}

function csvRows(path: string, text: string): Row[] {
  const table = csvParse(text);
  for (const col of ["time", "value", "unit"])
    if (!table.columns.includes(col))
      throw new ScenarioError(
        `series ${path}: no '${col}' column (the header has ${table.columns.join(", ")}; a series needs time, value, unit)`,
      );
  return table.map((r) => ({ time: r.time, value: r.value, unit: r.unit }));
}

function jsonRows(path: string, text: string): Row[] {
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (err) {
    throw new ScenarioError(`series ${path}: not JSON (${(err as Error).message})`);
  }
  if (Array.isArray(data)) return data as Row[];
  const o = data as { unit?: unknown; points?: unknown };
  if (o && typeof o === "object" && Array.isArray(o.points))
    return o.points.map((pt) =>
      Array.isArray(pt)
        ? { time: pt[0], value: pt[1], unit: o.unit }
        : { time: pt, value: pt, unit: o.unit },
    );
  throw new ScenarioError(
    `series ${path}: expected { "unit", "points": [[time, value], ...] } or [{ "time", "value", "unit" }, ...]`,
  );
}

function arrowRows(path: string, bytes: Buffer): Row[] {
  let table: ReturnType<typeof tableFromIPC>;
  try {
    table = tableFromIPC(bytes);
  } catch (err) {
    throw new ScenarioError(`series ${path}: not an Arrow IPC file (${(err as Error).message})`);
  }
  const time = table.getChild("time");
  const value = table.getChild("value");
  if (!time || !value)
    throw new ScenarioError(`series ${path}: an Arrow series needs 'time' and 'value' columns`);
  const unitCol = table.getChild("unit");
  const fieldUnit = table.schema.fields.find((f) => f.name === "value")?.metadata.get("unit");
  const rows: Row[] = [];
  for (let i = 0; i < table.numRows; i++) {
    const t: unknown = time.get(i);
    rows.push({
      time: t instanceof Date ? t.getTime() : typeof t === "bigint" ? Number(t) : t,
      value: value.get(i),
      unit: unitCol ? unitCol.get(i) : fieldUnit,
    });
  }
  return rows;
}

function checkRows(path: string, rows: readonly Row[]): Series {
  if (rows.length === 0) throw new ScenarioError(`series ${path}: no rows`);
  const times = new Float64Array(rows.length);
  const values = new Float64Array(rows.length);
  let unit: string | undefined;
  rows.forEach((r, i) => {
    const where = `series ${path}, row ${i + 1}`;
    times[i] = typeof r.time === "number" ? r.time : parseTime(String(r.time ?? ""), where);
    const v = typeof r.value === "number" ? r.value : Number(String(r.value ?? "").trim() || "x");
    if (!Number.isFinite(v))
      throw new ScenarioError(
        `${where}: value '${String(r.value ?? "")}' is not a number (leave a missing observation out; do not blank it)`,
      );
    values[i] = v;
    const u = String(r.unit ?? "").trim();
    if (u === "") throw new ScenarioError(`${where}: no unit`);
    if (unit !== undefined && u !== unit)
      throw new ScenarioError(`${where}: unit '${u}' differs from the first row's '${unit}'`);
    unit = u;
    if (i > 0 && times[i]! <= times[i - 1]!)
      throw new ScenarioError(
        `${where}: time ${iso(times[i]!)} is not after the row before (${iso(times[i - 1]!)}); times must strictly increase`,
      );
  });
  return { file: path, unit: unit!, times, values };
}

/** A time as an ISO date, or date-time when it is not midnight (UTC). */
export function iso(ms: number): string {
  const s = new Date(ms).toISOString();
  return s.endsWith("T00:00:00.000Z") ? s.slice(0, 10) : s.replace(":00.000Z", "Z");
}
