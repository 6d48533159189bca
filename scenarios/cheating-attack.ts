/**
 * Cheating/slashing attack: a fifth of providers fake half their jobs to save
 * power; does optimistic verification make that unprofitable?
 *
 * Question it answers: at which (sampling rate ρ, slashing fraction σ) does
 * cheating stop paying, and how many bad results reach clients before cheaters
 * are caught? `cheatingProfitUsdPerHour` (engine/mechanisms/cheatingEconomics.ts)
 * gives the closed form; the simulation gives cheaters' and honest providers'
 * P&L (test/scenarios/cheatingAttack.test.ts compares them on each side).
 *
 * What to look at: cheatersCaught, slashedTokens, badResults, providersJailed,
 * verificationCostUsd against revenueUsd; rerun with
 * `--set verification.sampleRate=...` and `--set verification.slashFraction=...`.
 *
 * Set-up: one hardware class (RTX 4090) in one expensive-power region (0.30
 * USD/kWh, where faking saves most), 20% cheaters faking 50% of jobs, short
 * 24-hour jail so that slashing, not jail time, carries the deterrent, no
 * entry or exit (so both groups are measured over the whole run).
 * Break-even at the defaults: ρ* ≈ 3e-4 at σ = 0.3.
 */

import { defineChecks } from "../engine/check/spec.ts";
import { networkSchema } from "../engine/params/network.ts";
import { withDefaults } from "../engine/params/withDefaults.ts";
import { defineScenario } from "../engine/scenario.ts";
import { basicStepInvariants } from "./lib/outcomes.ts";

export const cheatingAttackSchema = withDefaults(
  networkSchema({
    hardware: {
      rtx4090: {
        share: 1,
        throughput: 1,
        loadW: 450,
        idleW: 30,
        capexUsd: 1800,
        amortHours: 3 * 8760,
        vramGb: 24,
        serviceLatencyMs: 45,
      },
    },
    regions: {
      eu: {
        providerShare: 1,
        demandShare: 1,
        powerUsdPerKwh: 0.3,
        utcOffsetHours: 1,
        latencyMs: { eu: 15 },
      },
    },
  }),
  {
    sim: { steps: 60 * 24, stepHours: 1, epochSteps: 24 },
    providers: {
      initial: 1000,
      maxTotal: 1000,
      cheaterShare: 0.2,
      teeShare: 0,
      cheatFraction: 0.5,
    },
    demand: { baseGpuHoursPerHour: 600, burstProbability: 0 },
    pricing: { usdPerGpuHour: 0.45 },
    emission: { policy: "fixed", tokensPerEpoch: 12000 },
    verification: { sampleRate: 0.02, slashFraction: 0.3, jailSteps: 24 },
    economics: { entryMaxPerEpoch: 0, exitPatienceEpochs: 10000 },
    market: { noiseTradeShare: 0 },
  },
);

export const scenario = defineScenario({
  name: "cheating-attack",
  summary:
    "20% cheaters faking half their jobs; where does (sampling rate, slash) make cheating unprofitable?",
  schema: cheatingAttackSchema,
});

/** What `tokensim check` holds this scenario to (90-day runs). */
export const checks = defineChecks({
  sets: ["sim.steps=2160"],
  runs: 30,
  seed: 13,
  stepInvariants: basicStepInvariants,
  assertions: [
    // At the default sampling rate and slashing fraction cheaters are caught in every run.
    {
      name: "cheaters are caught",
      stat: "quantile",
      metric: "cheatersCaught",
      q: 0.05,
      greaterThan: 100,
    },
    { name: "slashing burns stake", stat: "mean", metric: "slashedTokens", greaterThan: 0 },
  ],
});
