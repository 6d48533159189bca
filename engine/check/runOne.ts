import { ScenarioError } from "../errors.ts";
import { MemorySink } from "../metrics/arrow.ts";
import type { NetworkParams } from "../params/network.ts";
import { runSimulation } from "../pipeline/run.ts";
import type { Scenario } from "../scenario.ts";
import { runViewFromArrow } from "./runView.ts";
import type { CheckSpec } from "./spec.ts";
import { HEADLINE_METRICS } from "./validate.ts";

/** A step where a user step-invariant failed (the first per invariant and run). */
interface StepViolation {
  invariant: string;
  step: number;
  value: number;
}

/** What one check run contributes: its metrics and any invariant failures. Plain data. */
export interface CheckRunResult {
  runIndex: number;
  seed: number;
  status: "ok" | "failed";
  /** The built-in invariant that failed, if any (message names the step and values). */
  failure?: string;
  /** Every headline figure and declared outcome of this run. */
  values: Record<string, number>;
  stepViolations: StepViolation[];
}

/**
 * Simulates one check run and reduces it to metrics: the summary's headline
 * figures, the scenario's declared outcomes, and the user step invariants
 * checked on every recorded step. The per-step table is dropped afterwards.
 */
export async function evaluateCheckRun(
  scenario: Scenario,
  spec: CheckSpec,
  params: NetworkParams,
  seed: number,
  runIndex: number,
): Promise<CheckRunResult> {
  const sink = new MemorySink();
  const summary = await runSimulation({ scenario, params, seed, runIndex }, sink);
  const view = runViewFromArrow(sink.bytes(), summary);
  const values: Record<string, number> = {};
  for (const m of HEADLINE_METRICS) values[m] = summary.headline[m];
  for (const [name, v] of Object.entries(summary.outcomes ?? {})) {
    if (Number.isNaN(v))
      throw new ScenarioError(
        `${scenario.name}: run outcome '${name}' in run ${runIndex} (seed ${seed}) gave NaN; an outcome must be a number (Infinity allowed)`,
      );
    values[name] = v;
  }
  for (const [name, outcome] of Object.entries(spec.outcomes ?? {})) {
    const where = `outcome '${name}' in run ${runIndex} (seed ${seed})`;
    let v: unknown;
    try {
      v = outcome(view);
    } catch (err) {
      throw new ScenarioError(`${scenario.name}: ${where} threw: ${(err as Error).message}`);
    }
    // ±Infinity is a value (e.g. "never recovered"); NaN or a non-number is a bug in the outcome.
    if (typeof v !== "number" || Number.isNaN(v))
      throw new ScenarioError(
        `${scenario.name}: ${where} gave ${String(v)}; an outcome must return a number (Infinity allowed, not NaN)`,
      );
    values[name] = v;
  }
  const stepViolations: StepViolation[] = [];
  for (const inv of spec.stepInvariants ?? []) {
    const col = view.column(inv.metric);
    for (let step = 0; step < col.length; step++) {
      const v = col[step]!;
      if (
        (inv.min !== undefined && v < inv.min) ||
        (inv.max !== undefined && v > inv.max) ||
        Number.isNaN(v)
      ) {
        stepViolations.push({ invariant: inv.name, step, value: v });
        break;
      }
    }
  }
  const result: CheckRunResult = { runIndex, seed, status: summary.status, values, stepViolations };
  if (summary.failure) result.failure = summary.failure.message;
  return result;
}
