/**
 * Helium-like halving with HIP-20 net emissions, from Helium's supply in mid-2026.
 *
 * Question it answers: on Helium's emission schedule, with burned tokens
 * re-minted up to HIP-20's fixed cap (net emissions), how does supply approach
 * its ceiling, and do providers stay when the emission halves again (August
 * 2027, epoch 425)?
 *
 * What to look at: baseEmissionTokens (halves at epoch 425), netEmissionTokens
 * (the smoothed burn, at most 1,643.84 a day, unchanged by the halving),
 * supplyTokens against the 223M maximum, providersActive and
 * profitP50UsdPerHour around the halving.
 *
 * The network is the baseline GPU network (a hypothetical: Helium's schedule on
 * a compute network); the token supply and schedule are Helium's.
 *
 * Sources:
 * - HIP-20 (helium/HIP 0020-hnt-max-supply.md): max supply ~223M HNT, halving
 *   every two years; net emissions capped at a fixed 1,643.83561643 HNT a day
 *   (1% of the first year's issuance), not affected by halvings and paid after
 *   the maximum supply is reached (docs.helium.com/tokens/hnt-token/#net-emissions).
 * - Smoothing: `target = 6/7 · previous target + 1/7 · burn`, re-mint
 *   `min(target, cap)`, in force since March 2025
 *   (helium/helium-release-proposals releases/20250312-core-devs.md; on chain in
 *   helium-program-library calculate_utility_score_v0.rs, SMOOTHING_FACTOR = 7).
 * - Schedule: halvings on 1 Aug 2021, 2023 and 2025; since 1 Aug 2025,
 *   20,547.95 HNT a day (7.5M a year; HIP-77's emission schedule). The run
 *   starts on 2 June 2026 (HIP-149's date), 305 days into that halving period.
 * - Supply at the start: about 182.5M HNT on chain (HIP-149, "Supply impact"),
 *   and the schedule left to run is about 23.6M, so the 223M cap does not bind
 *   for decades (HIP-149 puts the effective ceiling at about 206M).
 */

import {
  activeRatioEnd,
  basicStepInvariants,
  defineChecks,
  defineScenario,
  withDefaults,
} from "../api/index.ts";
import { baselineSchema } from "./baseline.ts";

/** Helium's emission since the August 2025 halving: 7.5M HNT a year, per daily epoch. */
export const HNT_DAILY_TOKENS_2025 = 7_500_000 / 365;
/** HIP-20 maximum supply (HNT). */
export const HIP20_MAX_SUPPLY = 223_000_000;
/** HIP-20 net-emissions cap: 1% of the first year's 60M HNT, per day (HNT per epoch). */
export const HIP20_NET_CAP_DAILY = 600_000 / 365;
/** HNT on chain on 2 June 2026 (HIP-149). */
export const HNT_SUPPLY_2026_06 = 182_500_000;
/** Days from the 1 August 2025 halving to 2 June 2026. */
export const DAYS_SINCE_HALVING = 305;

export const heliumHalvingSchema = withDefaults(baselineSchema, {
  sim: { steps: 3 * 365 * 24, stepHours: 1, epochSteps: 24 },
  // The network's own equilibrium price, P* = burn / sold supply: the baseline's
  // ~46k USD a day of burn over ~22k HNT a day of emission and net emissions.
  market: {
    genesisSupplyTokens: HNT_SUPPLY_2026_06,
    ammUsdDepth: 10_000_000,
    initialPriceUsd: 2.1,
  },
  emission: {
    policy: "halving",
    tokensPerEpoch: HNT_DAILY_TOKENS_2025,
    halvingPeriodEpochs: 730,
    halvingPhaseEpochs: DAYS_SINCE_HALVING,
    maxSupplyTokens: HIP20_MAX_SUPPLY,
    netEmissions: { enabled: true, smoothingWeight: 1 / 7, capTokensPerEpoch: HIP20_NET_CAP_DAILY },
  },
});

export const scenario = defineScenario({
  name: "helium-halving",
  summary:
    "Helium's HIP-20 schedule from mid-2026 (182.5M HNT, 7.5M a year halving in Aug 2027) with capped, smoothed net emissions",
  schema: heliumHalvingSchema,
});

/** What `tokensim check` holds this scenario to (180-day runs). */
export const checks = defineChecks({
  // 500 days: past the August 2027 halving (epoch 425).
  sets: ["sim.steps=12000"],
  runs: 20,
  seed: 20,
  outcomes: { activeRatioEnd },
  stepInvariants: [
    ...basicStepInvariants,
    // HIP-20: the re-mint never exceeds the fixed daily cap, halving or not.
    {
      name: "net emissions within the HIP-20 cap",
      metric: "netEmissionTokens",
      max: HIP20_NET_CAP_DAILY + 1e-6,
    },
  ],
  assertions: [
    // Net emissions re-mint most of the burn: supply stays within 10% of its start.
    {
      name: "supply roughly flat",
      stat: "quantile",
      metric: "supplyChangePct",
      q: 0.05,
      greaterThan: -10,
    },
    {
      name: "supply below the ceiling",
      stat: "quantile",
      metric: "supplyChangePct",
      q: 0.95,
      lessThan: 10,
    },
    // The halving halves providers' token income; the price rise that follows keeps them.
    {
      name: "providers stay through the halving",
      stat: "quantile",
      metric: "activeRatioEnd",
      q: 0.1,
      greaterThan: 0.8,
    },
  ],
});
