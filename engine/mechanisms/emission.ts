import type { NetworkParams } from "../params/network.ts";
import { Registry } from "../registry.ts";

/** What an emission policy may look at when it sets an epoch's emission. */
export interface EmissionContext {
  /** Index of the epoch being paid (0-based). */
  epoch: number;
  /** Tokens burned in each of the last `smoothingEpochs` epochs (ring, unordered). */
  burnHistory: Float64Array;
  /** Epochs of burn history filled so far (≤ burnHistory.length). */
  burnHistoryFilled: number;
  /** Tokens burned in the epoch now ending. */
  epochBurned: number;
}

/** An emission policy: how many tokens to mint at the end of an epoch. */
export interface EmissionPolicy {
  readonly description: string;
  tokensForEpoch(p: NetworkParams["emission"], ctx: EmissionContext): number;
}

/** Mean of the filled part of the burn history (tokens per epoch). */
export function smoothedBurn(ctx: EmissionContext): number {
  if (ctx.burnHistoryFilled === 0) return 0;
  let sum = 0;
  for (let i = 0; i < ctx.burnHistoryFilled; i++) sum += ctx.burnHistory[i]!;
  return sum / ctx.burnHistoryFilled;
}

/** Emission policies by name; `emission.policy` selects one. */
export const emissionPolicies = new Registry<EmissionPolicy>("emission policy")
  .register("fixed", {
    description: "mint = tokensPerEpoch, every epoch",
    tokensForEpoch: (p) => p.tokensPerEpoch,
  })
  .register("burnPegged", {
    description:
      "mint = clamp(pegRatio × mean burn of the last smoothingEpochs epochs, floorTokensPerEpoch, capTokensPerEpoch)",
    tokensForEpoch: (p, ctx) =>
      Math.min(
        p.capTokensPerEpoch,
        Math.max(p.floorTokensPerEpoch, p.pegRatio * smoothedBurn(ctx)),
      ),
  });
