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

import { withDefaults } from "../engine/params/withDefaults.ts";
import { defineScenario } from "../engine/scenario.ts";
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
