import type { FitRunner } from "../engine/fit/runs.ts";
import type { SweepExecutor } from "../workers/executor.ts";
import { createProgress } from "./progress.ts";

/** The part of a fit's or a counterfactual's request that says where its runs go and who hears of them. */
export interface StudyRuns {
  /** Called after each run, with the runs done and planned. */
  onRun?: (done: number, planned: number) => void;
  /** Where the runs go; absent, they run in this thread. */
  runner?: FitRunner;
}

/**
 * How a fit or a counterfactual of scenario `ref` runs its simulations: on the
 * study's executor (worker threads), or in this thread with `--workers 0`; with
 * a progress line labelled `<command> <ref>` unless `quiet`. Spread it into the
 * request; the progress rate counts from this call.
 */
export function runnerFor(
  command: string,
  ref: string,
  executor: SweepExecutor,
  opts: { workers: number | undefined; quiet?: boolean | undefined },
): StudyRuns {
  return {
    ...(!opts.quiet && { onRun: createProgress(`${command} ${ref}`, "runs") }),
    ...(opts.workers !== 0 && {
      runner: { scenarioRef: ref, executor: executor.run, concurrency: executor.concurrency },
    }),
  };
}
