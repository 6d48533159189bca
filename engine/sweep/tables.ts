import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { Table, Utf8, type Vector, vectorFromArray } from "apache-arrow";
import { mean, quantileSorted, standardDeviation } from "simple-statistics";
import { HEADLINE_METRICS } from "../check/validate.ts";
import { tableToIpcFile } from "../metrics/ipcFile.ts";
import { type SweepManifest, sweepPaths, writeFileAtomic } from "./manifest.ts";
import type { RunRecord } from "./runRecord.ts";

/**
 * Reads every completed run's record of a sweep directory, ordered by (point,
 * run); `read` reads one record file (the dashboard's refuses links out of the folder).
 */
export function readRunRecords(
  out: string,
  read: (path: string) => string = (path) => readFileSync(path, "utf8"),
): RunRecord[] {
  const dir = sweepPaths(out).summaries;
  let files: string[];
  try {
    files = readdirSync(dir).filter((f) => f.endsWith(".json"));
  } catch {
    return [];
  }
  return files
    .map((f) => JSON.parse(read(join(dir, f))) as RunRecord)
    .sort((a, b) => a.point - b.point || a.run - b.run);
}

type Column = Float64Array | Int32Array | string[];

/**
 * Encodes columns as an Arrow IPC file. Strings are plain Utf8 columns, not
 * dictionaries: apache-arrow numbers dictionaries from a process-wide counter,
 * which would make the bytes depend on what ran before.
 */
function toIPC(cols: Record<string, Column>): Uint8Array {
  const vectors: Record<string, Vector> = {};
  for (const [name, c] of Object.entries(cols))
    vectors[name] = Array.isArray(c) ? vectorFromArray(c, new Utf8()) : vectorFromArray(c);
  return tableToIpcFile(new Table(vectors));
}

/** Parameter columns: `param.<key>` per swept key (float64 when every value is a number). */
function paramColumns(
  manifest: SweepManifest,
  pointOf: readonly number[],
): Record<string, Float64Array | string[]> {
  const cols: Record<string, Float64Array | string[]> = {};
  const keys = [...manifest.grid, ...manifest.zip].map((a) => a.key);
  for (const key of keys) {
    const values = pointOf.map((p) => manifest.points[p]!.values[key]!);
    cols[`param.${key}`] = values.every((v) => typeof v === "number")
      ? Float64Array.from(values as number[])
      : values.map(String);
  }
  return cols;
}

/**
 * The probability of a death spiral in a run. Uses the engine's death-spiral
 * detector: a run counts when it had at least one spiral event.
 */
export const spiralled = (r: RunRecord): boolean => r.deathSpirals.length > 0;

/** The deepest price fall under its pre-spiral peak over a run's spirals (percent; 0 without one). */
const spiralDepthPct = (r: RunRecord): number =>
  r.deathSpirals.reduce((m, e) => Math.max(m, e.maxPriceDrawdownPct), 0);

/** Steps a run spent in death spirals (an open spiral counts to the run's end). */
const spiralSteps = (r: RunRecord): number =>
  r.deathSpirals.reduce((n, e) => n + ((e.endStep ?? r.stepsCompleted - 1) - e.startStep + 1), 0);

/** Per-run death-spiral columns: count, first start, deepest price fall, steps spent spiralling. */
function spiralColumns(records: readonly RunRecord[]): Record<string, Float64Array | Int32Array> {
  const nan = Number.NaN;
  return {
    deathSpirals: Int32Array.from(records, (r) => r.deathSpirals.length),
    firstSpiralStep: Float64Array.from(records, (r) => r.deathSpirals[0]?.startStep ?? nan),
    spiralDepthPct: Float64Array.from(records, spiralDepthPct),
    spiralSteps: Float64Array.from(records, spiralSteps),
    spiralsRecovered: Int32Array.from(
      records,
      (r) => r.deathSpirals.filter((e) => e.endedBy === "recovery").length,
    ),
  };
}

