import type { NetworkParams } from "../params/network.ts";
import { loadScenario, resolveParams, type Scenario } from "../scenario.ts";
import { version } from "../version.ts";
import { estimateRareProbability, type RareEstimate, type RareSettings } from "./estimate.ts";
import { parseRareEvent } from "./event.ts";
import { ScenarioProcess } from "./process.ts";

/** What `tokensim rare` (and the check assertion) asks for. */
export interface RareRequest {
  /** A scenario file or a bundled scenario's name. */
  scenario: string;
  /** Parameter overrides, `key=value`. */
  sets?: readonly string[];
  /** `spiral`, `drawdown>X` or `exodus>X` (see {@link parseRareEvent}). */
  event: string;
  /** The score for the spiral event: nearness (default), drawdown or exodus. */
  score?: string;
  particles?: number;
  replicas?: number;
  budget?: { runs?: number; steps?: number };
  confidence?: number;
  seed: number;
}

/** A rare-event estimate for a scenario, as rare.json holds it (without the iteration rows). */
export interface RareResult extends Omit<RareEstimate, "iterations"> {
  format: "tokensim-rare/1";
  tokensimVersion: string;
  scenario: string;
  sets: string[];
  event: string;
  score: string;
  /** The event: the score's running maximum reaches this level. */
  level: number;
  seed: number;
  /** Steps per run. */
  stepsPerRun: number;
  /** Runs an invariant stopped. */
  invariantFailures: number;
}

/**
 * Estimates P(event) for a scenario at resolved parameters by adaptive
 * multilevel splitting over its random streams (see docs/rare.md). Returns the
 * summary and the per-iteration rows.
 */
export function estimateScenarioRare(
  scenario: Scenario,
  params: NetworkParams,
  req: Omit<RareRequest, "scenario"> & Pick<RareSettings, "onReplica">,
): { result: RareResult; iterations: RareEstimate["iterations"] } {
  const event = parseRareEvent(req.event, req.score);
  const process = new ScenarioProcess(scenario, params, req.seed, event);
  const { iterations, ...est } = estimateRareProbability(process, event.level, {
    seed: req.seed,
    ...(req.particles !== undefined && { particles: req.particles }),
    ...(req.replicas !== undefined && { replicas: req.replicas }),
    ...(req.budget !== undefined && { budget: req.budget }),
    ...(req.confidence !== undefined && { confidence: req.confidence }),
    ...(req.onReplica !== undefined && { onReplica: req.onReplica }),
  });
  return {
    result: {
      format: "tokensim-rare/1",
      tokensimVersion: version,
      scenario: scenario.name,
      sets: [...(req.sets ?? [])],
      event: event.name,
      score: event.score,
      level: event.level,
      seed: req.seed,
      stepsPerRun: params.sim.steps,
      invariantFailures: process.failures,
      ...est,
    },
    iterations,
  };
}

/** {@link estimateScenarioRare} for a scenario reference and `--set` overrides. */
export async function runRare(
  req: RareRequest & Pick<RareSettings, "onReplica">,
): Promise<{ result: RareResult; iterations: RareEstimate["iterations"] }> {
  const scenario = await loadScenario(req.scenario);
  const params = resolveParams(scenario, [...(req.sets ?? [])]);
  return estimateScenarioRare(scenario, params, req);
}
