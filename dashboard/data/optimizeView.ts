import { existsSync } from "node:fs";
import { join } from "node:path";
import type { Finalist } from "../../engine/optimize/final.ts";
import { parseObjective } from "../../engine/optimize/goals.ts";
import type { OptimizeResult } from "../../engine/optimize/study.ts";
import { type Columns, readArrow } from "./arrowTable.ts";
import { BadNameError, CorruptResultError, readInside } from "./resultStore.ts";
import { readStudyJson } from "./studyFiles.ts";

/** An estimate with its confidence interval; null where it is not a finite number. */
export interface Interval {
  estimate: number | null;
  lower: number | null;
  upper: number | null;
}

/** An objective: its text (`max:median(priceEndUsd)`), its sense and the statistic alone. */
export interface GoalView {
  spec: string;
  sense: "min" | "max";
  /** The statistic without the sense (`median(priceEndUsd)`): an axis label. */
  statistic: string;
}

/** One evaluated candidate of the search (a CMA-ES sample outside the ranges is not one). */
export interface CandidatePoint {
  generation: number;
  candidate: number;
  /** Every constraint's estimate on its right side. */
  feasible: boolean;
  /** Each objective's estimate on the candidate's own runs (null: not finite). */
  objectives: (number | null)[];
  /** Each objective's interval bounds, in the order of `objectives`. */
  lower: (number | null)[];
  upper: (number | null)[];
}

/** One generation of one objective: its best feasible estimate and the best so far. */
export interface ConvergenceRow {
  generation: number;
  /** The generation's best feasible estimate (null: no feasible candidate). */
  best: number | null;
  /** The best feasible estimate of this and every earlier generation. */
  bestSoFar: number | null;
  /** Candidates run in this generation, and how many were feasible. */
  evaluated: number;
  feasible: number;
}

/** A re-evaluated candidate (fresh seeds), as the table and the Pareto chart show it. */
export interface FinalistView {
  source: string;
  /** Searched parameters' values (a choice of levels as its level's name). */
  parameters: Record<string, number | string>;
  sets: string[];
  runs: number;
  failedRuns: number;
  objectives: (Interval & { spec: string; method: string })[];
  constraints: (Interval & { spec: string; method: string; verdict: string })[];
  feasible: boolean;
  /** Several objectives: another finalist dominates it on the fresh runs. */
  dominated: boolean;
}

/** An optimisation study shaped for its charts and table (see {@link optimizeView}). */
export interface OptimizeView {
  kind: "optimize";
  scenario: string;
  algorithm: "cma-es" | "nsga-ii";
  stopped: string;
  generations: number;
  runs: { search: number; final: number };
  confidence: number;
  /** Searched parameters: numeric bounds, or a choice of levels. */
  ranges: (
    | { key: string; lo: number; hi: number; log: boolean }
    | { key: string; levels: string[] }
  )[];
  objectives: GoalView[];
  constraints: string[];
  /** Evaluated candidates of the search (history.arrow's search rows). */
  candidates: CandidatePoint[];
  /** Per objective, one row per generation. */
  convergence: ConvergenceRow[][];
  finalists: FinalistView[];
  /** The finalist marked on the charts (index into `finalists`), null when none is feasible. */
  chosen: number | null;
  /** Why that one: the recommendation, or with several objectives the rule that picked it. */
  chosenWhy: string;
}

const num = (v: number | null | undefined): number | null =>
  v === null || v === undefined || !Number.isFinite(v) ? null : v;

const interval = (e: { estimate: number; lower: number; upper: number }): Interval => ({
  estimate: num(e.estimate),
  lower: num(e.lower),
  upper: num(e.upper),
});

/** An objective's text as a {@link GoalView}: `min:`/`max:` (or minimise, maximize, ...) split off. */
export function goalView(spec: string): GoalView {
  const o = parseObjective(spec);
  return { spec, sense: o.sense, statistic: spec.slice(spec.indexOf(":") + 1).trim() };
}

/** Whether estimate `a` is better than `b` for an objective of this sense. */
const better = (sense: "min" | "max", a: number, b: number) => (sense === "min" ? a < b : a > b);

/**
 * Each objective's convergence by generation: per generation the best
 * feasible candidate's estimate (on its own runs) and the best so far.
 */
export function convergenceOf(
  candidates: readonly CandidatePoint[],
  objectives: readonly GoalView[],
  generations: number,
): ConvergenceRow[][] {
  const count = Math.max(generations, ...candidates.map((c) => c.generation + 1));
  return objectives.map((o, k) => {
    let bestSoFar: number | null = null;
    return Array.from({ length: count }, (_, g): ConvergenceRow => {
      const inGen = candidates.filter((c) => c.generation === g);
      let best: number | null = null;
      for (const c of inGen) {
        const v = c.objectives[k];
        if (!c.feasible || v === null || v === undefined) continue;
        if (best === null || better(o.sense, v, best)) best = v;
      }
      if (best !== null && (bestSoFar === null || better(o.sense, best, bestSoFar)))
        bestSoFar = best;
      return {
        generation: g,
        best,
        bestSoFar,
        evaluated: inGen.length,
        feasible: inGen.filter((c) => c.feasible).length,
      };
    });
  });
}

