import type { NetworkParams } from "../params/network.ts";
import { Registry } from "../registry.ts";

/** What an emission policy may look at when it sets an epoch's emission. */
export interface EmissionContext {
  /** Index of the epoch being paid (0-based). */
  epoch: number;
  /** Length of one epoch (hours). */
  epochHours: number;
  /** Tokens burned in each of the last `smoothingEpochs` epochs (ring, unordered). */
  burnHistory: Float64Array;
  /** Epochs of burn history filled so far (≤ burnHistory.length). */
  burnHistoryFilled: number;
  /** Tokens burned in the epoch now ending. */
  epochBurned: number;
  /** Tokens in existence at step 0 (tokens). */
  genesisSupply: number;
  /** Base emission minted in earlier epochs (tokens), for `maxSupplyTokens`. */
  baseMintedSoFar: number;
}

/** Emission parameters (see `emission.*` in the parameter schema). */
export type EmissionParams = NetworkParams["emission"];

/** An emission policy: how many tokens the base schedule mints at the end of an epoch. */
export interface EmissionPolicy {
  readonly description: string;
  tokensForEpoch(p: EmissionParams, ctx: EmissionContext): number;
}

/** Hours in a year, for per-year rates (hours). */
export const HOURS_PER_YEAR = 8760;

/** Mean of the filled part of the burn history (tokens per epoch). */
export function smoothedBurn(ctx: EmissionContext): number {
  if (ctx.burnHistoryFilled === 0) return 0;
  let sum = 0;
  for (let i = 0; i < ctx.burnHistoryFilled; i++) sum += ctx.burnHistory[i]!;
  return sum / ctx.burnHistoryFilled;
}

/**
 * Halving schedule (Helium HIP-20):
 * `tokensPerEpoch · 0.5^⌊(epoch + halvingPhaseEpochs) / halvingPeriodEpochs⌋`
 * (tokens per epoch). `tokensPerEpoch` is the rate at step 0, and
 * `halvingPhaseEpochs` the epochs of the current halving period already past
 * then (a run that starts between two halvings).
 */
export function halvingRate(p: EmissionParams, epoch: number): number {
  return (
    p.tokensPerEpoch * 0.5 ** Math.floor((epoch + p.halvingPhaseEpochs) / p.halvingPeriodEpochs)
  );
}

/**
 * Exponential decay: `tokensPerEpoch · decayPerYear^(epoch · epochHours / 8760)`
 * (tokens per epoch): the rate falls by the factor `decayPerYear` each year, smoothly.
 */
export function decayRate(p: EmissionParams, epoch: number, epochHours: number): number {
  return p.tokensPerEpoch * p.decayPerYear ** ((epoch * epochHours) / HOURS_PER_YEAR);
}

/**
 * Burn-pegged mint (a generic policy, not Helium HIP-149: HIP-149's 0.5×-3× band
 * bounds USD earnings per GB relative to what payers pay, not the mint against
 * the burn): with B̄ the mean burn of the last
 * `smoothingEpochs` epochs, `clamp(pegRatio · B̄, lo, hi)` where
 * `lo = max(floorTokensPerEpoch, floorBurnMultiple · B̄)` and
 * `hi = min(capTokensPerEpoch, capBurnMultiple · B̄)`; the cap wins over the floor.
 * With `oracle.enabled` the burn history holds each epoch's burn valued at the
 * oracle's price (see `EmissionState.epochBurnedAtOracle`).
 */
export function burnPeggedRate(p: EmissionParams, ctx: EmissionContext): number {
  const b = smoothedBurn(ctx);
  // The band relative to the burn first, then the absolute
  // floor and cap, so that an explicit floor still pays providers when burn is zero.
  const pegged = Math.min(p.capBurnMultiple * b, Math.max(p.floorBurnMultiple * b, p.pegRatio * b));
  return Math.min(p.capTokensPerEpoch, Math.max(p.floorTokensPerEpoch, pegged));
}

