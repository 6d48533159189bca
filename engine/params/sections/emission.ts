import { Type } from "@sinclair/typebox";
import { choice, flag, int, num, share } from "../fields.ts";

/**
 * The `emission` section of `networkSchema`. Token emission: the base policy (fixed, halving,
 * decay, burn-pegged) and its settings, net emissions (HIP-20), and the split of each epoch's
 * emission.
 */
export function emissionSection() {
  return Type.Object({
    policy: choice(
      ["fixed", "halving", "decay", "burnPegged"],
      "fixed",
      "base emission policy (registered by name in emissionPolicies)",
    ),
    tokensPerEpoch: num(25000, {
      unit: "tokens per epoch",
      description: "fixed policy: tokens minted each epoch; halving and decay: the initial rate",
      minimum: 0,
      maximum: 1e15,
    }),
    halvingPeriodEpochs: int(730, {
      unit: "epochs",
      description: "halving policy: epochs between halvings (HIP-20: two years)",
      minimum: 1,
      maximum: 1e7,
    }),
    halvingPhaseEpochs: int(0, {
      unit: "epochs",
      description:
        "halving policy: epochs of the current halving period already past at step 0 (the first halving comes after halvingPeriodEpochs − this)",
      minimum: 0,
      maximum: 1e7,
    }),
    decayPerYear: num(0.945, {
      unit: "factor per year",
      description: "decay policy: rate = tokensPerEpoch × decayPerYear^(years since start)",
      exclusiveMinimum: 0,
      maximum: 1,
    }),
    maxSupplyTokens: num(1e15, {
      unit: "tokens",
      description:
        "genesis supply + cumulative base emission never exceed this (HIP-20: 223M HNT); net emissions and credits are not capped by it",
      minimum: 0,
      maximum: 1e15,
    }),
    pegRatio: num(1, {
      unit: "×",
      description: "burnPegged policy: tokens minted per token burned (smoothed)",
      minimum: 0,
      maximum: 1000,
    }),
    smoothingEpochs: int(7, {
      unit: "epochs",
      description: "burnPegged policy: epochs in the moving average of burns",
      minimum: 1,
      maximum: 1000,
    }),
    floorTokensPerEpoch: num(5000, {
      unit: "tokens per epoch",
      description: "burnPegged policy: least minted per epoch",
      minimum: 0,
      maximum: 1e15,
    }),
    capTokensPerEpoch: num(100000, {
      unit: "tokens per epoch",
      description: "burnPegged policy: most minted per epoch",
      minimum: 0,
      maximum: 1e15,
    }),
    floorBurnMultiple: num(0, {
      unit: "× smoothed burn",
      description: "burnPegged policy: least minted per epoch as a multiple of the smoothed burn",
      minimum: 0,
      maximum: 1000,
    }),
    capBurnMultiple: num(1000, {
      unit: "× smoothed burn",
      description: "burnPegged policy: most minted per epoch as a multiple of the smoothed burn",
      minimum: 0,
      maximum: 1000,
    }),
    netEmissions: Type.Object({
      enabled: flag(
        false,
        "net emissions on top of the base policy: re-mint the smoothed burn, up to a fixed cap per epoch (HIP-20)",
      ),
      smoothingWeight: share(
        1 / 7,
        "weight of the epoch's burn in the smoothed burn that is re-minted: target = (1 − w) · previous target + w · burn (HIP-20 as Helium implements it: 1/7)",
      ),
      capTokensPerEpoch: num(1e15, {
        unit: "tokens per epoch",
        description:
          "most re-minted per epoch, a fixed number of tokens unchanged by halvings and paid after max supply (HIP-20: 1,643.84 HNT a day)",
        minimum: 0,
        maximum: 1e15,
      }),
    }),
    availabilityShare: share(
      0.2,
      "share of provider rewards paid for available capacity (the rest for jobs served)",
    ),
    foundationShare: share(0.1, "share of each epoch's emission to the foundation"),
    treasuryShare: share(0, "share of each epoch's emission to the protocol treasury"),
    stakersShare: share(
      0,
      "share of each epoch's emission paid to providers pro rata to their stake",
    ),
    perNodeCapTokensPerEpoch: num(1e15, {
      unit: "tokens per epoch",
      description: "most one provider receives per epoch (the excess is not minted)",
      minimum: 0,
      maximum: 1e15,
    }),
  });
}
