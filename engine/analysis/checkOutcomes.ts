import { existsSync, readFileSync } from "node:fs";
import * as builtIn from "../check/outcomes.ts";
import { runViewFromArrow } from "../check/runView.ts";
import type { Outcome, RunView } from "../check/spec.ts";
import { ParameterError } from "../errors.ts";
import type { RunSummary } from "../pipeline/run.ts";
import { loadScenario, loadScenarioModule, resolveParams, type Scenario } from "../scenario.ts";
import type { SweepManifest } from "../sweep/manifest.ts";
import { sweepPaths } from "../sweep/manifest.ts";
import type { RunRecord } from "../sweep/runRecord.ts";

/** Outcomes of `tokensim check` every scenario has (engine/check/outcomes.ts). */
const BUILT_IN: Record<string, Outcome> = {
  activeRatioEnd: builtIn.activeRatioEnd,
  priceRatioEnd: builtIn.priceRatioEnd,
  spiralled: builtIn.spiralled,
};

/**
 * The outcomes of `tokensim check` a sweep's scenario offers: the built-in
 * ones (activeRatioEnd, priceRatioEnd, spiralled) and those its `checks`
 * export declares, by name (a scenario's own overrides a built-in).
 */
export async function checkOutcomes(
  manifest: SweepManifest,
): Promise<{ scenario: Scenario; outcomes: Record<string, Outcome> }> {
  const scenario = await loadScenario(manifest.scenarioRef);
  const { module } = await loadScenarioModule(manifest.scenarioRef);
  const declared = (module.checks as { outcomes?: Record<string, Outcome> } | undefined)?.outcomes;
  const outcomes: Record<string, Outcome> = { ...BUILT_IN };
  for (const [name, f] of Object.entries(declared ?? {}))
    if (typeof f === "function") outcomes[name] = f;
  return { scenario, outcomes };
}

/**
 * The value of a check outcome for each completed run, from its record (the
 * summary's headline figures, death spirals and declared outcomes, and the
 * run's parameters) and, when the outcome reads per-step columns, its
 * per-step file. An outcome that reads columns needs them kept at every step
 * (a sweep without --no-steps, with --record-every 1): otherwise it is an
 * error that says so. Returns one value per record, NaN for a run not ok.
 */
export function checkOutcomeValues(
  dir: string,
  manifest: SweepManifest,
  scenario: Scenario,
  records: readonly RunRecord[],
  name: string,
  outcome: Outcome,
): Float64Array {
  const values = new Float64Array(records.length).fill(Number.NaN);
  records.forEach((r, k) => {
    if (r.status !== "ok" || r.headline === null) return;
    const params = resolveParams(scenario, r.sets);
    const summary: RunSummary = {
      tokensimVersion: manifest.tokensimVersion,
      scenario: manifest.scenario,
      seed: r.seed,
      runIndex: r.run,
      pointIndex: r.point,
      steps: params.sim.steps,
      stepsCompleted: r.stepsCompleted,
      status: r.status,
      headline: r.headline,
      deathSpirals: r.deathSpirals,
      ...(r.outcomes ? { outcomes: r.outcomes } : {}),
      params,
    };
    try {
      values[k] = outcome(lazyView(dir, manifest, r, summary, name));
    } catch (err) {
      if (err instanceof ParameterError) throw err;
      throw new ParameterError(
        `--outcome ${name}: fails on point ${r.point} run ${r.run}: ${(err as Error).message}`,
      );
    }
  });
  return values;
}

/** A run view that reads the run's per-step file only when a column is asked for. */
function lazyView(
  dir: string,
  manifest: SweepManifest,
  r: RunRecord,
  summary: RunSummary,
  name: string,
): RunView {
  let view: RunView | undefined;
  const load = (): RunView => {
    if (view) return view;
    const path = sweepPaths(dir).steps(r.point, r.run);
    if (!manifest.keepSteps || !existsSync(path))
      throw new ParameterError(
        `--outcome ${name} reads per-step columns, which this sweep did not keep (--no-steps); rerun the sweep with them`,
      );
    if (manifest.recordEvery !== 1)
      throw new ParameterError(
        `--outcome ${name} reads per-step columns, which this sweep kept every ${manifest.recordEvery} steps only; rerun it with --record-every 1`,
      );
    view = runViewFromArrow(readFileSync(path), summary);
    return view;
  };
  return {
    summary,
    column: (c) => load().column(c),
    at: (c, step) => load().at(c, step),
  };
}
