/**
 * Emission parameter sweep over the baseline network.
 *
 * Question it answers: how do the emission policy and its rate move the
 * equilibrium price, supply drift (mint against burn) and provider count, and
 * which settings survive the day-30 crash without a death spiral?
 *
 * What to look at, per point: headline priceEndUsd, supplyChangePct,
 * providersActiveEnd, and `deathSpirals` (count, depth, recovery).
 *
 * `sweep` is plain data for the sweep engine: the grid axes are parameter paths.
 */

import {
  basicStepInvariants,
  defineChecks,
  defineScenario,
  spiralled,
  withDefaults,
} from "../api/index.ts";
import { crashDeathSpiralSchema } from "./crash-death-spiral.ts";

/** Sweep axes (parameter path → values), read by the sweep engine. */
export const sweep = {
  grid: {
    "emission.policy": ["fixed", "decay", "burnPegged"],
    "emission.tokensPerEpoch": [10000, 20000, 27600, 40000, 60000],
    "emission.netEmissions.enabled": [false, true],
  },
  runsPerPoint: 20,
} as const;

export const scenario = defineScenario({
  name: "emission-sweep",
  summary: "Emission policy × rate × net emissions over the crash network",
  schema: withDefaults(crashDeathSpiralSchema, {}),
});

/** What `tokensim check` holds this scenario to (120-day runs at the base point). */
export const checks = defineChecks({
  sets: ["sim.steps=2880"],
  runs: 30,
  seed: 23,
  outcomes: { spiralled },
  stepInvariants: basicStepInvariants,
  assertions: [
    // The sweep's base point is the crash set-up at a low emission: it spirals.
    {
      name: "base point spirals after the crash",
      stat: "probability",
      metric: "spiralled",
      event: { above: 0.5 },
      greaterThan: 0.7,
    },
    { name: "jobs are served", stat: "quantile", metric: "dropRate", q: 0.95, lessThan: 0.1 },
  ],
});
