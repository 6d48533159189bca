import { loadScenario, resolveParams } from "../scenario.ts";
import type { CheckExecutor } from "./runner.ts";
import { loadChecks } from "./runner.ts";
import { type CheckRunResult, evaluateCheckRun } from "./runOne.ts";

/** Runs check runs one after another in this thread (the reference executor). */
export const inThreadCheckExecutor: CheckExecutor = async (file, seed, runIndices) => {
  const scenario = await loadScenario(file);
  const { spec } = await loadChecks(file);
  const params = resolveParams(scenario, [...(spec.sets ?? [])]);
  const out: CheckRunResult[] = [];
  for (const i of runIndices) out.push(await evaluateCheckRun(scenario, spec, params, seed, i));
  return out;
};