/** Emission policies by name; `emission.policy` selects one. */
export const emissionPolicies = new Registry<EmissionPolicy>("emission policy")
  .register("fixed", {
    description: "mint = tokensPerEpoch, every epoch",
    tokensForEpoch: (p) => p.tokensPerEpoch,
  })
  .register("halving", {
    description:
      "mint = tokensPerEpoch · 0.5^⌊(epoch + halvingPhaseEpochs) / halvingPeriodEpochs⌋ (Helium HIP-20)",
    tokensForEpoch: (p, ctx) => halvingRate(p, ctx.epoch),
  })
  .register("decay", {
    description: "mint = tokensPerEpoch · decayPerYear^(years since start)",
    tokensForEpoch: (p, ctx) => decayRate(p, ctx.epoch, ctx.epochHours),
  })
  .register("burnPegged", {
    description:
      "mint = clamp(clamp(pegRatio · B̄, floorBurnMultiple · B̄, capBurnMultiple · B̄), floorTokensPerEpoch, capTokensPerEpoch), B̄ = mean burn of the last smoothingEpochs epochs",
    tokensForEpoch: burnPeggedRate,
  });

/**
 * The base emission of an epoch: the selected policy's amount, limited so that
 * genesis supply + cumulative base emission never exceeds `maxSupplyTokens`
 * (tokens).
 */
export function baseEmission(p: EmissionParams, ctx: EmissionContext): number {
  const wanted = emissionPolicies.get(p.policy).tokensForEpoch(p, ctx);
  const room = p.maxSupplyTokens - ctx.genesisSupply - ctx.baseMintedSoFar;
  return Math.max(0, Math.min(wanted, room));
}

/**
 * Net emissions on top of the base policy (Helium HIP-20): burned tokens are
 * re-minted, smoothed and capped. The smoothed burn is
 * `target_e = (1 − smoothingWeight) · target_{e−1} + smoothingWeight · burned_e`
 * (HIP-20 as implemented by Helium: 6/7 of the previous target plus 1/7 of the
 * epoch's burn), and the epoch re-mints `min(target_e, capTokensPerEpoch)`
 * (HIP-20: 1,643.84 HNT a day, 1% of the first year's issuance). The cap is a
 * fixed number of tokens: it does not halve with the base emission, and net
 * emissions go on after `maxSupplyTokens` is reached. Returns the new target
 * and the amount (tokens); both 0 when `netEmissions.enabled` is false.
 */
export function netEmission(
  p: EmissionParams,
  previousTarget: number,
  epochBurned: number,
): { target: number; tokens: number } {
  const n = p.netEmissions;
  if (!n.enabled) return { target: 0, tokens: 0 };
  const target = previousTarget + n.smoothingWeight * (epochBurned - previousTarget);
  return { target, tokens: Math.max(0, Math.min(target, n.capTokensPerEpoch)) };
}

/**
 * The emission mechanism's state in `World` (`w.emission`): the burn history the
 * policies smooth, the net-emission target, what was minted at the last epoch end
 * and the rewards it paid per unit of work and availability.
 */
export class EmissionState {
  /** Tokens burned in each of the last `emission.smoothingEpochs` epochs (tokens; ring, `[epoch % length]`). */
  readonly burnHistory: Float64Array;
  /** Tokens burned so far in this epoch (tokens). */
  epochBurned = 0;
  /**
   * With `oracle.enabled`: this epoch's burn valued at the oracle's price, each
   * step's burn USD over that step's oracle price (tokens); the burn history
   * (and so burn-pegged emission) records it instead of {@link epochBurned}.
   */
  epochBurnedAtOracle = 0;
  /** Emission minted at the last epoch end (tokens). */
  lastEmission = 0;
  /** Last epoch's rewards per unit of work (tokens per GPU-hour served). */
  rewardPerWork = 0;
  /** Last epoch's rewards per unit of availability (tokens per GPU-hour of capacity). */
  rewardPerAvail = 0;
  /** Smoothed burn that net emissions re-mint, capped (tokens per epoch; see `netEmission`). */
  netEmissionTarget = 0;
  /** Base emission minted so far (tokens), for `emission.maxSupplyTokens`. */
  baseMintedSoFar = 0;

  constructor(p: NetworkParams) {
    this.burnHistory = new Float64Array(p.emission.smoothingEpochs);
  }
}
