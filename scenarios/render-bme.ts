/**
 * Render-like burn-and-mint equilibrium (RNP-001 BME with the RNP-006 year-1
 * emission schedule).
 *
 * Question it answers: with Render's published year-1 emissions, node operators
 * paid from a fixed emission pool and every job payment bought and burned, where
 * do price and supply settle, and do node operators stay?
 *
 * What to look at: baseEmissionTokens (25,004.94 per daily epoch, i.e. 9,126,804
 * RENDER over the year); cumMintedTokens against cumBurnedTokens (supply drift);
 * priceUsd against the closed-form equilibrium P* = burn / sold supply;
 * providersActive; treasuryTokens (the non-operator emission pools).
 *
 * Sources:
 * - RNP-006 year-1 emissions: 9,126,804 RENDER, i.e. 760,567 per month
 *   (= 9,126,804 / 365 = 25,004.94 per daily epoch here), 50% to the network and
 *   50% to the Foundation; node operators start with 50% of the network half
 *   (190,142 a month, 25% of the total). The rest of the network half
 *   (liquidity, then artists' rewards) is modelled as the treasury share.
 *   Render started with weekly epochs and moved to daily ones; the per-epoch
 *   amount scales with the epoch length.
 * - Price: an assumption (1.5 USD per 4090-hour); the token starts at its
 *   equilibrium price for it, P* = burn / sold supply ≈ 8.2 USD.
 * - Settlement (RNP-001 BME): clients pay a fixed USD price; after a 5% fee the
 *   job value buys tokens that are burned. Node operators are paid pro rata
 *   from the fixed emission pool: RNP-001 rules out making emissions a function
 *   of burned tokens ("this would create a circular dependency"), so there is no
 *   re-mint of job value (and no net emissions: Render's are only a future idea
 *   for after its supply cap, with no number given). Job-completion rewards only
 *   (availability rewards came later, RNP-015).
 */

import { basicStepInvariants, defineChecks, defineScenario, withDefaults } from "../api/index.ts";
import { baselineSchema } from "./baseline.ts";

/** RNP-006 year-1 emission (RENDER) and its daily-epoch rate (RENDER per epoch). */
export const RNP006_YEAR1_TOKENS = 9_126_804;
export const RNP006_DAILY_TOKENS = RNP006_YEAR1_TOKENS / 365;

export const renderBmeSchema = withDefaults(baselineSchema, {
  sim: { steps: 365 * 24, stepHours: 1, epochSteps: 24 },
  // Assumption: Render prices rendering by OctaneBench-hour, well above GPU rental
  // marketplaces; at 1.5 USD per 4090-hour the node operators' 25% of the value
  // (P* · their emission = 25% of the burn, see below) covers their costs.
  pricing: { usdPerGpuHour: 1.5, protocolFeeShare: 0.05, providerFiatShare: 0 },
  // The closed-form equilibrium P* = burn / sold supply: 4,500 GPU-hours/h × 1.5 USD
  // × 95% × 24 h = 153,900 USD a day over the 18,754 RENDER a day that reach the
  // market (operators' and Foundation's 75%; the treasury's pools are held).
  market: { initialPriceUsd: 8.2, ammUsdDepth: 41_000_000 },
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
    "Render-like BME: job payments burned, node operators paid from RNP-006's fixed year-1 emissions",
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
