/**
 * Helium-like halving with net emissions (HIP-20).
 *
 * Question it answers: under Helium's halving schedule with burned tokens
 * re-minted up to a cap (net emissions), how fast does supply approach the
 * maximum, and do providers stay once the emission halves at year 2?
 *
 * What to look at: baseEmissionTokens (halves at epoch 730), netEmissionTokens
 * (≤ 1% of the base emission), cumMintedTokens approaching the 223M cap,
 * providersActive and profitP50UsdPerHour around the halving.
 *
 * With seed 42 the answer is no: the emission (164k tokens a day against a
 * ~46k-token daily burn) dilutes the price through years 1-2, the halving cuts
 * providers' USD income, and a three-leg death spiral starts in year 3 (price
 * −98%, providers −97%, no recovery) — compare `emission.policy=burnPegged`.
 *
 * Sources: HIP-20 (HNT max supply): 5,000,000 HNT per month at the start
 * (= 5M × 12 / 365 = 164,383.56 per daily epoch; Helium epochs are daily here),
 * halving every two years (730 epochs), a maximum supply of 223,000,000 HNT, and
 * net emissions: burned HNT is re-minted, capped at 1% of the epoch's issuance.
 * Genesis supply is a modelling choice (70M, not published here) so that the
 * schedule reaches the cap in year 4.
 */

import { defineChecks } from "../engine/check/spec.ts";
import { withDefaults } from "../engine/params/withDefaults.ts";
import { defineScenario } from "../engine/scenario.ts";
import { baselineSchema } from "./baseline.ts";
import { basicStepInvariants } from "./lib/outcomes.ts";

/** HIP-20: 5M HNT per month at the start, per daily epoch (HNT per epoch). */
export const HIP20_DAILY_TOKENS = (5_000_000 * 12) / 365;
/** HIP-20 maximum supply (HNT). */
export const HIP20_MAX_SUPPLY = 223_000_000;

export const heliumHalvingSchema = withDefaults(baselineSchema, {
  sim: { steps: 3 * 365 * 24, stepHours: 1, epochSteps: 24 },
  market: { genesisSupplyTokens: 70_000_000, ammUsdDepth: 5_000_000, initialPriceUsd: 1 },
  emission: {
    policy: "halving",
    tokensPerEpoch: HIP20_DAILY_TOKENS,
    halvingPeriodEpochs: 730,
    maxSupplyTokens: HIP20_MAX_SUPPLY,
    netEmissions: { enabled: true, capShareOfBase: 0.01, capTokensPerEpoch: 1e15 },
  },
});

export const scenario = defineScenario({
  name: "helium-halving",
  summary:
    "Helium-like HIP-20 halving (5M/month, halves every 2 years, 223M cap) with 1% net emissions",
  schema: heliumHalvingSchema,
});

/** What `tokensim check` holds this scenario to (180-day runs). */
export const checks = defineChecks({
  sets: ["sim.steps=4320"],
  runs: 20,
  seed: 20,
  stepInvariants: basicStepInvariants,
  assertions: [
    // Year-1 HIP-20 emission far exceeds the burn: supply grows in every run.
    {
      name: "emission outpaces burn",
      stat: "quantile",
      metric: "supplyChangePct",
      q: 0.05,
      greaterThan: 10,
    },
    { name: "the price falls", stat: "quantile", metric: "priceChangePct", q: 0.5, lessThan: 0 },
  ],
});
