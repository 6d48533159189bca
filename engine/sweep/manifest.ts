import { existsSync, readFileSync, renameSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import type { SweepDesign } from "../design/design.ts";
import { makeDir } from "../makeDir.ts";
import type { Axis, SweepPoint } from "./grid.ts";

/** What a sweep is: written to `<out>/manifest.json`, and checked on --resume and merge. */
export interface SweepManifest {
  format: "tokensim-sweep/1";
  tokensimVersion: string;
  scenario: string;
  /** The scenario as given on the command line (file or bundled name). */
  scenarioRef: string;
  /** sha256 of the scenario file the sweep ran. */
  scenarioSha256: string;
  /** Overrides applied at every point (`--set`). */
  sets: string[];
  grid: Axis[];
  zip: Axis[];
  points: Pick<SweepPoint, "index" | "values">[];
  runsPerPoint: number;
  rootSeed: number;
  commonRandomNumbers: boolean;
  seedRule: string;
  /** Whether per-step metrics are kept (steps/), and every how many steps a row is recorded. */
  keepSteps: boolean;
  recordEvery: number;
  /**
   * The experimental design whose points the zipped axes hold (absent for grid
   * and zip sweeps): method, samples, ranges and design seed, from which
   * `tokensim analyze` rebuilds its matrices.
   */
  design?: SweepDesign;
}

/** The seed rule, in words, as recorded in every manifest. */
export const SEED_RULE =
  'seed(point, run) = hash53("tokensim/sweep/<rootSeed>/<point>/<run>") mod 2^32 ' +
  '(with common random numbers: hash53("tokensim/sweep/<rootSeed>/crn/<run>") mod 2^32); ' +
  "the run then draws every component stream from (seed, run, component)";

/** Paths inside a sweep's output directory. */
export const sweepPaths = (out: string) => ({
  manifest: join(out, "manifest.json"),
  runsTable: join(out, "runs.arrow"),
  sweepTable: join(out, "sweep.arrow"),
  failures: join(out, "failures.json"),
  /** Runs a merge did not find (written instead of the tables while any are missing). */
  missing: join(out, "missing.json"),
  /** Per-step metrics of one run, hive-partitioned by point. */
  steps: (point: number, run: number) =>
    join(
      out,
      "steps",
      `point=${String(point).padStart(4, "0")}`,
      `run=${String(run).padStart(5, "0")}.arrow`,
    ),
  /** One run's summary: its presence marks the run complete (the resume journal). */
  summary: (point: number, run: number) =>
    join(
      out,
      "summaries",
      `p${String(point).padStart(4, "0")}-r${String(run).padStart(5, "0")}.json`,
    ),
  summaries: join(out, "summaries"),
});

/** Writes text to `path` through a temp file and a rename (never half a file). */
export function writeFileAtomic(path: string, data: string | Uint8Array): void {
  makeDir(dirname(path));
  const tmp = `${path}.tmp-${process.pid}`;
  writeFileSync(tmp, data);
  renameSync(tmp, path);
}

export function readManifest(out: string): SweepManifest | undefined {
  const path = sweepPaths(out).manifest;
  return existsSync(path) ? (JSON.parse(readFileSync(path, "utf8")) as SweepManifest) : undefined;
}

/** Whether two manifests describe the same sweep (the tokensim version aside). */
export function sameSweep(a: SweepManifest, b: SweepManifest): boolean {
  const key = (m: SweepManifest) => JSON.stringify({ ...m, tokensimVersion: "" });
  return key(a) === key(b);
}
