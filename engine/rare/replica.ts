import { createRng } from "../rng/source.ts";
import type { AmsOptions } from "./splitting.ts";

/** Budget caps of one replica: the total budget split evenly across the replicas. */
export interface ReplicaBudget {
  maxRuns?: number;
  maxSteps?: number;
}

/**
 * Replica r's share of a total budget: `budget / replicas`, rounded down; with a
 * run budget too small to start `replicas × particles` particles, a clear error.
 */
export function replicaBudget(
  budget: { runs?: number; steps?: number } | undefined,
  replicas: number,
  particles: number,
): ReplicaBudget {
  const maxRuns = budget?.runs !== undefined ? Math.floor(budget.runs / replicas) : undefined;
  const maxSteps = budget?.steps !== undefined ? Math.floor(budget.steps / replicas) : undefined;
  if (maxRuns !== undefined && maxRuns < particles)
    throw new RangeError(
      `a budget of ${budget!.runs} runs cannot start ${replicas} replicas of ${particles} particles (at least ${replicas * particles})`,
    );
  return {
    ...(maxRuns !== undefined ? { maxRuns } : {}),
    ...(maxSteps !== undefined ? { maxSteps } : {}),
  };
}

/**
 * The AMS settings of replica r of a rare-event estimate: origins r·n … r·n + n − 1,
 * branch ids prefixed `r<r>`, survivors chosen from the stream
 * `tokensim/rare/<seed>/select/<r>`. They depend on (seed, n, r, level, budget)
 * alone, so a replica gives the same result in any thread or on any machine.
 */
export function replicaAmsOptions(
  seed: number,
  particles: number,
  replica: number,
  level: number,
  budget: ReplicaBudget,
): AmsOptions {
  return {
    particles,
    level,
    originBase: replica * particles,
    idPrefix: `r${replica}`,
    rng: createRng(`tokensim/rare/${seed}/select/${replica}`),
    ...budget,
  };
}
