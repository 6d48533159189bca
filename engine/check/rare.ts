import type { NetworkParams } from "../params/network.ts";
import { estimateScenarioRare } from "../rare/scenarioRare.ts";
import type { Scenario } from "../scenario.ts";
import type { AssertionResult } from "./evaluate.ts";
import type { RareAssertion } from "./spec.ts";

/** `P(spiral) < 0.0001`: the rare assertion in words. */
const statement = (a: RareAssertion) => `P(${a.event.trim()}) < ${a.lessThan}`;

/**
 * Evaluates a rare-event assertion: estimates P(event) by adaptive multilevel
 * splitting (engine/rare) at the check's parameters and decides on the
 * interval at `confidence`: pass when its upper end is below `lessThan`, fail
 * when its lower end is at or above it, inconclusive otherwise. `runs` counts
 * the trajectories simulated (each replays its prefix from step 0).
 */
export function evaluateRareAssertion(
  scenario: Scenario,
  params: NetworkParams,
  a: RareAssertion,
  confidence: number,
  seed: number,
): AssertionResult {
  const { result: r } = estimateScenarioRare(scenario, params, {
    event: a.event,
    ...(a.score !== undefined && { score: a.score }),
    ...(a.particles !== undefined && { particles: a.particles }),
    ...(a.replicas !== undefined && { replicas: a.replicas }),
    ...(a.budget !== undefined && { budget: a.budget }),
    confidence,
    seed: a.seed ?? seed,
  });
  const verdict = r.upper < a.lessThan ? "pass" : r.lower >= a.lessThan ? "fail" : "inconclusive";
  return {
    name: a.name,
    statement: statement(a),
    verdict,
    estimate: r.estimate,
    interval: { lower: r.lower, upper: r.upper },
    runs: r.runs,
    confidence,
    method: `AMS (${r.replicas} replicas of ${r.particles} particles, score ${r.score}; ${r.steps} steps)`,
  };
}
