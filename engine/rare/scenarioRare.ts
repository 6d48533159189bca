import { ScenarioError } from "../errors.ts";
import type { NetworkParams } from "../params/network.ts";
import { loadScenario, resolveParams, type Scenario } from "../scenario.ts";
import type { RunExecutor } from "../sweep/runner.ts";
import { type RunTask, scenarioSha256 } from "../sweep/task.ts";
import { version } from "../version.ts";
import {
  estimateRareProbability,
  estimateRareProbabilityWith,
  type RareEstimate,
  type RareSettings,
} from "./estimate.ts";
import { parseRareEvent, type RareEvent } from "./event.ts";
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

/** A replica whose executor rejects (its worker thread died) is run again, up to 3 attempts. */
async function withRetries<T>(attempt: () => Promise<T>): Promise<T> {
  for (let k = 1; ; k++) {
    try {
      return await attempt();
    } catch (err) {
      if (k >= 3) throw err;
    }
  }
}

/** rare.json's summary from an estimate of `event` (a parsed `req.event`). */
function rareResult(
  scenario: Scenario,
  params: NetworkParams,
  req: Omit<RareRequest, "scenario">,
  event: RareEvent,
  est: Omit<RareEstimate, "iterations">,
  invariantFailures: number,
): RareResult {
  return {
    format: "tokensim-rare/1",
    tokensimVersion: version,
    scenario: scenario.name,
    sets: [...(req.sets ?? [])],
    event: event.name,
    score: event.score,
    level: event.level,
    seed: req.seed,
    stepsPerRun: params.sim.steps,
    invariantFailures,
    ...est,
  };
}

/** The estimator's settings from a request. */
const settingsOf = (
  req: Omit<RareRequest, "scenario"> & Pick<RareSettings, "onReplica">,
): RareSettings => ({
  seed: req.seed,
  ...(req.particles !== undefined && { particles: req.particles }),
  ...(req.replicas !== undefined && { replicas: req.replicas }),
  ...(req.budget !== undefined && { budget: req.budget }),
  ...(req.confidence !== undefined && { confidence: req.confidence }),
  ...(req.onReplica !== undefined && { onReplica: req.onReplica }),
});

/**
 * Estimates P(event) for a scenario at resolved parameters by adaptive
 * multilevel splitting over its random streams (see docs/rare.md), the
 * replicas one after another in this thread. Returns the summary and the
 * per-iteration rows.
 */
export function estimateScenarioRare(
  scenario: Scenario,
  params: NetworkParams,
  req: Omit<RareRequest, "scenario"> & Pick<RareSettings, "onReplica">,
): { result: RareResult; iterations: RareEstimate["iterations"] } {
  const event = parseRareEvent(req.event, req.score);
  const process = new ScenarioProcess(scenario, params, req.seed, event);
  const { iterations, ...est } = estimateRareProbability(process, event.level, settingsOf(req));
  return { result: rareResult(scenario, params, req, event, est, process.failures), iterations };
}

/**
 * {@link estimateScenarioRare} for a scenario reference and `--set` overrides.
 * With an `executor` (worker threads, a queue), each replica is one task
 * (a sweep task's `rare` field) that loads the scenario by its reference (its file's
 * sha256 checked, as a sweep's runs are) and runs there; the result is the
 * same, byte for byte, as in this thread.
 */
export async function runRare(
  req: RareRequest & Pick<RareSettings, "onReplica">,
  executor?: RunExecutor,
): Promise<{ result: RareResult; iterations: RareEstimate["iterations"] }> {
  const scenario = await loadScenario(req.scenario);
  const sets = [...(req.sets ?? [])];
  const params = resolveParams(scenario, sets);
  if (!executor) return estimateScenarioRare(scenario, params, req);
  const event = parseRareEvent(req.event, req.score);
  const sha = scenarioSha256(req.scenario);
  let failures = 0;
  const { iterations, ...est } = await estimateRareProbabilityWith(
    async (replica, particles, budget) => {
      const task: RunTask = {
        kind: "sweepRun",
        scenarioRef: req.scenario,
        scenarioSha256: sha,
        sets,
        point: 0,
        run: replica,
        seed: req.seed,
        keepSteps: false,
        recordEvery: 1,
        rare: {
          event: req.event,
          ...(req.score !== undefined && { score: req.score }),
          particles,
          replica,
          ...budget,
        },
      };
      const r = await withRetries(() => executor(task));
      if (!r.rare)
        throw new ScenarioError(
          `replica ${replica}: ${r.record.message || "the executor returned no replica result"}`,
        );
      failures += r.rare.invariantFailures;
      // JSON (a queue worker's result) has no −∞: the level of particles stopped at step 0.
      const iterations = r.rare.iterations.map((it) => ({
        ...it,
        level: (it.level as number | null) ?? Number.NEGATIVE_INFINITY,
      }));
      return { ...r.rare, iterations };
    },
    settingsOf(req),
  );
  return { result: rareResult(scenario, params, req, event, est, failures), iterations };
}
