import type { RunExecutor } from "../sweep/runner.ts";
import { scenarioSha256 } from "../sweep/task.ts";

/**
 * The stress search's executor with portable tasks: every task names the
 * scenario the user gave (`ref`, a bundled name or a path as typed, with its
 * sha256) and `stress: true`, instead of the wrapper file the search writes in
 * its `--out` (engine/stress/wrapper.ts). The worker wraps the scenario itself
 * (`stressScenario`), the same scenario the wrapper file exports, and the shock
 * travels in the task's `--set`s; so a queue worker on another machine, which
 * has the scenario but not `--out`, runs it, and every executor gives the same
 * records as with the wrapper file.
 */
export function portableStressExecutor(executor: RunExecutor, ref: string): RunExecutor {
  const sha = scenarioSha256(ref);
  const run = (task: Parameters<RunExecutor>[0]) =>
    executor({ ...task, scenarioRef: ref, scenarioSha256: sha, stress: true });
  return Object.assign(
    run,
    executor.writesFiles !== undefined ? { writesFiles: executor.writesFiles } : {},
  );
}
