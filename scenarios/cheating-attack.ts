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
 * 24-hour jail so that slashing, not jail time, carries the deterrent, and no
 * entry. Caught providers whose margin does not cover the slashes they expect
 * leave at the end of their jail (at the default ρ = 0.02 every caught cheater
 * does); wealth is compared over everyone who started in each group.
 * Break-even at the defaults: ρ* ≈ 2.03e-4 at σ = 0.3 (`breakEvenSampleRate`;
 * 2.03-2.05e-4 depending on what a jailed hour costs the cheater, 2.1e-4 if
 * nothing: test/closedForms/cheating.test.ts derives each). To first order
 * ρ* ≈ energy saved per faked job / expected slash = 0.0315 / 150 USD.
 */

import {
  basicStepInvariants,
  defineChecks,
  defineScenario,
  energySavedUsdPerFakedJob,
  networkSchema,
  type Outcome,
  withDefaults,
} from "../api/index.ts";

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
    // At its equilibrium price P* = burn / sold supply ≈ 1 USD: 600 GPU-hours/h ×
    // 0.45 USD × 95% × 24 h, less the protocol's re-runs, ≈ 6,030 USD a day of burn.
    emission: { policy: "fixed", tokensPerEpoch: 6000 },
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

/**
 * Stake slashed (USD at each step's price) over what cheaters gained (the energy
 * their faked jobs did not burn): above 1, a caught cheater's expected slashed
 * stake exceeds its gains. Faked jobs are counted by `badResults` (those
 * delivered uncaught, at a 2% sampling rate nearly all of them); slashes of
 * honest providers flagged falsely (rare at the default 0.002% rate) would
 * count as penalty.
 */
export const slashToGainRatio: Outcome = (r) => {
  const p = r.summary.params;
  const hw = p.hardware.rtx4090!;
  const savingUsdPerJob = energySavedUsdPerFakedJob(
    hw,
    p.demand.jobGpuHours,
    p.regions.eu!.powerUsdPerKwh,
  );
  const slashed = r.column("slashedTokens");
  const price = r.column("priceUsd");
  const bad = r.column("badResults");
  let penaltyUsd = 0;
  let gainUsd = 0;
  for (let t = 0; t < slashed.length; t++) {
    penaltyUsd += slashed[t]! * price[t]!;
    gainUsd += bad[t]! * savingUsdPerJob;
  }
  return gainUsd > 0 ? penaltyUsd / gainUsd : Number.POSITIVE_INFINITY;
};

/** What `tokensim check` holds this scenario to (90-day runs). */
export const checks = defineChecks({
  sets: ["sim.steps=2160"],
  runs: 30,
  seed: 13,
  outcomes: { slashToGainRatio },
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
    {
      name: "a caught cheater's expected slashed stake exceeds its gains",
      stat: "mean",
      metric: "slashToGainRatio",
      greaterThan: 1,
    },
  ],
});
