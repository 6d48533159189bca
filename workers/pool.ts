import { availableParallelism } from "node:os";
import { Piscina } from "piscina";
import type { CheckExecutor } from "../engine/check/runner.ts";
import type { CheckRunResult } from "../engine/check/runOne.ts";
import type { RunExecutor } from "../engine/sweep/runner.ts";
import type { RunResult } from "../engine/sweep/task.ts";
import type { Task } from "./tasks.ts";

/** Default number of worker threads: one per core. */
export const defaultWorkers = (): number => Math.max(1, availableParallelism());

/** A piscina pool of worker threads that run {@link Task}s. */
export function createPool(workers = defaultWorkers()): Piscina {
  return new Piscina({
    // From source, a bootstrap registers the TypeScript loader in each thread; the
    // compiled package loads its JavaScript directly (this code is in dist/workers/
    // or in a shared chunk in dist/chunks/: one level below dist/ either way).
    filename: new URL(
      import.meta.url.endsWith(".ts") ? "./bootstrap.mjs" : "../workers/tasks.js",
      import.meta.url,
    ).href,
    minThreads: workers,
    maxThreads: workers,
    // Each task is a whole simulation run: one at a time per thread.
    concurrentTasksPerWorker: 1,
  });
}

/**
 * A {@link CheckExecutor} on a worker pool: the runs are spread one task per run
 * over the threads. Results are plain data and do not depend on which thread ran
 * them, so they equal the in-thread executor's.
 */
export function poolCheckExecutor(pool: Piscina): CheckExecutor {
  return async (file, seed, runIndices) => {
    const parts = await Promise.all(
      runIndices.map(
        (i) =>
          pool.run({ kind: "checkRuns", file, seed, runIndices: [i] } satisfies Task) as Promise<
            CheckRunResult[]
          >,
      ),
    );
    return parts.flat();
  };
}

/**
 * A sweep {@link RunExecutor} on a worker pool: one run per task. The threads
 * share this process's file system, so a sweep's runs write their per-step files
 * themselves (`writesFiles`); a task without a `stepsFile` (from a queue) sends
 * its bytes back, transferred. A worker that dies rejects its run's promise
 * (piscina replaces the thread), and the sweep retries the run.
 */
export function poolRunExecutor(pool: Piscina): RunExecutor {
  return Object.assign((task: Task) => pool.run(task satisfies Task) as Promise<RunResult>, {
    writesFiles: true,
  });
}