/** Writes `runs.arrow`: one row per run, with its point's parameter values. */
function writeRunsTable(out: string, manifest: SweepManifest, records: readonly RunRecord[]): void {
  const nan = Number.NaN;
  const cols: Record<string, Column> = {
    point: Int32Array.from(records, (r) => r.point),
    run: Int32Array.from(records, (r) => r.run),
    seed: Float64Array.from(records, (r) => r.seed),
    status: records.map((r) => r.status),
    message: records.map((r) => r.message),
    ...paramColumns(
      manifest,
      records.map((r) => r.point),
    ),
    sets: records.map((r) => r.sets.join(" ")),
    stepsCompleted: Int32Array.from(records, (r) => r.stepsCompleted),
    ...spiralColumns(records),
  };
  for (const m of HEADLINE_METRICS)
    cols[m] = Float64Array.from(records, (r) => r.headline?.[m] ?? nan);
  writeFileAtomic(sweepPaths(out).runsTable, toIPC(cols));
}

/** The across-run statistics of one metric at one point. */
function stats(values: number[]): [number, number, number, number, number, number, number] {
  const nan = Number.NaN;
  if (values.length === 0) return [nan, nan, nan, nan, nan, nan, nan];
  const sorted = [...values].sort((a, b) => a - b);
  const q = (p: number) => quantileSorted(sorted, p);
  return [
    mean(sorted),
    sorted.length > 1 ? standardDeviation(sorted) : 0,
    q(0.05),
    q(0.25),
    q(0.5),
    q(0.75),
    q(0.95),
  ];
}

const STAT_NAMES = ["mean", "sd", "p5", "p25", "p50", "p75", "p95"] as const;

/**
 * Writes `sweep.arrow`: one row per parameter point, its parameter values, run
 * counts, the probability of a death spiral, and for each headline metric its
 * and the spiral depth and duration, their mean, sd and p5/p25/p50/p75/p95
 * over the point's completed runs (`<metric>_<stat>`), computed with
 * simple-statistics.
 */
function writeSweepTable(
  out: string,
  manifest: SweepManifest,
  records: readonly RunRecord[],
): void {
  const points = manifest.points.map((p) => p.index);
  const byPoint = points.map((p) => records.filter((r) => r.point === p));
  const ok = byPoint.map((rs) => rs.filter((r) => r.status === "ok"));
  const cols: Record<string, Column> = {
    point: Int32Array.from(points),
    ...paramColumns(manifest, points),
    runs: Int32Array.from(byPoint, (rs) => rs.length),
    failedRuns: Int32Array.from(byPoint, (rs) => rs.filter((r) => r.status !== "ok").length),
    pDeathSpiral: Float64Array.from(ok, (rs) =>
      rs.length ? rs.filter(spiralled).length / rs.length : Number.NaN,
    ),
  };
  const metrics: [string, (r: RunRecord) => number][] = [
    ...HEADLINE_METRICS.map((m): [string, (r: RunRecord) => number] => [m, (r) => r.headline![m]]),
    ["spiralDepthPct", spiralDepthPct],
    ["spiralSteps", spiralSteps],
  ];
  for (const [m, value] of metrics) {
    const perPoint = ok.map((rs) => stats(rs.map(value)));
    STAT_NAMES.forEach((name, k) => {
      cols[`${m}_${name}`] = Float64Array.from(perPoint, (s) => s[k]!);
    });
  }
  writeFileAtomic(sweepPaths(out).sweepTable, toIPC(cols));
}

/**
 * Writes `runs.arrow`, `sweep.arrow` and `failures.json` from the run records
 * in `out`; returns the runs that did not complete ok.
 */
export function writeTables(out: string, manifest: SweepManifest): RunRecord[] {
  const records = readRunRecords(out);
  writeRunsTable(out, manifest, records);
  writeSweepTable(out, manifest, records);
  const failures = records.filter((r) => r.status !== "ok");
  const listed = failures.map((r) => ({
    point: r.point,
    run: r.run,
    seed: r.seed,
    status: r.status,
    message: r.message,
    params: manifest.points[r.point]?.values ?? {},
    sets: r.sets,
  }));
  writeFileAtomic(sweepPaths(out).failures, `${JSON.stringify(listed, null, 2)}\n`);
  return failures;
}
