import { hash53 } from "../../engine/rng/seed.ts";
import type { RunExecutor } from "../../engine/sweep/runner.ts";
import type { RunResult, RunTask } from "../../engine/sweep/task.ts";

/** A parameter's value in a task's overrides. */
export const paramOf = (task: RunTask, key: string): number =>
  Number(task.sets.find((s) => s.startsWith(`${key}=`))!.split("=")[1]);

/** Uniform noise in [-0.5, 0.5) from a run's seed and index: the same for every candidate (CRN). */
export const noise = (task: RunTask, salt = ""): number =>
  hash53(`${task.seed}/${task.run}${salt}`) / 2 ** 53 - 0.5;

/**
 * An executor that runs no simulation: each run's headline figures are
 * `headline(task)` (the test's known function of the parameters and seed),
 * so a study's behaviour can be checked against a known optimum quickly. It
 * records every task it was given.
 */
export function fakeExecutor(
  headline: (task: RunTask) => Record<string, number>,
): RunExecutor & { tasks: RunTask[] } {
  const tasks: RunTask[] = [];
  const run = async (task: RunTask): Promise<RunResult> => {
    tasks.push(task);
    return {
      record: {
        point: task.point,
        run: task.run,
        seed: task.seed,
        status: "ok",
        message: "",
        sets: task.sets,
        stepsCompleted: 1,
        headline: headline(task) as never,
        deathSpirals: [],
      },
      steps: null,
    };
  };
  return Object.assign(run, { tasks });
}
