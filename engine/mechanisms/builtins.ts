import { exitLearningMechanism } from "./agents/exitLearningMechanism.ts";
import { learningTradersMechanism } from "./agents/learningTradersMechanism.ts";
import { ringsMechanism } from "./agents/ringsMechanism.ts";
import { batchMechanism } from "./builtin/batch.ts";
import { creditsMechanism } from "./builtin/credits.ts";
import { demandMechanism } from "./builtin/demand.ts";
import { economicsMechanism } from "./builtin/economics.ts";
import { emissionMechanism } from "./builtin/emission.ts";
import { governanceMechanism } from "./builtin/governance.ts";
import { hardwareMechanism } from "./builtin/hardware.ts";
import { ledgerMechanism } from "./builtin/ledger.ts";
import { marketMechanism } from "./builtin/market.ts";
import { matchingMechanism } from "./builtin/matching.ts";
import { oracleMechanism } from "./builtin/oracle.ts";
import { pricingMechanism } from "./builtin/pricing.ts";
import { providersMechanism } from "./builtin/providers.ts";
import { regionsMechanism } from "./builtin/regions.ts";
import { settlementMechanism } from "./builtin/settlement.ts";
import { shocksMechanism } from "./builtin/shocks.ts";
import { simMechanism } from "./builtin/sim.ts";
import { spiralMechanism } from "./builtin/spiral.ts";
import { stakingMechanism } from "./builtin/staking.ts";
import { subsidiesMechanism } from "./builtin/subsidies.ts";
import { treasuryMechanism } from "./builtin/treasury.ts";
import { verificationMechanism } from "./builtin/verification.ts";
import { vestingMechanism } from "./builtin/vesting.ts";
import type { Mechanism } from "./mechanism.ts";

/**
 * The built-in mechanisms, in order: the order of the parameter sections in
 * `networkSchema` (and so in `tokensim params`), of the state groups in `World`
 * and of the invariant checks after each step. Each declares its section, state,
 * random streams, phases, columns and invariants in its module under `builtin/`;
 * the schema, the phase registry, the built-in columns and the invariant checks
 * are built from this list.
 */
export const BUILTIN_MECHANISMS: readonly Mechanism[] = [
  simMechanism,
  providersMechanism,
  hardwareMechanism,
  regionsMechanism,
  ledgerMechanism,
  demandMechanism,
  batchMechanism,
  pricingMechanism,
  creditsMechanism,
  emissionMechanism,
  verificationMechanism,
  stakingMechanism,
  marketMechanism,
  vestingMechanism,
  treasuryMechanism,
  governanceMechanism,
  shocksMechanism,
  economicsMechanism,
  spiralMechanism,
  matchingMechanism,
  settlementMechanism,
  oracleMechanism,
  subsidiesMechanism,
  ringsMechanism,
  exitLearningMechanism,
  learningTradersMechanism,
];

/** The default step pipeline, by phase name (each is a built-in mechanism's phase). */
export const DEFAULT_PHASES: readonly string[] = [
  "shocks",
  "oracle",
  "governance",
  "demand",
  "matching",
  "service",
  "verification",
  "clientChurn",
  "settlement",
  "vesting",
  "market",
  "learningTraders",
  "subsidies",
  "exitLearning",
  "providerEconomics",
];

/**
 * The order of the built-in per-step columns in `steps.arrow` (each is declared
 * by one built-in mechanism; `builtInColumns` checks that every declared column is
 * here exactly once). New columns go at the end: readers index older files by name,
 * but the order is part of the file's bytes.
 */
export const COLUMN_ORDER: readonly string[] = [
  "timeHours",
  "priceUsd",
  "supplyTokens",
  "circulatingTokens",
  "stakedTokens",
  "treasuryTokens",
  "treasuryUsd",
  "mintedTokens",
  "burnedTokens",
  "slashedTokens",
  "cumMintedTokens",
  "cumBurnedTokens",
  "ammTokenReserve",
  "ammUsdReserve",
  "providersActive",
  "providersOnboarding",
  "providersJailed",
  "providersExiting",
  "providersPaused",
  "entrants",
  "exits",
  "capacityGpuHours",
  "utilisation",
  "jobsArrived",
  "jobsServed",
  "jobsDropped",
  "jobsQueued",
  "latencyP50Ms",
  "latencyP95Ms",
  "queueWaitMeanHours",
  "revenueUsd",
  "feeUsd",
  "burnUsd",
  "providerFiatUsd",
  "providerCostUsd",
  "providerSoldTokens",
  "foundationSoldTokens",
  "treasurySpentUsd",
  "verificationCostUsd",
  "jobsSampled",
  "cheatersCaught",
  "falseFlags",
  "badResults",
  "profitP10UsdPerHour",
  "profitP50UsdPerHour",
  "profitP90UsdPerHour",
  "demandBurst",
  "demandQuality",
  "latencyP95WithQueueMs",
  "sloMisses",
  "clientUsdPerGpuHour",
  "baseEmissionTokens",
  "netEmissionTokens",
  "ejected",
  "creditsMintedUsd",
  "creditRedeemMintedTokens",
  "collateralRatio",
  "creditStatus",
  "externalPriceUsd",
  "batchArrivedGpuHours",
  "batchServedGpuHours",
  "batchMissedGpuHours",
  "batchQueuedGpuHours",
  "spiralLegs",
  "spiralActive",
];
