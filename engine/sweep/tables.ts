import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import {
  type DataType,
  Field,
  Float64,
  Int32,
  Table,
  Uint32,
  Utf8,
  type Vector,
  vectorFromArray,
} from "apache-arrow";
import { mean, quantileSorted, sampleStandardDeviation } from "simple-statistics";
import { HEADLINE_METRICS } from "../check/validate.ts";
import { TokensimError } from "../errors.ts";
import { tableToIpcFile, withSchema } from "../metrics/ipcFile.ts";
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
    .map((f) => {
      const text = read(join(dir, f)); // a reader's own errors pass through unchanged
      try {
        return JSON.parse(text) as RunRecord;
      } catch (err) {
        // Name the file: "Unexpected end of JSON input" alone does not say which.
        throw new TokensimError(
          "TOKENSIM_SWEEP",
          `${join(dir, f)}: damaged run record (${(err as Error).message}); delete it and --resume reruns that run`,
        );
      }
    })
    .sort((a, b) => a.point - b.point || a.run - b.run);
}

/** One column of a sweep table: values (null where there is none), type, unit and meaning. */
interface Col {
  values: ArrayLike<number | null> | readonly (string | null)[];
  type: DataType;
  unit: string;
  description: string;
}

const f64 = (values: ArrayLike<number | null>, unit: string, description: string): Col => ({
  values,
  type: new Float64(),
  unit,
  description,
});
const i32 = (values: ArrayLike<number | null>, unit: string, description: string): Col => ({
  values,
  type: new Int32(),
  unit,
  description,
});
const utf8 = (values: readonly string[], unit: string, description: string): Col => ({
  values,
  type: new Utf8(),
  unit,
  description,
});

/** NaN (no value: no spiral, no completed run) becomes null, as data-frame libraries expect. */
const orNull = (x: number): number | null => (Number.isNaN(x) ? null : x);

/**
 * Encodes columns as an Arrow IPC file. Every field carries `unit` and
 * `description` metadata and the schema the table's (as in steps.arrow); a
 * field is nullable where a value can be missing. Strings are plain Utf8
 * columns, not dictionaries: apache-arrow numbers dictionaries from a
 * process-wide counter, which would make the bytes depend on what ran before.
 */
function toIPC(cols: Record<string, Col>, metadata: Record<string, string>): Uint8Array {
  const vectors: Record<string, Vector> = {};
  for (const [name, c] of Object.entries(cols))
    vectors[name] = vectorFromArray(Array.from(c.values as ArrayLike<unknown>), c.type);
  const plain = new Table(vectors);
  const fields = plain.schema.fields.map((f) => {
    const c = cols[f.name]!;
    const nullable = (plain.getChild(f.name)?.nullCount ?? 0) > 0;
    return new Field(
      f.name,
      f.type,
      nullable,
      new Map([
        ["unit", c.unit],
        ["description", c.description],
      ]),
    );
  });
  return tableToIpcFile(withSchema(plain, fields, new Map(Object.entries(metadata))));
}

/** Schema metadata of both tables: what produced them and how to read the statistics. */
function tableMetadata(manifest: SweepManifest, table: "runs" | "sweep"): Record<string, string> {
  return {
    "tokensim.version": manifest.tokensimVersion,
    "tokensim.table": table,
    "tokensim.scenario": manifest.scenario,
    "tokensim.rootSeed": String(manifest.rootSeed),
    "tokensim.seedRule": manifest.seedRule,
    "tokensim.sdEstimator": "sample standard deviation (n - 1); null with fewer than 2 runs",
    "tokensim.quantiles": "linear interpolation between order statistics (R type 7)",
  };
}

