import type { RunExecutor } from "./runner.ts";
import { executeRun } from "./task.ts";

/**
 * Runs each task in this thread. The reference executor: the worker pool's
 * results must equal its results byte for byte.
 */
export const inThreadRunExecutor: RunExecutor = Object.assign(
  (task: Parameters<RunExecutor>[0]) => executeRun(task),
  { writesFiles: true },
);
