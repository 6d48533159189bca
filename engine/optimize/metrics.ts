import * as builtIn from "../check/outcomes.ts";
import { runViewFromArrow } from "../check/runView.ts";
import type { Outcome, RunView } from "../check/spec.ts";
import { HEADLINE_METRICS } from "../check/validate.ts";
import { ParameterError } from "../errors.ts";
import type { NetworkParams } from "../params/network.ts";
import { closestPaths } from "../params/overrides.ts";
import { type RunSummary, scenarioOutputs } from "../pipeline/run.ts";
import { loadScenarioModule, type Scenario } from "../scenario.ts";
import type { RunResult } from "../sweep/task.ts";
import { version } from "../version.ts";

/** Outcomes every scenario can use (engine/check/outcomes.ts); they read only the run summary. */
const BUILT_IN: Record<string, Outcome> = {
  activeRatioEnd: builtIn.activeRatioEnd,
  priceRatioEnd: builtIn.priceRatioEnd,
  spiralled: builtIn.spiralled,
};

/** How the metrics a study needs are read from each run. */
export interface MetricPlan {
  names: string[];
  /** Some metric is a `checks` outcome that may read the per-step columns. */
  keepSteps: boolean;
  /** The run's value of every metric (NaN for a run outcome the run left undefined). */
  values(result: RunResult, params: NetworkParams, scenario: Scenario): Record<string, number>;
}

/**
 * Resolves each metric a study refers to: a headline figure of the run
 * summary, a run outcome the scenario declares, an outcome its `checks`
 * declare, or a built-in outcome (activeRatioEnd, priceRatioEnd, spiralled).
 */
export async function planMetrics(
  ref: string,
  scenario: Scenario,
  params: NetworkParams,
  names: readonly string[],
): Promise<MetricPlan> {
  const headline = new Set<string>(HEADLINE_METRICS);
  const runOutcomes = new Set(scenarioOutputs(scenario, params).outcomes);
  const mod = (await loadScenarioModule(ref)).module as {
    checks?: { outcomes?: Record<string, Outcome> };
  };
  const checkOutcomes = mod.checks?.outcomes ?? {};
  const fns: Record<string, Outcome> = {};
  const unique = [...new Set(names)];
  for (const m of unique) {
    if (headline.has(m) || runOutcomes.has(m)) continue;
    const f = checkOutcomes[m] ?? BUILT_IN[m];
    if (typeof f === "function") {
      fns[m] = f;
      continue;
    }
    const known = [
      ...headline,
      ...runOutcomes,
      ...Object.keys(checkOutcomes),
      ...Object.keys(BUILT_IN),
    ];
    throw new ParameterError(
      `unknown metric '${m}' in ${scenario.name}: use a headline figure, a run outcome or a checks outcome. Closest: ${closestPaths(m, known).join(", ")}`,
    );
  }
  const keepSteps = Object.values(fns).some((f) => !Object.values(BUILT_IN).includes(f));
  return {
    names: unique,
    keepSteps,
    values(result, runParams, sc) {
      const r = result.record;
      if (r.status === "error" || !r.headline)
        throw new ParameterError(
          `run ${r.run} (seed ${r.seed}) with ${r.sets.join(" ")} could not run: ${r.message}`,
        );
      const summary: RunSummary = {
        tokensimVersion: version,
        scenario: sc.name,
        seed: r.seed,
        runIndex: r.run,
        pointIndex: r.point,
        steps: runParams.sim.steps,
        stepsCompleted: r.stepsCompleted,
        status: r.status,
        headline: r.headline,
        deathSpirals: r.deathSpirals,
        ...(r.outcomes ? { outcomes: r.outcomes } : {}),
        params: runParams,
      };
      let view: RunView | undefined;
      const out: Record<string, number> = {};
      for (const m of unique) {
        if (headline.has(m)) out[m] = r.headline[m as keyof RunSummary["headline"]];
        else if (runOutcomes.has(m)) out[m] = r.outcomes?.[m] ?? Number.NaN;
        else {
          view ??= result.steps ? runViewFromArrow(result.steps, summary) : summaryView(summary);
          out[m] = fns[m]!(view);
        }
      }
      return out;
    },
  };
}

/** A view with the summary only (for outcomes that read no column). */
function summaryView(summary: RunSummary): RunView {
  const none = (): never => {
    throw new Error("this outcome reads per-step columns, which were not kept");
  };
  return { summary, column: none, at: none };
}