/** Units and meanings of the run summary's headline figures. */
const HEADLINE_META: Record<(typeof HEADLINE_METRICS)[number], [string, string]> = {
  priceStartUsd: ["USD/token", "token price at the start"],
  priceEndUsd: ["USD/token", "token price at the end"],
  priceChangePct: ["percent", "price change over the run"],
  maxDrawdownPct: ["percent", "largest fall of the price from a running peak"],
  supplyStartTokens: ["tokens", "total supply at the start"],
  supplyEndTokens: ["tokens", "total supply at the end"],
  supplyChangePct: ["percent", "supply change over the run"],
  mintedTokens: ["tokens", "tokens minted over the run"],
  burnedTokens: ["tokens", "tokens burned over the run"],
  slashedTokens: ["tokens", "stake slashed over the run"],
  providersStart: ["providers", "providers at the start"],
  providersActiveEnd: ["providers", "active providers at the end"],
  providersActivePeak: ["providers", "most active providers at any step"],
  entrants: ["providers", "providers that joined"],
  exits: ["providers", "providers that left"],
  jobsArrived: ["jobs", "jobs that arrived"],
  jobsServed: ["jobs", "jobs served"],
  jobsDropped: ["jobs", "jobs dropped after waiting too long"],
  dropRate: ["fraction", "dropped / arrived"],
  revenueUsd: ["USD", "client payments"],
  meanUtilisation: ["fraction", "mean share of capacity used"],
  cheatersCaught: ["providers", "cheaters caught by verification"],
  falseFlags: ["providers", "honest providers wrongly flagged"],
};

