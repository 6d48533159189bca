import { existsSync } from "node:fs";
import { join } from "node:path";
import type { StressResult } from "../../engine/stress/stress.ts";
import { type Columns, readArrow } from "./arrowTable.ts";
import type { Interval } from "./optimizeView.ts";
import { BadNameError, CorruptResultError, readInside } from "./resultStore.ts";
import { compareValueDir, readStudyJson } from "./studyFiles.ts";

/** A shock on the frontier chart: its cost and P(spiral) with its interval. */
interface ShockPoint {
  costUsd: number;
  pSpiral: Interval;
  runs: number;
  /** Search generation, or "final" (re-evaluated on fresh seeds). */
  generation: number | "final";
  parameters: Record<string, number | string>;
}

/** A minimal shock as the table lists it. */
interface MinimalRow {
  source: string;
  parameters: Record<string, number | string>;
  sets: string[];
  costUsd: number;
  /** The cost by family (crash, liquidity, power, hardware), USD. */
  costs: Record<string, number>;
  pSpiral: Interval & { method: string; verdict: string };
  feasible: boolean;
  runs: number;
  spirals: number;
  /** The leg that started most spirals (null: none examined), and how many runs were examined. */
  firstLeg: string | null;
  legRuns: number;
  meanStartStep: number | null;
}

/** A stress search shaped for its charts and table (see {@link stressView}). */
export interface StressView {
  kind: "stress";
  scenario: string;
  p: number;
  confidence: number;
  families: string[];
  costMeasure: string;
  stopped: string;
  runs: { search: number; final: number; legs: number };
  /** Shocks searched: every evaluated candidate of history.arrow (empty without it). */
  candidates: ShockPoint[];
  /** stress.json's frontier: no other shock as cheap with as high a P(spiral), by cost. */
  frontier: ShockPoint[];
  minimal: MinimalRow[];
  /** Index into `minimal` of the breaking point (the first at or above p), null when none. */
  breakingPoint: number | null;
  /** The overrides the search ran every candidate with (`--set`s and families switched off). */
  sets: string[];
  /**
   * The breaking point's run and the same run without any shock, per step,
   * when the folder holds them (stress.json's `trajectories`: breaking-run.arrow
   * and baseline-run.arrow); null when it does not (an older stress output, or
   * no breaking point).
   */
  trajectories: TrajectoryPair | null;
}

/** One metric of {@link TrajectoryPair}: the shocked and the baseline run, step by step. */
interface TrajectorySeries {
  column: string;
  title: string;
  unit: string;
  shocked: (number | null)[];
  baseline: (number | null)[];
}

/** The breaking point's trajectory next to the baseline's: the same run (seed, index), shock on and off. */
export interface TrajectoryPair {
  run: number;
  seed: number;
  /** Day of each row (both runs are recorded every step; long runs are thinned evenly). */
  days: number[];
  series: TrajectorySeries[];
}

/** The metrics the trajectory charts compare, with their titles. */
const TRAJECTORY_METRICS = [
  ["priceUsd", "Token price", "USD/token"],
  ["providersActive", "Active providers", "providers"],
  ["spiralActive", "In a death spiral", "0/1"],
] as const;

/** Rows kept of a run for the page: every k-th step, at most this many. */
const MAX_ROWS = 1500;

const num = (v: number): number | null => (Number.isFinite(v) ? v : null);

/**
 * The shocks the search evaluated, from history.arrow: cost is the objective
 * (`objective1`: mean(shockCostUsd)) and P(spiral) the first constraint
 * (`constraint1`, its Lower and Upper), search and final rows alike.
 */
function shockCandidates(history: Columns, keys: readonly string[]): ShockPoint[] {
  const phase = history.strings("phase") ?? [];
  const generation = history.get("generation");
  const evaluated = history.get("evaluated");
  const runs = history.get("runs");
  const cost = history.get("objective1");
  const [p, lo, hi] = ["", "Lower", "Upper"].map((s) => history.get(`constraint1${s}`));
  const out: ShockPoint[] = [];
  for (let i = 0; i < history.numRows; i++) {
    if (!evaluated?.[i] || !Number.isFinite(Number(cost?.[i]))) continue;
    out.push({
      costUsd: Number(cost![i]),
      pSpiral: {
        estimate: num(Number(p?.[i] ?? Number.NaN)),
        lower: num(Number(lo?.[i] ?? Number.NaN)),
        upper: num(Number(hi?.[i] ?? Number.NaN)),
      },
      runs: Number(runs?.[i] ?? 0),
      generation: phase[i] === "final" ? "final" : Number(generation?.[i] ?? 0),
      parameters: Object.fromEntries(
        keys.map((k) => [k, history.get(k)?.[i] ?? history.strings(k)?.[i] ?? Number.NaN]),
      ),
    });
  }
  return out;
}

const minimalRow = (m: StressResult["minimal"][number]): MinimalRow => ({
  source: m.source,
  parameters: m.parameters,
  sets: m.sets,
  costUsd: m.cost.totalUsd,
  costs: {
    crash: m.cost.crashUsd,
    liquidity: m.cost.liquidityUsd,
    power: m.cost.powerUsd,
    hardware: m.cost.hardwareUsd,
  },
  pSpiral: {
    estimate: num(m.pSpiral.estimate),
    lower: num(m.pSpiral.lower),
    upper: num(m.pSpiral.upper),
    method: m.pSpiral.method,
    verdict: m.pSpiral.verdict,
  },
  feasible: m.feasible,
  runs: m.runs,
  spirals: m.spirals,
  firstLeg: m.firstLeg.mostly,
  legRuns: m.firstLeg.runsExamined,
  meanStartStep: m.firstLeg.meanStartStep,
});

