import { Type } from "@sinclair/typebox";
import { flag, int, num, share } from "../fields.ts";

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
