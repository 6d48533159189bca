/**
 * Crash death spiral: a −70% market crash in a week, under the default fixed
 * emission and under a burn-pegged policy.
 *
 * Question it answers: does a market crash tip the network into a death spiral
 * (price drawdown → provider exodus → dropped jobs and client churn → less burn)
 * and does an emission policy that pays providers more tokens when tokens are
 * cheap (burn-pegged: the burn is bought in USD, so a lower price burns more
 * tokens, and the mint follows) stop it?
 *
 * What to look at: summary.json `deathSpirals` (start, legs, depth, recovery);
 * the `spiralActive` and `spiralLegs` columns; priceUsd, providersActive,
 * jobsDropped, demandQuality and mintedTokens around the crash (day 30).
 * Compare `--set emission.policy=burnPegged` (and the AEP-76 variant,
 * `--set credits.enabled=true --set emission.tokensPerEpoch=2760`) with the default.
 * With seed 42 (150-day runs): the default spirals on the price and provider
 * legs (providers −28% at worst, not recovered by the end); burn-pegged does not
 * spiral (the price falls as far, but providers' token income follows the burn,
 * only about 5% leave, and 2,935 are active at the end against 2,214); USD
 * credits keep providers' income in USD and do not spiral either.
 *
 * Set-up: the baseline network with thin token-only provider margins (pure
 * BME: providers are paid only in tokens), impatient exits (3 loss-making epochs),
 * quality churn switched on, and a crash from day 30. The robust alternative is
 * `emission.policy=burnPegged` with `pegRatio` 1, floor 0.5× and cap 3× the
 * smoothed 7-epoch burn.
 */

import {
  activeRatioEnd,
  basicStepInvariants,
  defineChecks,
  defineScenario,
  spiralled,
  withDefaults,
} from "../api/index.ts";
import { baselineSchema } from "./baseline.ts";

export const crashDeathSpiralSchema = withDefaults(baselineSchema, {
  sim: { steps: 180 * 24 },
  providers: { initial: 3000, maxTotal: 6000, cheaterShare: 0 },
  demand: {
    baseGpuHoursPerHour: 2700,
    burstProbability: 0.001,
    burstMultiplier: 2,
    churnSensitivity: 0.1,
    returnPerStep: 0.002,
    sloLatencyMs: 1e6,
  },
  emission: {
    policy: "fixed",
    tokensPerEpoch: 27600,
    pegRatio: 1,
    floorTokensPerEpoch: 0,
    capTokensPerEpoch: 1e9,
    floorBurnMultiple: 0.5,
    capBurnMultiple: 3,
  },
  economics: { exitPatienceEpochs: 3, profitWindowEpochs: 3, entryMaxPerEpoch: 10 },
  market: { noiseTradeShare: 0.001 },
  shocks: { crashStartStep: 30 * 24, crashSteps: 168, crashDrop: 0.7 },
});

export const scenario = defineScenario({
  name: "crash-death-spiral",
  summary: "−70% crash in a week at day 30; fixed emission spirals, burn-pegged holds",
  schema: crashDeathSpiralSchema,
});

/** What `tokensim check` holds this scenario to (120-day runs (the crash starts on day 30)). */
export const checks = defineChecks({
  sets: ["sim.steps=2880"],
  runs: 30,
  seed: 70,
  outcomes: { spiralled, activeRatioEnd },
  stepInvariants: basicStepInvariants,
  assertions: [
    // The scenario's claim: under the default fixed emission a -70% crash tips the network into a spiral.
    {
      name: "the crash causes a death spiral",
      stat: "probability",
      metric: "spiralled",
      event: { above: 0.5 },
      greaterThan: 0.7,
    },
    { name: "deep drawdown", stat: "quantile", metric: "maxDrawdownPct", q: 0.5, greaterThan: 50 },
    { name: "providers leave", stat: "quantile", metric: "activeRatioEnd", q: 0.5, lessThan: 0.8 },
  ],
});
