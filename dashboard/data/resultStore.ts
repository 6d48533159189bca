import { existsSync, readdirSync, readFileSync, realpathSync, statSync } from "node:fs";
import { basename, dirname, join, resolve, sep } from "node:path";
import type { SweepManifest } from "../../engine/sweep/manifest.ts";
import { sweepPaths } from "../../engine/sweep/manifest.ts";
import type { RunRecord } from "../../engine/sweep/runRecord.ts";
import { readRunRecords } from "../../engine/sweep/tables.ts";
import { chartColumns } from "../charts/catalog.ts";
import { readArrow, runSeries } from "./arrowTable.ts";
import { parseFailure, type RecordedFailure, type RunFailure } from "./failures.ts";
import type { RunSeries } from "./fan.ts";
import type { SpiralMark } from "./spirals.ts";

/** A result folder: a sweep (`manifest.json`) or a single run (`summary.json`). */
export interface ResultInfo {
  id: string;
  kind: "sweep" | "run";
  scenario: string;
  /** Parameter points (one, index 0, for a single run). */
  points: { index: number; values: Record<string, string | number | boolean> }[];
  /** Swept keys (the grid's then the zip's). */
  axes: string[];
  runsPerPoint: number;
  /** Completed runs (records written). */
  runsDone: number;
  /** Every run complete and the tables written (a run: its summary exists). */
  complete: boolean;
  /** Runs that did not complete ok. */
  failedRuns: number;
  /**
   * Whether per-step files are kept: false for a sweep run with `--no-steps`
   * (no time series, only run records and tables), or a run without steps.arrow.
   */
  stepsKept: boolean;
  /** Downloadable tables in the folder. */
  tables: string[];
}

/** A result id or file name that is not allowed (path traversal, odd characters). */
export class BadNameError extends Error {}
/** No such result, point or file. */
export class NotFoundError extends Error {}
/** A result folder whose files cannot be read (not written by tokensim, or damaged). */
export class CorruptResultError extends Error {}

const SAFE = /^[A-Za-z0-9][A-Za-z0-9._-]{0,127}$/;

/** Whether `name` is a plain name: no separators, no leading dot, no `..`. */
export const safeName = (name: string): boolean => SAFE.test(name) && !name.includes("..");

/**
 * The folder of result `id` under `root`. Throws {@link BadNameError} for a name
 * that could leave the root, {@link NotFoundError} when it is not a result.
 */
export function resultDir(root: string, id: string): string {
  if (!safeName(id)) throw new BadNameError(`bad result id '${id}'`);
  const dir = resolve(root, id);
  if (!existsSync(dir)) throw new NotFoundError(`no result '${id}'`);
  const real = realpathSync(dir);
  const rootReal = realpathSync(root);
  if (real !== rootReal && !real.startsWith(rootReal + sep))
    throw new BadNameError(`bad result id '${id}'`);
  if (!existsSync(join(dir, "manifest.json")) && !existsSync(join(dir, "summary.json")))
    throw new NotFoundError(`no result '${id}'`);
  return dir;
}

/**
 * Whether `path` exists and resolves (links followed) inside `dir`'s real path:
 * a symbolic link that leads out of it, or leads nowhere, does not count.
 */
export function insideDir(dir: string, path: string): boolean {
  try {
    const base = realpathSync(dir);
    const real = realpathSync(path);
    return real === base || real.startsWith(base + sep);
  } catch {
    return false;
  }
}

/**
 * Reads a file of result folder `dir`. A link that leads out of the folder is
 * refused ({@link BadNameError}) without reading it, so nothing outside the
 * results is ever served or quoted in an error.
 */
export function readInside(dir: string, path: string): Buffer {
  if (!insideDir(dir, path)) {
    if (!existsSync(path)) throw new NotFoundError(`${basename(path)} does not exist`);
    throw new BadNameError(`${basename(path)} links out of its result folder: refused`);
  }
  return readFileSync(path);
}

function readJson<T>(dir: string, path: string): T {
  const bytes = readInside(dir, path);
  try {
    return JSON.parse(bytes.toString("utf8")) as T;
  } catch (err) {
    throw new CorruptResultError(
      `${basename(dirname(path))}/${basename(path)} cannot be read: ${(err as Error).message}`,
    );
  }
}

/** The run records of a sweep folder; a damaged record is a {@link CorruptResultError}. */
function runRecords(dir: string): RunRecord[] {
  const summaries = sweepPaths(dir).summaries;
  if (existsSync(summaries) && !insideDir(dir, summaries))
    throw new BadNameError(`${basename(dir)}: its summaries folder links out of it: refused`);
  try {
    return readRunRecords(dir, (path) => readInside(dir, path).toString("utf8"));
  } catch (err) {
    if (err instanceof BadNameError) throw err;
    throw new CorruptResultError(
      `${basename(dir)}: a run record cannot be read: ${(err as Error).message}`,
    );
  }
}

