/**
 * Verification security sweep: sampling rate × slashing fraction (× stake)
 * over the cheating-attack network.
 *
 * Question it answers: for which (ρ, σ, stake) is cheating unprofitable, what
 * does verification cost as a share of revenue, and how many bad results do
 * clients get before cheaters are caught?
 *
 * What to look at, per point: cheatersCaught, badResults (sum), slashedTokens,
 * verificationCostUsd / revenueUsd; compare with the closed-form boundary
 * `breakEvenSampleRate` (engine/mechanisms/cheatingEconomics.ts), which puts
 * ρ* between 1e-4 and 1e-3 for σ = 0.1-0.3 at the default 500-token stake.
 *
 * `sweep` is plain data for the sweep engine: the grid axes are parameter paths.
 */

import { basicStepInvariants, defineChecks, defineScenario } from "../api/index.ts";
import { cheatingAttackSchema } from "./cheating-attack.ts";

/** Sweep axes (parameter path → values), read by the sweep engine. */
export const sweep = {
  grid: {
    "verification.sampleRate": [1e-5, 3e-5, 1e-4, 3e-4, 1e-3, 3e-3, 1e-2, 3e-2],
    "verification.slashFraction": [0, 0.05, 0.1, 0.3, 1],
    "staking.minStakeTokens": [100, 500, 2500],
  },
  runsPerPoint: 10,
} as const;

export const scenario = defineScenario({
  name: "verification-sweep",
  summary: "Sampling rate × slash fraction × stake over the cheating-attack network",
  schema: cheatingAttackSchema,
});

/** What `tokensim check` holds this scenario to (90-day runs at the base point). */
export const checks = defineChecks({
  sets: ["sim.steps=2160"],
  runs: 30,
  seed: 29,
  stepInvariants: basicStepInvariants,
  assertions: [
    {
      name: "cheaters are caught at the base point",
      stat: "quantile",
      metric: "cheatersCaught",
      q: 0.05,
      greaterThan: 100,
    },
  ],
});
