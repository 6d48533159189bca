import { move as movePiscina, transferableSymbol, valueSymbol } from "piscina";
import type { CheckRunResult } from "../engine/check/runOne.ts";
import type { CheckSpec } from "../engine/check/spec.ts";
import type { NetworkParams } from "../engine/params/network.ts";
import { loadScenario, resolveParams, type Scenario } from "../engine/scenario.ts";
import { executeRun, type RunResult, type RunTask } from "../engine/sweep/task.ts";

/** A unit of work sent to a worker thread: plain JSON, so any executor can carry it. */
export type Task =
  | { kind: "checkRuns"; file: string; seed: number; runIndices: number[] }
  | RunTask;

interface LoadedCheck {
  scenario: Scenario;
  spec: CheckSpec;
  params: NetworkParams;
}

// Each worker loads a scenario file once and keeps it for later tasks. The
// check modules load with the first check task: a sweep's workers never do.
const checkCache = new Map<string, Promise<LoadedCheck>>();

function loadCheck(file: string): Promise<LoadedCheck> {
  let entry = checkCache.get(file);
  if (!entry) {
    entry = (async () => {
      const { loadChecks } = await import("../engine/check/runner.ts");
      const scenario = await loadScenario(file);
      const { spec } = await loadChecks(file);
      return { scenario, spec, params: resolveParams(scenario, [...(spec.sets ?? [])]) };
    })();
    checkCache.set(file, entry);
  }
  return entry;
}

/** Runs one task (the default export is what piscina calls in each worker). */
export default async function runTask(task: Task): Promise<CheckRunResult[] | RunResult> {
  switch (task.kind) {
    case "checkRuns": {
      const { scenario, spec, params } = await loadCheck(task.file);
      const { evaluateCheckRun } = await import("../engine/check/runOne.ts");
      const out: CheckRunResult[] = [];
      for (const i of task.runIndices)
        out.push(await evaluateCheckRun(scenario, spec, params, task.seed, i));
      return out;
    }
    case "sweepRun": {
      const result = await executeRun(task);
      // The per-step Arrow bytes move to the main thread: transferred, not copied.
      if (!result.steps) return result;
      return move(result, [result.steps.buffer as ArrayBuffer]) as unknown as RunResult;
    }
  }
}

/** Marks a result for piscina to send with `buffers` transferred (see Piscina.move). */
function move<T extends object>(value: T, buffers: ArrayBuffer[]): unknown {
  return movePiscina({ [transferableSymbol]: buffers, [valueSymbol]: value });
}
