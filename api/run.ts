/**
 * `tokensim/run`: run a scenario or a sweep from code and get typed results.
 *
 * ```ts
 * import { analyzeSweep, runScenario, runSweep } from "tokensim/run";
 * const { summary, steps } = await runScenario("baseline", { seed: 7, steps: 24 * 90 });
 * console.log(summary.headline.priceEndUsd, steps.getChild("priceUsd")?.get(0));
 *
 * // Sobol indices: a Saltelli design, then the analysis of the sweep directory.
 * await runSweep("baseline", {
 *   out: "results/gsa", runs: 10, sets: ["sim.steps=720"],
 *   design: { method: "saltelli", samples: 256, ranges: ["verification.sampleRate=0.005:0.1:log"] },
 * });
 * const { outcomes } = await analyzeSweep("results/gsa", { outcomes: ["pSpiral"] });
 *
 * // An optimisation study (CMA-ES; NSGA-II with two or more objectives), as `tokensim optimize`.
 * const study = await runStudy(
 *   { scenario: "baseline", ranges: ["emission.tokensPerEpoch=5000:80000:log"],
 *     objectives: ["max:median(priceEndUsd)"], budget: 200, sets: ["sim.steps=720"] },
 *   { out: "results/opt", workers: 2 },
 * );
 * console.log(study?.recommended?.parameters);
 * ```
 *
 * @packageDocumentation
 */
