import { join } from "node:path";
import type { RunExecutor } from "../sweep/runner.ts";
import { version } from "../version.ts";
import type { EvalContext } from "./evaluate.ts";
import { type Finalist, finalEvaluation } from "./final.ts";
import { historyArrow } from "./history.ts";
import { planStudy, type StudyRequest } from "./plan.ts";
import { openStudy, type StudySettings, studyJson, writeFileAtomic } from "./record.ts";
import { searchCmaEs, searchNsga2 } from "./search.ts";

/** Where and how a study runs. */
export interface StudyOptions {
  out: string;
  executor: RunExecutor;
  /** Runs in flight at once (default 2). */
  concurrency?: number;
  /** Continue the study recorded in `out` (same request). */
  resume?: boolean;
  /** Stops starting runs; the generation in progress is discarded (a resume redoes it). */
  signal?: AbortSignal;
  onProgress?: (done: number, total: number) => void;
  /** Called after each generation is recorded. */
  onGeneration?: (g: number) => void;
}

/** What `optimize.json` holds. */
export interface OptimizeResult {
  format: "tokensim-optimize-result/1";
  tokensimVersion: string;
  settings: StudySettings;
  stopped: "budget" | "converged" | "generations";
  generations: number;
  runs: { search: number; final: number };
  /** The root seed of the final re-evaluation's runs (none shared with the search). */
  finalSeed: number;
  /** One objective: the best finalist on the fresh runs (Deb's rules). */
  recommended: Finalist | null;
  /** Every re-evaluated candidate: the shortlist (one objective) or the front (several), best first. */
  finalists: Finalist[];
}

/**
 * Runs an optimisation study into `out`: CMA-ES for one objective, NSGA-II
 * for several; every generation is recorded as it completes, then the
 * shortlist is re-evaluated on fresh seeds, and `optimize.json` and
 * `history.arrow` are written. Returns undefined when stopped by the signal.
 */
export async function runStudy(
  req: StudyRequest,
  opts: StudyOptions,
): Promise<OptimizeResult | undefined> {
  const plan = await planStudy(req);
  const { settings } = plan;
  const recorded = openStudy(opts.out, settings, opts.resume === true);
  const reserve = (settings.algorithm === "cma-es" ? 3 : settings.population) * settings.finalRuns;
  let done = 0;
  let total = settings.budget + reserve;
  const ctx: EvalContext = {
    settings,
    scenario: plan.scenario,
    objectives: plan.objectives,
    constraints: plan.constraints,
    plan: plan.metrics,
    executor: opts.executor,
    concurrency: opts.concurrency ?? 2,
    ...(opts.signal ? { signal: opts.signal } : {}),
    onRun: () => opts.onProgress?.(++done, total),
  };
  opts.onProgress?.(0, total);
  const io = {
    out: opts.out,
    recorded,
    ...(opts.onGeneration ? { onGeneration: opts.onGeneration } : {}),
  };
  const search =
    settings.algorithm === "cma-es" ? await searchCmaEs(ctx, io) : await searchNsga2(ctx, io);
  if (search.stopped === "interrupted") return undefined;
  const searchRuns = search.history.reduce((s, h) => s + h.record.runs, 0);
  const final = await finalEvaluation(ctx, search, opts.out, recorded.get("final"), (finalists) => {
    total = done + finalists * settings.finalRuns;
  });
  if (!final) return undefined;
  const result: OptimizeResult = {
    format: "tokensim-optimize-result/1",
    tokensimVersion: version,
    settings,
    stopped: search.stopped,
    generations: search.generations,
    runs: { search: searchRuns, final: final.scored.reduce((s, h) => s + h.record.runs, 0) },
    finalSeed: final.scored[0]?.seed ?? 0,
    recommended: settings.algorithm === "cma-es" ? (final.finalists[0] ?? null) : null,
    finalists: final.finalists,
  };
  writeFileAtomic(
    join(opts.out, "history.arrow"),
    historyArrow(settings, [...search.history, ...final.scored]),
  );
  writeFileAtomic(join(opts.out, "optimize.json"), studyJson(result));
  return result;
}