/** Shapes stress.json (and history.arrow, when given) into a {@link StressView}. */
function stressView(s: StressResult, history: Columns | undefined): StressView {
  const keys = s.study.ranges.map((r) => r.split("=")[0]!.trim());
  const minimal = s.minimal.map(minimalRow);
  const bp = minimal.findIndex((m) => m.feasible);
  return {
    kind: "stress",
    scenario: s.scenario,
    p: s.p,
    confidence: s.confidence,
    families: s.families,
    costMeasure: s.costMeasure,
    stopped: s.stopped,
    runs: s.runs,
    candidates: history ? shockCandidates(history, keys) : [],
    frontier: s.frontier.map((f) => ({
      costUsd: f.costUsd,
      pSpiral: {
        estimate: num(f.pSpiral.estimate),
        lower: num(f.pSpiral.lower),
        upper: num(f.pSpiral.upper),
      },
      runs: f.runs,
      generation: f.generation,
      parameters: f.parameters,
    })),
    minimal,
    breakingPoint: s.breakingPoint && bp >= 0 ? bp : null,
    sets: s.study.sets,
    trajectories: null,
  };
}

/**
 * Reads the breaking point's and the baseline's per-step files named by
 * stress.json (only inside `dir`), as a {@link TrajectoryPair}; null when
 * stress.json names none or a file is missing.
 */
function readTrajectories(
  dir: string,
  t: StressFileTrajectories | null | undefined,
): TrajectoryPair | null {
  if (!t || typeof t.shocked !== "string" || typeof t.baseline !== "string") return null;
  const files = [t.shocked, t.baseline].map((f) => join(dir, f));
  if (!files.every((f) => existsSync(f))) return null;
  let shocked: Columns;
  let baseline: Columns;
  try {
    [shocked, baseline] = files.map((f) => readArrow(readInside(dir, f))) as [Columns, Columns];
  } catch (err) {
    if (err instanceof BadNameError) throw err;
    throw new CorruptResultError(`a trajectory file cannot be read: ${(err as Error).message}`);
  }
  const rows = Math.min(shocked.numRows, baseline.numRows);
  const every = Math.max(1, Math.ceil(rows / MAX_ROWS));
  const stepHours = Number(shocked.metadata.get("tokensim.stepHours") ?? 1);
  const steps = shocked.get("step");
  const picked = Array.from({ length: Math.ceil(rows / every) }, (_, k) => k * every);
  const col = (c: Columns, name: string) => {
    const v = c.get(name);
    return picked.map((i) => (v && Number.isFinite(Number(v[i])) ? Number(v[i]) : null));
  };
  return {
    run: t.run,
    seed: t.seed,
    days: picked.map((i) => (Number(steps?.[i] ?? i) * stepHours) / 24),
    series: TRAJECTORY_METRICS.filter(([c]) => shocked.get(c) && baseline.get(c)).map(
      ([column, title, unit]) => ({
        column,
        title,
        unit,
        shocked: col(shocked, column),
        baseline: col(baseline, column),
      }),
    ),
  };
}

/** stress.json's `trajectories` (newer outputs): the two per-step files and the run. */
interface StressFileTrajectories {
  shocked: string;
  baseline: string;
  seed: number;
  run: number;
}

/**
 * Reads a stress folder's stress.json and history.arrow (only inside the
 * folder) as a {@link StressView}; undefined while stress.json is not written.
 */
export function readStressView(dir: string): StressView | undefined {
  if (!existsSync(join(dir, "stress.json"))) return undefined;
  const s = readStudyJson<StressResult & { trajectories?: StressFileTrajectories | null }>(
    dir,
    "stress.json",
  );
  if (s.format !== "tokensim-stress-result/1" || !Array.isArray(s.frontier))
    throw new CorruptResultError("stress.json is not a tokensim stress result");
  const path = join(dir, "history.arrow");
  let history: Columns | undefined;
  if (existsSync(path))
    try {
      history = readArrow(readInside(dir, path));
    } catch (err) {
      if (err instanceof BadNameError) throw err;
      throw new CorruptResultError(`history.arrow cannot be read: ${(err as Error).message}`);
    }
  return { ...stressView(s, history), trajectories: readTrajectories(dir, s.trajectories) };
}

/** A stress comparison (`stress --compare key=v1,v2`): each value's search and breaking point. */
export interface StressCompareView {
  kind: "stress-compare";
  key: string;
  values: {
    value: string;
    /** The value's search (null while its stress.json is not written). */
    view: StressView | null;
    /** The breaking point's cost, USD (null: none confirmed). */
    breakingUsd: number | null;
  }[];
}

/** Reads a comparison folder: compare.json and each value's folder `<key>=<value>/`. */
export function readStressCompareView(dir: string): StressCompareView {
  const c = readStudyJson<{
    format: string;
    key: string;
    results: { value: string; breakingPoint: { cost: { totalUsd: number } } | null }[];
  }>(dir, "compare.json");
  if (c.format !== "tokensim-stress-compare/1" || !Array.isArray(c.results))
    throw new CorruptResultError("compare.json is not a tokensim stress comparison");
  return {
    kind: "stress-compare",
    key: c.key,
    values: c.results.map((r) => ({
      value: r.value,
      view: readStressView(compareValueDir(dir, c.key, r.value)) ?? null,
      breakingUsd: r.breakingPoint ? r.breakingPoint.cost.totalUsd : null,
    })),
  };
}
