import { join } from "node:path";
import { writeFileAtomic } from "../optimize/record.ts";
import type { RunExecutor } from "../sweep/runner.ts";
import type { RunTask } from "../sweep/task.ts";

/** The breaking point's trajectory and the same run without its shock, as `stress.json` names them. */
export interface StressTrajectories {
  /** The breaking point's first spiralled run of its re-evaluation, per step (steps.arrow columns). */
  shocked: string;
  /** The same run (seed and run index) with every shock family off. */
  baseline: string;
  seed: number;
  run: number;
  /** The breaking point's shock overrides. */
  sets: string[];
}

/**
 * Re-runs one spiralled run of the breaking point with its steps kept, and the
 * same run with every shock off (common random numbers: the same seed and run
 * index, so the difference is the shock's), and writes both per-step Arrow files
 * into `out` (`breaking-run.arrow`, `baseline-run.arrow`). Two runs; undefined
 * when a run's steps did not come back (an executor that writes files itself).
 */
export async function writeStressTrajectories(
  executor: RunExecutor,
  base: Omit<RunTask, "sets" | "keepSteps">,
  shockedSets: string[],
  baselineSets: string[],
  out: string,
): Promise<StressTrajectories | undefined> {
  const steps = async (sets: string[], file: string) => {
    const res = await executor({ ...base, sets, keepSteps: true, recordEvery: 1 });
    if (!res.steps) return false;
    writeFileAtomic(join(out, file), res.steps);
    return true;
  };
  if (!(await steps(shockedSets, "breaking-run.arrow"))) return undefined;
  if (!(await steps(baselineSets, "baseline-run.arrow"))) return undefined;
  return {
    shocked: "breaking-run.arrow",
    baseline: "baseline-run.arrow",
    seed: base.seed,
    run: base.run,
    sets: shockedSets,
  };
}