/**
 * The search's evaluated candidates from history.arrow: its `search` rows with
 * `evaluated` true, each objective's estimate and interval (`objectiveK`,
 * `objectiveKLower`, `objectiveKUpper`) and `feasible`.
 */
function historyCandidates(history: Columns, objectives: number): CandidatePoint[] {
  const phase = history.strings("phase") ?? [];
  const generation = history.get("generation");
  const candidate = history.get("candidate");
  const evaluated = history.get("evaluated");
  const feasible = history.get("feasible");
  const col = (k: number, suffix: string) => history.get(`objective${k + 1}${suffix}`);
  const out: CandidatePoint[] = [];
  for (let i = 0; i < history.numRows; i++) {
    if (phase[i] !== "search" || !evaluated?.[i]) continue;
    const pick = (suffix: string) =>
      Array.from({ length: objectives }, (_, k) => num(Number(col(k, suffix)?.[i] ?? Number.NaN)));
    out.push({
      generation: Number(generation?.[i] ?? 0),
      candidate: Number(candidate?.[i] ?? i),
      feasible: Boolean(feasible?.[i]),
      objectives: pick(""),
      lower: pick("Lower"),
      upper: pick("Upper"),
    });
  }
  return out;
}

function finalistView(f: Finalist): FinalistView {
  return {
    source: f.source,
    parameters: f.parameters,
    sets: f.sets,
    runs: f.runs,
    failedRuns: f.failedRuns,
    objectives: f.objectives.map((o) => ({ spec: o.spec, method: o.method, ...interval(o) })),
    constraints: f.constraints.map((c) => ({
      spec: c.spec,
      method: c.method,
      verdict: c.verdict,
      ...interval(c),
    })),
    feasible: f.feasible,
    dominated: f.dominated === true,
  };
}

/**
 * The finalist to mark: with one objective the recommendation (the first
 * finalist, best on the fresh runs by Deb's rules); with several, where
 * NSGA-II recommends none, the first feasible non-dominated finalist along the
 * first objective (the page lets the reader pick another).
 */
export function chooseFinalist(
  result: Pick<OptimizeResult, "recommended">,
  finalists: readonly FinalistView[],
): { chosen: number | null; chosenWhy: string } {
  if (result.recommended !== null)
    return finalists.length > 0
      ? { chosen: 0, chosenWhy: "the recommendation (best on fresh seeds)" }
      : { chosen: null, chosenWhy: "no finalist" };
  const i = finalists.findIndex((f) => f.feasible && !f.dominated);
  if (i < 0) return { chosen: null, chosenWhy: "no feasible non-dominated finalist" };
  return {
    chosen: i,
    chosenWhy:
      "NSGA-II recommends no single point; this is the first feasible point of the front along the first objective (pick another in the table's order)",
  };
}

/** Shapes optimize.json and history.arrow into an {@link OptimizeView}. */
function optimizeView(result: OptimizeResult, history: Columns | undefined): OptimizeView {
  const s = result.settings;
  const objectives = s.objectives.map(goalView);
  const candidates = history ? historyCandidates(history, objectives.length) : [];
  const finalists = result.finalists.map(finalistView);
  return {
    kind: "optimize",
    scenario: s.scenario,
    algorithm: s.algorithm,
    stopped: result.stopped,
    generations: result.generations,
    runs: result.runs,
    confidence: s.confidence,
    ranges: s.ranges.map((r) =>
      "levels" in r
        ? { key: r.key, levels: r.levels }
        : { key: r.key, lo: r.lo, hi: r.hi, log: r.log },
    ),
    objectives,
    constraints: s.constraints,
    candidates,
    convergence: convergenceOf(candidates, objectives, result.generations),
    finalists,
    ...chooseFinalist(result, finalists),
  };
}

/**
 * Reads an optimisation folder's optimize.json and history.arrow (only inside
 * the folder) as an {@link OptimizeView}; undefined while optimize.json is not
 * written (a study running, or interrupted).
 */
export function readOptimizeView(dir: string): OptimizeView | undefined {
  if (!existsSync(join(dir, "optimize.json"))) return undefined;
  const result = readStudyJson<OptimizeResult>(dir, "optimize.json");
  if (result.format !== "tokensim-optimize-result/1" || !Array.isArray(result.finalists))
    throw new CorruptResultError("optimize.json is not a tokensim optimisation result");
  const historyPath = join(dir, "history.arrow");
  let history: Columns | undefined;
  if (existsSync(historyPath))
    try {
      history = readArrow(readInside(dir, historyPath));
    } catch (err) {
      if (err instanceof BadNameError) throw err;
      throw new CorruptResultError(`history.arrow cannot be read: ${(err as Error).message}`);
    }
  return optimizeView(result, history);
}