import { readFileSync, renameSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { type Table, tableFromIPC } from "apache-arrow";
import { makeDir } from "../engine/makeDir.ts";
import { AtomicFileSink, type ByteSink, MemorySink } from "../engine/metrics/arrow.ts";
import type { StudyRequest } from "../engine/optimize/plan.ts";
import {
  type OptimizeResult,
  runStudy as runStudyOn,
  type StudyOptions,
} from "../engine/optimize/study.ts";
import { type RunOptions, type RunSummary, runSimulation } from "../engine/pipeline/run.ts";
import { loadScenario, resolveParams, type Scenario } from "../engine/scenario.ts";
import { sweepPaths } from "../engine/sweep/manifest.ts";
import type { SweepRequest } from "../engine/sweep/plan.ts";
import {
  type RunExecutor,
  runSweep as runSweepOn,
  type SweepOutcome,
} from "../engine/sweep/runner.ts";
import { createExecutor, type ExecutorOptions } from "../workers/executor.ts";

export type { Convergence } from "../engine/analysis/convergence.ts";
export type { MorrisEffect } from "../engine/analysis/morrisEffects.ts";
export type {
  PointLabel,
  RequirementSummary,
  RuleAnalysis,
  RuleOptions,
} from "../engine/analysis/ruleAnalysis.ts";
export type { Accuracy, Rule, RuleCondition } from "../engine/analysis/rules.ts";
export type { SobolIndex, SobolResult } from "../engine/analysis/saltelliAnalysis.ts";
export {
  type AnalyzeOptions,
  analyzeSweep,
  type SweepAnalysis,
} from "../engine/analysis/sweepAnalysis.ts";
export type {
  DesignMethod,
  DesignRequest,
  SweepDesign,
} from "../engine/design/design.ts";
export type {
  CategoricalRange,
  ContinuousRange,
  DesignRange,
} from "../engine/design/ranges.ts";
export type { Finalist } from "../engine/optimize/final.ts";
export type { StudyRequest } from "../engine/optimize/plan.ts";
export type { LevelsRange, ParamRange, SearchRange } from "../engine/optimize/ranges.ts";
export type { StudySettings } from "../engine/optimize/record.ts";
export type { ConstraintEstimate, Estimate } from "../engine/optimize/score.ts";
export type { OptimizeResult } from "../engine/optimize/study.ts";
export type { DeclaredOutputs } from "../engine/pipeline/outputs.ts";
export {
  RunInterrupted,
  type RunSpec,
  type RunSummary,
  Simulation,
  type SimulationOptions,
} from "../engine/pipeline/run.ts";
export type { Axis, SweepPoint } from "../engine/sweep/grid.ts";
export type { SweepManifest } from "../engine/sweep/manifest.ts";
export type { RunExecutor, SweepOutcome } from "../engine/sweep/runner.ts";
export type { RunRecord } from "../engine/sweep/runRecord.ts";
export type { RunResult, RunTask } from "../engine/sweep/task.ts";

/** Options of {@link runScenario}. */
export interface RunScenarioOptions {
  /** Root seed (default 42): same scenario, parameters and seed give the same bytes. */
  seed?: number;
  /** Monte Carlo run number: selects independent random streams (default 0). */
  runIndex?: number;
  /** Parameter overrides, `key=value` by dotted path (as `--set`). */
  sets?: readonly string[];
  /** Shorthand for `sim.steps=<n>`. */
  steps?: number;
  /** Keep every k-th step's row (default 1). */
  recordEvery?: number;
  /** Called as the run progresses. */
  onProgress?: (stepsDone: number, steps: number) => void;
  /** Stops the run (it rejects with `RunInterrupted`; files being written are removed). */
  signal?: AbortSignal;
}

/** One run's results in memory. */
export interface ScenarioRun {
  summary: RunSummary;
  /** Per-step metrics, one row per recorded step; units in each field's metadata. */
  steps: Table;
}

const setsOf = (o: RunScenarioOptions): string[] => [
  ...(o.sets ?? []),
  ...(o.steps !== undefined ? [`sim.steps=${o.steps}`] : []),
];

/** Loads and resolves a run before anything is written: bad input fails here. */
async function prepare(scenario: string | Scenario, o: RunScenarioOptions) {
  const s = typeof scenario === "string" ? await loadScenario(scenario) : scenario;
  const params = resolveParams(s, setsOf(o));
  const opts: RunOptions = {
    ...(o.onProgress ? { onProgress: o.onProgress } : {}),
    ...(o.recordEvery !== undefined ? { recordEvery: o.recordEvery } : {}),
    ...(o.signal ? { signal: o.signal } : {}),
  };
  return {
    run: (sink: ByteSink) =>
      runSimulation(
        { scenario: s, params, seed: o.seed ?? 42, runIndex: o.runIndex ?? 0 },
        sink,
        opts,
      ),
  };
}

/**
 * Simulates one run of a scenario (a bundled name, a file path, or a scenario
 * object) and returns its summary and per-step table. A run whose invariant
 * fails returns normally with `summary.status === "failed"` and the rows up to
 * the failing step.
 */
export async function runScenario(
  scenario: string | Scenario,
  o: RunScenarioOptions = {},
): Promise<ScenarioRun> {
  const run = await prepare(scenario, o);
  const sink = new MemorySink();
  const summary = await run.run(sink);
  return { summary, steps: tableFromIPC(sink.bytes()) };
}

/**
 * Simulates one run into `out`: `steps.arrow` streamed to disk as it runs (memory
 * does not grow with the run's length) and `summary.json`, both written
 * atomically, as `tokensim run` does. `extra` fields are added to summary.json.
 */
export async function runScenarioToFiles(
  scenario: string | Scenario,
  out: string,
  o: RunScenarioOptions = {},
  extra: Record<string, unknown> = {},
): Promise<RunSummary> {
  const run = await prepare(scenario, o);
  makeDir(out);
  const summary = await run.run(new AtomicFileSink(join(out, "steps.arrow")));
  const path = join(out, "summary.json");
  writeFileSync(`${path}.tmp`, `${JSON.stringify({ ...summary, ...extra }, null, 2)}\n`);
  renameSync(`${path}.tmp`, path);
  return summary;
}

/** Options of {@link runSweep}: the sweep (as `tokensim sweep` takes it) and where it runs. */
export interface RunSweepOptions
  extends Omit<SweepRequest, "scenario">,
    Pick<ExecutorOptions, "workers" | "queue" | "queueName" | "chunk"> {
  /** Output directory (manifest, runs.arrow, sweep.arrow, steps/). */
  out: string;
  /** Continue the sweep already in `out`, skipping completed runs. */
  resume?: boolean;
  onProgress?: (runsDone: number, runs: number) => void;
  /** Stops dispatching new runs; runs in flight finish and are written. */
  signal?: AbortSignal;
}

/** A sweep's outcome with its two tables read back (absent when it was interrupted). */
export interface SweepRun extends SweepOutcome {
  /** One row per run: point, run, seed, status, parameters and headline figures. */
  runs?: Table;
  /** One row per parameter point: statistics of the outcomes over its runs. */
  points?: Table;
}

/**
 * Runs a Monte Carlo sweep of a scenario file or bundled name over worker
 * threads (default one per core; `workers: 0` runs in this thread) or a Redis
 * queue, and returns its outcome and tables. Results are byte-identical
 * whatever the number of workers.
 */
export async function runSweep(scenario: string, o: RunSweepOptions): Promise<SweepRun> {
  const { out, resume, onProgress, signal, workers, queue, queueName, chunk, ...req } = o;
  const executor = await createExecutor({
    ...(workers !== undefined ? { workers } : {}),
    ...(queue !== undefined ? { queue } : {}),
    ...(queueName !== undefined ? { queueName } : {}),
    ...(chunk !== undefined ? { chunk } : {}),
  });
  try {
    const outcome = await runSweepOn(
      { ...req, scenario },
      {
        out,
        executor: executor.run,
        concurrency: executor.concurrency,
        ...(resume !== undefined ? { resume } : {}),
        ...(onProgress ? { onProgress } : {}),
        ...(signal ? { signal } : {}),
      },
    );
    if (outcome.interrupted) return outcome;
    const paths = sweepPaths(out);
    const read = (p: string) => tableFromIPC(readFileSync(p));
    return { ...outcome, runs: read(paths.runsTable), points: read(paths.sweepTable) };
  } finally {
    await executor.close();
  }
}

/**
 * Options of {@link runStudy}: the output folder and
 * where the runs execute (worker threads by default, `workers: 0` in this
 * thread, or a Redis queue), as `tokensim optimize` takes them.
 */
export interface RunStudyOptions
  extends Omit<StudyOptions, "executor" | "concurrency">,
    Pick<ExecutorOptions, "workers" | "queue" | "queueName" | "chunk"> {
  /**
   * Runs the study's runs on this executor instead of threads or a queue (any
   * function of a sweep run task to its result: a custom back end, a test's
   * stand-in); `workers` and `queue` are then ignored.
   */
  executor?: RunExecutor;
  /** Runs in flight at once with a given `executor` (default 2). */
  concurrency?: number;
}

/** Runs `study` on the executor the options ask for, closing an executor it created. */
async function onExecutor<T>(
  o: RunStudyOptions,
  study: (opts: StudyOptions) => Promise<T>,
): Promise<T> {
  const { executor: given, concurrency, workers, queue, queueName, chunk, ...rest } = o;
  if (given)
    return study({
      ...rest,
      executor: given,
      ...(concurrency !== undefined ? { concurrency } : {}),
    });
  const executor = await createExecutor({
    ...(workers !== undefined ? { workers } : {}),
    ...(queue !== undefined ? { queue } : {}),
    ...(queueName !== undefined ? { queueName } : {}),
    ...(chunk !== undefined ? { chunk } : {}),
  });
  try {
    return await study({ ...rest, executor: executor.run, concurrency: executor.concurrency });
  } finally {
    await executor.close();
  }
}

/**
 * Runs an optimisation study, as `tokensim optimize` does (see
 * docs/optimize.md): CMA-ES for one objective, NSGA-II for several, on
 * common random numbers with adaptive replications; every generation is
 * recorded in `out` as it completes (`resume: true` continues a study there),
 * the shortlist is re-evaluated on fresh seeds, and `optimize.json` and
 * `history.arrow` are written. Returns the result (also in optimize.json), or
 * undefined when `signal` stopped it. The same request and seed give the same
 * files whatever the executor.
 */
export async function runStudy(
  req: StudyRequest,
  o: RunStudyOptions,
): Promise<OptimizeResult | undefined> {
  return onExecutor(o, (opts) => runStudyOn(req, opts));
}

// The step-wise environment (docs/env.md): external learners drive one agent class.
export type { AgentClass, AgentEpisode } from "../engine/env/agents/agentClass.ts";
export type { CheaterObservation } from "../engine/env/agents/cheaters.ts";
export type { SpeculatorObservation, SpeculatorOptions } from "../engine/env/agents/speculator.ts";
export {
  AGENT_CLASSES,
  type AgentName,
  createEnvironment,
  Environment,
  type EnvironmentOptions,
  environmentFor,
  type ObservationOf,
  type StepInfo,
  type StepResult,
} from "../engine/env/environment.ts";
export { EnvironmentError } from "../engine/env/errors.ts";
export { QLearner, type QLearningOptions } from "../engine/env/learners/qLearning.ts";
export {
  type EpisodeRecord,
  episodeSeed,
  evaluatePolicy,
  type Training,
  type TrainOptions,
  trainQLearning,
} from "../engine/env/learners/train.ts";
export type { MarketObservation } from "../engine/env/observation.ts";
export type { DiscreteSpace } from "../engine/env/spaces.ts";
export {
  type Comparison,
  type CounterfactualOutcome,
  type CounterfactualRequest,
  type CounterfactualSummary,
  fittedSets,
  type Quantiles,
  runCounterfactual,
} from "../engine/fit/counterfactual.ts";
export {
  type FitRequest,
  type FitResult,
  type FitTarget,
  type FittedParameter,
  type MomentFit,
  runFit,
  type TargetFit,
} from "../engine/fit/fit.ts";
export type { Hindcast, HindcastBand, HindcastSeries } from "../engine/fit/hindcast.ts";
export type { Aggregate, Transform } from "../engine/fit/moments.ts";
export type { FitRunner } from "../engine/fit/runs.ts";
export {
  type CompeteResult,
  competeToFiles,
  type NetworksRecord,
} from "../engine/networks/output.ts";
export {
  type ResolvedNetwork,
  type ResolvedStudy,
  resolveStudy,
} from "../engine/networks/resolve.ts";
export type { StudyOptions } from "../engine/optimize/study.ts";
export type {
  IterationRow,
  RareSettings,
  ReplicaSummary,
} from "../engine/rare/estimate.ts";
export { parseRareEvent, type RareEvent } from "../engine/rare/event.ts";
export {
  estimateScenarioRare,
  type RareRequest,
  type RareResult,
  runRare,
} from "../engine/rare/scenarioRare.ts";
export type { StepScore } from "../engine/rare/score.ts";
export type { AmsIteration, AmsResult } from "../engine/rare/splitting.ts";
export type { ShockCost } from "../engine/stress/cost.ts";
export {
  type FrontierPoint,
  type MinimalShock,
  type Probability,
  runStress,
  type StressRequest,
  type StressResult,
} from "../engine/stress/stress.ts";
export type { StressTrajectories } from "../engine/stress/trajectories.ts";
