import { Type } from "@sinclair/typebox";
import { choice, flag, int, num, share } from "../fields.ts";

/**
 * The `providers` section of `networkSchema`. The provider population: initial and maximum count,
 * cheaters, TEE attestation, power-price spread and opex.
 */
export function providersSection() {
  return Type.Object({
    initial: int(5000, {
      unit: "providers",
      description: "providers at step 0",
      minimum: 0,
      maximum: 1_000_000,
    }),
    maxTotal: int(10000, {
      unit: "providers",
      description:
        "capacity of the provider store: the most that can ever be in the network at once",
      minimum: 1,
      maximum: 2_000_000,
    }),
    exactInitialMix: flag(
      false,
      "place the initial providers in exact proportion to hardware shares and region providerShares (largest remainders; classes and regions paired at random), instead of drawing each provider's class and region; a snapshot sets it",
    ),
    cheaterShare: share(0.03, "share of providers that cheat"),
    teeShare: share(0.05, "share of providers that are TEE-attested (cannot cheat)"),
    cheatFraction: share(0.5, "share of its jobs a cheater fakes"),
    cheatStrategy: choice(
      ["fixed", "adaptive"],
      "fixed",
      "how cheaters set their cheat fraction: fixed at cheatFraction, or adaptive (starts at cheatFraction; at each epoch end moves toward its best response to the detection rate it has observed, docs/mechanisms.md#adaptive-cheaters)",
    ),
    cheatLearningRate: share(
      0.05,
      "adaptive cheaters: the most the cheat fraction moves in one epoch (at a relative marginal profit of ±1)",
    ),
    cheatPriorSampleRate: share(
      0.001,
      "adaptive cheaters: prior belief of the probability that one faked job is caught",
    ),
    cheatPriorWeight: num(1, {
      unit: "catches",
      description:
        "adaptive cheaters: weight of the prior, in catches (a Gamma prior of this shape with mean cheatPriorSampleRate per faked job)",
      exclusiveMinimum: 0,
      maximum: 1e6,
    }),
    teeOverhead: share(0.1, "throughput lost to TEE attestation"),
    powerPriceSpread: share(
      0.15,
      "relative spread (uniform ±) of each provider's power price around its region's",
    ),
    opexUsdPerHour: num(0.02, {
      unit: "USD/hour",
      description: "operating cost besides power and capex (bandwidth, hosting)",
      minimum: 0,
      maximum: 1000,
    }),
  });
}