interface RunSummaryFile {
  scenario: string;
  seed?: number;
  status: string;
  stepsCompleted?: number;
  failure?: RecordedFailure;
  deathSpirals: RunRecord["deathSpirals"];
  params?: unknown;
}

/** Describes the result folder `dir` (named `id`). */
/**
 * What changes when a result changes: the size and time of its manifest or
 * summary, its tables and its summaries/ folder (a run's record is renamed into
 * it as the run completes, which updates the folder's time). Cheap: a few stats.
 */
function fingerprint(dir: string): string {
  const of = (path: string) => {
    try {
      const st = statSync(path);
      return `${st.mtimeMs}/${st.size}`;
    } catch {
      return "-";
    }
  };
  return ["manifest.json", "summary.json", "summaries", "runs.arrow", "sweep.arrow", "steps.arrow"]
    .map((f) => of(join(dir, f)))
    .join("|");
}

/** Described results by folder, with the fingerprint they were read at. */
const described = new Map<string, { key: string; info: ResultInfo }>();

/**
 * A result folder's description (see {@link readResult}), read again only when
 * its fingerprint changed: the catalogue of a 10,000-run sweep would otherwise
 * parse every run record on each request.
 */
export function describeResult(dir: string, id: string): ResultInfo {
  const key = `${id}\u0000${fingerprint(dir)}`;
  const hit = described.get(dir);
  if (hit?.key === key) return hit.info;
  const info = readResult(dir, id);
  described.set(dir, { key, info });
  return info;
}

/** A result folder's kind, scenario, points, runs done and tables, read from disk. */
function readResult(dir: string, id: string): ResultInfo {
  const tables = ["runs.arrow", "sweep.arrow", "steps.arrow"].filter((f) =>
    existsSync(join(dir, f)),
  );
  const manifestPath = join(dir, "manifest.json");
  if (existsSync(manifestPath)) {
    const m = readJson<SweepManifest>(dir, manifestPath);
    const records = runRecords(dir);
    const total = m.points.length * m.runsPerPoint;
    return {
      id,
      kind: "sweep",
      scenario: m.scenario,
      points: m.points,
      axes: [...m.grid, ...m.zip].map((a) => a.key),
      runsPerPoint: m.runsPerPoint,
      runsDone: records.length,
      complete: records.length >= total && existsSync(sweepPaths(dir).sweepTable),
      failedRuns: records.filter((r) => r.status !== "ok").length,
      stepsKept: m.keepSteps !== false,
      tables,
    };
  }
  const s = readJson<RunSummaryFile>(dir, join(dir, "summary.json"));
  return {
    id,
    kind: "run",
    scenario: s.scenario,
    points: [{ index: 0, values: {} }],
    axes: [],
    runsPerPoint: 1,
    runsDone: 1,
    complete: true,
    failedRuns: s.status === "ok" ? 0 : 1,
    stepsKept: tables.includes("steps.arrow"),
    tables,
  };
}

/** Every result folder directly under `root`, by id. */
export function listResults(root: string): ResultInfo[] {
  if (!existsSync(root)) return [];
  const out: ResultInfo[] = [];
  for (const name of readdirSync(root).sort()) {
    if (!safeName(name)) continue;
    const dir = join(root, name);
    // A link out of the results folder (or to nowhere) is not a result.
    if (!insideDir(root, dir) || !statSync(dir).isDirectory()) continue;
    if (!existsSync(join(dir, "manifest.json")) && !existsSync(join(dir, "summary.json"))) continue;
    try {
      out.push(describeResult(dir, name));
    } catch {
      // a folder being written (half a manifest) is left out until it is readable
    }
  }
  return out;
}

/**
 * The runs of one point: the per-step series and death-spiral marks of those
 * that completed ok, and the failures of the others (left out of the series,
 * the spirals and the counts: a run that broke an invariant can hold any value).
 */
export interface PointData {
  series: RunSeries[];
  spirals: SpiralMark[];
  /** Runs that completed ok (a record, status ok): those behind the bands and statistics. */
  runs: number;
  /** Runs that had at least one death spiral (of the ok ones). */
  spiralledRuns: number;
  /** Runs that failed an invariant or crashed, in run order. */
  failures: RunFailure[];
  /** Runs the point should have (the sweep's runs per point; 1 for a single run). */
  expectedRuns: number;
  /** Whether the result keeps per-step files (false: a `--no-steps` sweep). */
  stepsKept: boolean;
  /** Hours per step (from the Arrow metadata; 1 when absent). */
  stepHours: number;
  /** The parameters as run (a single run's summary), when known. */
  params?: unknown;
  /** The overrides the point's runs ran with (a sweep's), when known. */
  sets?: string[];
}

