import type { NetworkParams } from "../params/network.ts";
import type { Scenario } from "../scenario.ts";
import { parseRareEvent } from "./event.ts";
import { ScenarioProcess } from "./process.ts";
import { type ReplicaBudget, replicaAmsOptions } from "./replica.ts";
import { type AmsResult, runAms } from "./splitting.ts";

/**
 * One AMS replica of `tokensim rare`, as plain JSON: what a sweep task
 * (`RunTask.rare`) carries to a worker thread or a queue worker, next to the
 * scenario, the overrides and the root seed.
 */
export interface RareReplicaSpec extends ReplicaBudget {
  /** `spiral`, `drawdown>X` or `exodus>X`. */
  event: string;
  /** The spiral event's score (default nearness). */
  score?: string;
  particles: number;
  replica: number;
}

/** A replica's result: the AMS result and the runs an invariant stopped. */
export interface RareReplicaResult extends AmsResult {
  invariantFailures: number;
}

/**
 * Runs replica `spec.replica` of the estimate with root seed `seed`: the same
 * AMS settings as the in-thread estimate (see {@link replicaAmsOptions}), so
 * its result does not depend on where it runs.
 */
export function runRareReplica(
  scenario: Scenario,
  params: NetworkParams,
  seed: number,
  spec: RareReplicaSpec,
): RareReplicaResult {
  const event = parseRareEvent(spec.event, spec.score);
  const process = new ScenarioProcess(scenario, params, seed, event);
  const budget: ReplicaBudget = {
    ...(spec.maxRuns !== undefined ? { maxRuns: spec.maxRuns } : {}),
    ...(spec.maxSteps !== undefined ? { maxSteps: spec.maxSteps } : {}),
  };
  const res = runAms(
    process,
    replicaAmsOptions(seed, spec.particles, spec.replica, event.level, budget),
  );
  return { ...res, invariantFailures: process.failures };
}
