/**
 * Render-like burn-and-mint equilibrium (RNP-001 BME with the RNP-006 year-1
 * emission schedule).
 *
 * Question it answers: with Render's published year-1 emissions and a
 * burn-for-job-value / mint-to-node-operator settlement, where do price and
 * supply settle, and how much of node operators' income is job payments against
 * emissions?
 *
 * What to look at: baseEmissionTokens (25,004.94 per daily epoch, i.e. 9,126,804
 * RENDER over the year); cumMintedTokens against cumBurnedTokens (supply drift);
 * creditRedeemMintedTokens (job payments re-minted to node operators) and
 * providersActive; treasuryTokens (the non-operator emission pools).
 *
 * Sources:
 * - RNP-006 year-1 emissions: 9,126,804 RENDER, i.e. 760,567 per month
 *   (= 9,126,804 / 365 = 25,004.94 per daily epoch here). Render started with
 *   weekly epochs and moved to daily ones; the per-epoch amount scales with the
 *   epoch length.
 * - Shares (Render Network, "RENDER BME emissions are live", 2023): about 50% of
 *   year-1 emissions to the Foundation, 2.3M RENDER (6,251 per day, 25%) to node
 *   operators; the remaining 25% (creators, liquidity providers, upgrade
 *   incentives) is modelled as the treasury share.
 * - Settlement (RNP-001 BME): clients pay a fixed USD price; the job value is
 *   bought and burned, and node operators receive the same USD value in newly
 *   minted tokens. This is the credits mechanism with its circuit breaker off
 *   (thresholds 0): tokens are bought into the vault, node operators are paid
 *   out of it at the epoch-end price, the vault's rest is burned and any
 *   shortfall minted. Job-completion rewards only (availability rewards came
 *   later, RNP-015).
 */

import { defineChecks } from "../engine/check/spec.ts";
import { withDefaults } from "../engine/params/withDefaults.ts";
import { defineScenario } from "../engine/scenario.ts";
import { baselineSchema } from "./baseline.ts";
import { basicStepInvariants } from "./lib/outcomes.ts";

/** RNP-006 year-1 emission (RENDER) and its daily-epoch rate (RENDER per epoch). */
export const RNP006_YEAR1_TOKENS = 9_126_804;
export const RNP006_DAILY_TOKENS = RNP006_YEAR1_TOKENS / 365;

export const renderBmeSchema = withDefaults(baselineSchema, {
  sim: { steps: 365 * 24, stepHours: 1, epochSteps: 24 },
  pricing: { protocolFeeShare: 0.05, providerFiatShare: 0 },
  credits: { enabled: true, warnCollateralRatio: 0, haltCollateralRatio: 0 },
  emission: {
    policy: "fixed",
    tokensPerEpoch: RNP006_DAILY_TOKENS,
    foundationShare: 0.5,
    treasuryShare: 0.25,
    availabilityShare: 0,
  },
});

export const scenario = defineScenario({
  name: "render-bme",
  summary:
    "Render-like BME: job value burned and re-minted to node operators, RNP-006 year-1 emissions",
  schema: renderBmeSchema,
});

/** What `tokensim check` holds this scenario to (90-day runs). */
export const checks = defineChecks({
  sets: ["sim.steps=2160"],
  runs: 30,
  seed: 6,
  outcomes: {
    /** Minted over the RNP-006 schedule for the run's length (ratio). */
    mintedVsSchedule: (r) =>
      r.summary.headline.mintedTokens / (RNP006_DAILY_TOKENS * (r.summary.stepsCompleted / 24)),
  },
  stepInvariants: basicStepInvariants,
  assertions: [
    {
      name: "mints the RNP-006 schedule (not less)",
      stat: "quantile",
      metric: "mintedVsSchedule",
      q: 0.05,
      greaterThan: 0.99,
    },
    {
      name: "mints the RNP-006 schedule (not more)",
      stat: "quantile",
      metric: "mintedVsSchedule",
      q: 0.95,
      lessThan: 1.01,
    },
  ],
});