function marksOf(run: number, events: RunRecord["deathSpirals"], lastStep: number): SpiralMark[] {
  return events.map((e) => ({
    run,
    startStep: e.startStep,
    endStep: e.endStep ?? lastStep,
    ongoing: e.endStep === null,
    legs: e.legs,
    maxPriceDrawdownPct: e.maxPriceDrawdownPct,
    maxProviderLossPct: e.maxProviderLossPct,
  }));
}

/** The per-step columns a point's charts need, and `run` (to match spirals to runs). */
const wanted = (names: readonly string[]) => ["run", ...chartColumns(names)];

/**
 * Loads one point of a result: the steps and spiral events of every run that
 * completed ok (only the columns the charts draw are decoded), and the failures
 * of the others, whose per-step files are not read.
 */
export function loadPoint(dir: string, info: ResultInfo, point: number): PointData {
  if (!info.points.some((p) => p.index === point)) throw new NotFoundError(`no point ${point}`);
  const series: RunSeries[] = [];
  const spirals: SpiralMark[] = [];
  const failures: RunFailure[] = [];
  let stepHours = 1;
  let runs = 0;
  let spiralledRuns = 0;
  const add = (bytes: Uint8Array | undefined, run: number, events: RunRecord["deathSpirals"]) => {
    runs++;
    if (events.length > 0) spiralledRuns++;
    let last = 0;
    if (bytes) {
      let cols: ReturnType<typeof readArrow>;
      try {
        cols = readArrow(bytes);
      } catch (err) {
        throw new CorruptResultError(
          `run ${run}: per-step Arrow file cannot be read: ${(err as Error).message}`,
        );
      }
      stepHours = Number(cols.metadata.get("tokensim.stepHours") ?? stepHours);
      const s = runSeries(cols, wanted(cols.names));
      series.push(s);
      last = s.steps.length ? s.steps[s.steps.length - 1]! : 0;
    }
    spirals.push(...marksOf(run, events, last));
  };
  let params: unknown;
  let sets: string[] | undefined;
  if (info.kind === "run") {
    const s = readJson<RunSummaryFile>(dir, join(dir, "summary.json"));
    const stepsPath = join(dir, "steps.arrow");
    const steps = existsSync(stepsPath);
    if (s.status === "ok")
      add(steps ? readInside(dir, stepsPath) : undefined, 0, s.deathSpirals ?? []);
    else
      failures.push({
        run: 0,
        seed: s.seed ?? 0,
        status: s.status === "error" ? "error" : "failed",
        message: s.failure?.message ?? "",
        ...(s.failure
          ? { invariant: s.failure.invariant, step: s.failure.step, values: s.failure.values }
          : {}),
        stepsCompleted: s.stepsCompleted ?? 0,
        hasSteps: steps,
      });
    params = s.params;
  } else {
    const paths = sweepPaths(dir);
    for (const r of runRecords(dir).filter((x) => x.point === point)) {
      const p = paths.steps(r.point, r.run);
      sets ??= r.sets;
      if (r.status !== "ok") {
        failures.push({
          run: r.run,
          seed: r.seed,
          status: r.status,
          message: r.message,
          ...parseFailure(r.message),
          stepsCompleted: r.stepsCompleted,
          hasSteps: existsSync(p),
        });
        continue;
      }
      add(existsSync(p) ? readInside(dir, p) : undefined, r.run, r.deathSpirals ?? []);
    }
  }
  failures.sort((a, b) => a.run - b.run);
  // Every run failed: the step length (for the failures' days) from a failed run's file.
  const failedSteps = failures.find((f) => f.hasSteps);
  if (series.length === 0 && failedSteps) {
    const path =
      info.kind === "run"
        ? join(dir, "steps.arrow")
        : sweepPaths(dir).steps(point, failedSteps.run);
    try {
      const meta = readArrow(readInside(dir, path)).metadata;
      stepHours = Number(meta.get("tokensim.stepHours") ?? stepHours);
    } catch {
      // the failures are then shown by step alone
    }
  }
  return {
    series,
    spirals,
    runs,
    spiralledRuns,
    failures,
    expectedRuns: info.runsPerPoint,
    stepsKept: info.stepsKept,
    stepHours,
    ...(params !== undefined ? { params } : {}),
    ...(sets ? { sets } : {}),
  };
}