/** Parameter columns: `param.<key>` per swept key (float64 when every value is a number). */
function paramColumns(manifest: SweepManifest, pointOf: readonly number[]): Record<string, Col> {
  const cols: Record<string, Col> = {};
  const keys = [...manifest.grid, ...manifest.zip].map((a) => a.key);
  for (const key of keys) {
    const values = pointOf.map((p) => manifest.points[p]!.values[key]!);
    const description = `swept parameter ${key} (see tokensim params for its unit)`;
    cols[`param.${key}`] = values.every((v) => typeof v === "number")
      ? f64(values as number[], "parameter", description)
      : utf8(values.map(String), "parameter", description);
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
function spiralColumns(records: readonly RunRecord[]): Record<string, Col> {
  return {
    deathSpirals: i32(
      records.map((r) => r.deathSpirals.length),
      "spirals",
      "death spirals detected in the run",
    ),
    firstSpiralStep: i32(
      records.map((r) => r.deathSpirals[0]?.startStep ?? null),
      "step",
      "step the first death spiral started (null without one)",
    ),
    spiralDepthPct: f64(
      records.map(spiralDepthPct),
      "percent",
      "deepest price fall under a pre-spiral peak (0 without a spiral)",
    ),
    spiralSteps: f64(records.map(spiralSteps), "steps", "steps spent in death spirals"),
    spiralsRecovered: i32(
      records.map((r) => r.deathSpirals.filter((e) => e.endedBy === "recovery").length),
      "spirals",
      "death spirals that ended by recovery",
    ),
  };
}

/** Writes `runs.arrow`: one row per run, with its point's parameter values. */
function writeRunsTable(out: string, manifest: SweepManifest, records: readonly RunRecord[]): void {
  const cols: Record<string, Col> = {
    point: i32(
      records.map((r) => r.point),
      "index",
      "parameter point number",
    ),
    run: i32(
      records.map((r) => r.run),
      "index",
      "Monte Carlo run number at the point",
    ),
    seed: {
      values: records.map((r) => r.seed),
      type: new Uint32(),
      unit: "seed",
      description:
        "the run's root seed (tokensim run --seed <seed> --run-index <run> reproduces it)",
    },
    status: utf8(
      records.map((r) => r.status),
      "status",
      "ok, failed (an invariant broke) or error",
    ),
    message: utf8(
      records.map((r) => r.message),
      "text",
      "what went wrong (empty when ok)",
    ),
    ...paramColumns(
      manifest,
      records.map((r) => r.point),
    ),
    sets: utf8(
      records.map((r) => r.sets.join(" ")),
      "key=value",
      "every parameter override of the run",
    ),
    stepsCompleted: i32(
      records.map((r) => r.stepsCompleted),
      "steps",
      "steps simulated (fewer when an invariant stopped the run)",
    ),
    ...spiralColumns(records),
  };
  for (const m of HEADLINE_METRICS) {
    const [unit, description] = HEADLINE_META[m];
    cols[m] = f64(
      records.map((r) => orNull(r.headline?.[m] ?? Number.NaN)),
      unit,
      `${description} (a failed run's figures up to its failing step; null for a run that errored)`,
    );
  }
  for (const [name, unit, description] of declaredOutcomes(records)) {
    cols[`outcome.${name}`] = f64(
      records.map((r) => orNull(r.outcomes?.[name] ?? Number.NaN)),
      unit,
      `${description} (an outcome the scenario declares; null for a run that errored)`,
    );
  }
  writeFileAtomic(sweepPaths(out).runsTable, toIPC(cols, tableMetadata(manifest, "runs")));
}

/**
 * The outcomes the scenario declares, with unit and meaning, in the order the
 * first run that has them lists them (every run of a sweep has the same).
 */
function declaredOutcomes(records: readonly RunRecord[]): [string, string, string][] {
  const info = records.find((r) => r.outcomeInfo)?.outcomeInfo ?? {};
  return Object.entries(info).map(([name, i]) => [name, i.unit, i.description]);
}

/** The across-run statistics of one metric at one point (NaN where undefined). */
function stats(values: number[]): [number, number, number, number, number, number, number] {
  const nan = Number.NaN;
  if (values.length === 0) return [nan, nan, nan, nan, nan, nan, nan];
  const sorted = [...values].sort((a, b) => a - b);
  const q = (p: number) => quantileSorted(sorted, p);
  return [
    mean(sorted),
    sorted.length > 1 ? sampleStandardDeviation(sorted) : nan,
    q(0.05),
    q(0.25),
    q(0.5),
    q(0.75),
    q(0.95),
  ];
}

const STAT_NAMES = ["mean", "sd", "p5", "p25", "p50", "p75", "p95"] as const;
const STAT_WORDS: Record<(typeof STAT_NAMES)[number], string> = {
  mean: "mean",
  sd: "sample standard deviation (n - 1; null with fewer than 2 runs)",
  p5: "5th percentile",
  p25: "25th percentile",
  p50: "median",
  p75: "75th percentile",
  p95: "95th percentile",
};

/**
 * Writes `sweep.arrow`: one row per parameter point, its parameter values, run
 * counts, the probability of a death spiral, and for each headline metric and
 * the spiral depth and duration, their mean, sample sd and p5/p25/p50/p75/p95
 * over the point's completed runs (`<metric>_<stat>`), computed with
 * simple-statistics; null where a statistic has too few runs.
 */
function writeSweepTable(
  out: string,
  manifest: SweepManifest,
  records: readonly RunRecord[],
): void {
  const points = manifest.points.map((p) => p.index);
  const byPoint = points.map((p) => records.filter((r) => r.point === p));
  const ok = byPoint.map((rs) => rs.filter((r) => r.status === "ok"));
  const cols: Record<string, Col> = {
    point: i32(points, "index", "parameter point number"),
    ...paramColumns(manifest, points),
    runs: i32(
      byPoint.map((rs) => rs.length),
      "runs",
      "runs recorded at the point",
    ),
    failedRuns: i32(
      byPoint.map((rs) => rs.filter((r) => r.status !== "ok").length),
      "runs",
      "runs that did not complete ok (left out of every statistic)",
    ),
    pDeathSpiral: f64(
      ok.map((rs) => (rs.length ? rs.filter(spiralled).length / rs.length : null)),
      "probability",
      "share of the completed runs with at least one death spiral (null without any)",
    ),
  };
  const metrics: [string, (r: RunRecord) => number, string, string][] = [
    ...HEADLINE_METRICS.map((m): [string, (r: RunRecord) => number, string, string] => [
      m,
      (r) => r.headline![m],
      ...HEADLINE_META[m],
    ]),
    ["spiralDepthPct", spiralDepthPct, "percent", "deepest price fall under a pre-spiral peak"],
    ["spiralSteps", spiralSteps, "steps", "steps spent in death spirals"],
    ...declaredOutcomes(records).map(
      ([name, unit, description]): [string, (r: RunRecord) => number, string, string] => [
        `outcome.${name}`,
        (r) => r.outcomes?.[name] ?? Number.NaN,
        unit,
        description,
      ],
    ),
  ];
  for (const [m, value, unit, description] of metrics) {
    // A NaN (an outcome with no value in a run, written as null) is left out.
    const perPoint = ok.map((rs) => stats(rs.map(value).filter((v) => !Number.isNaN(v))));
    STAT_NAMES.forEach((name, k) => {
      cols[`${m}_${name}`] = f64(
        perPoint.map((st) => orNull(st[k]!)),
        unit,
        `${STAT_WORDS[name]} over the point's completed runs of: ${description}`,
      );
    });
  }
  writeFileAtomic(sweepPaths(out).sweepTable, toIPC(cols, tableMetadata(manifest, "sweep")));
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
