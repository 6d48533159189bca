import { type Table, tableFromIPC } from "apache-arrow";
import { ScenarioError } from "../errors.ts";
import { MemorySink } from "../metrics/arrow.ts";
import { runSimulation } from "../pipeline/run.ts";
import { resolveParams, type Scenario } from "../scenario.ts";
import type { RunExecutor } from "../sweep/runner.ts";
import { type RunTask, scenarioSha256 } from "../sweep/task.ts";

/**
 * Where a fit's or a counterfactual's runs execute: the executor of `sweep` and
 * `optimize` (worker threads, a queue; `workers/executor.ts`) with the runs to
 * keep in flight, for a scenario given by reference (a file or a bundled name),
 * since a task travels as JSON. Without one, runs are in this thread.
 */
export interface FitRunner {
  /** The scenario as the command was given it (path or bundled name). */
  scenarioRef: string;
  executor: RunExecutor;
  concurrency: number;
}

/** One run to do: overrides and run index (seed and point are the batch's). */
export interface RunJob {
  sets: readonly string[];
  run: number;
}

/**
 * Runs a batch and returns each run's per-step table, in the jobs' order
 * whatever the order they finish in: every run is (scenario, sets, seed, run
 * index, point 0), so the tables are the same bytes in this thread and on any
 * number of workers. A failed run (an invariant broke) is an error naming
 * `what`; `onRun` is called after each run; a set `signal` stops the batch.
 */
export async function runBatch(
  scenario: Scenario,
  runner: FitRunner | undefined,
  seed: number,
  jobs: readonly RunJob[],
  what: string,
  onRun?: () => void,
  signal?: AbortSignal,
): Promise<Table[]> {
  const out: Table[] = new Array(jobs.length);
  const sha = runner ? scenarioSha256(runner.scenarioRef) : "";
  const one = async (job: RunJob): Promise<Table> => {
    if (!runner) {
      const sink = new MemorySink();
      const params = resolveParams(scenario, [...job.sets]);
      const summary = await runSimulation({ scenario, params, seed, runIndex: job.run }, sink);
      if (summary.status !== "ok")
        throw new ScenarioError(
          `${what}: run ${job.run} failed (${summary.failure?.message ?? "invariant"})`,
        );
      return tableFromIPC(sink.bytes());
    }
    const task: RunTask = {
      kind: "sweepRun",
      scenarioRef: runner.scenarioRef,
      scenarioSha256: sha,
      sets: [...job.sets],
      point: 0,
      run: job.run,
      seed,
      keepSteps: true,
      recordEvery: 1,
    };
    const result = await runner.executor(task);
    if (result.record.status !== "ok" || !result.steps)
      throw new ScenarioError(
        `${what}: run ${job.run} ${result.record.status === "failed" ? "failed" : "did not complete"} (${result.record.message || "invariant"})`,
      );
    return tableFromIPC(result.steps);
  };
  let next = 0;
  let stop = false;
  const lane = async () => {
    while (next < jobs.length && !stop) {
      if (signal?.aborted) throw new ScenarioError(`${what}: interrupted`);
      const k = next++;
      try {
        out[k] = await one(jobs[k]!);
      } catch (err) {
        stop = true;
        throw err;
      }
      onRun?.();
    }
  };
  const lanes = Math.max(1, Math.min(runner?.concurrency ?? 1, jobs.length));
  await Promise.all(Array.from({ length: lanes }, lane));
  return out;
}
