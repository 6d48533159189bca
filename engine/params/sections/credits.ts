import { Type } from "@sinclair/typebox";
import { flag, num } from "../fields.ts";

/**
 * The `credits` section of `networkSchema`. USD-pegged credits (Akash AEP-76): the vault's circuit
 * breaker and tenants' prepaid runway.
 */
export function creditsSection() {
  return Type.Object({
    enabled: flag(
      false,
      "USD-pegged credits (Akash AEP-76): tenants buy tokens into a vault to mint $1 credits; providers redeem credits for tokens at epoch ends",
    ),
    warnCollateralRatio: num(0.95, {
      unit: "ratio",
      description:
        "circuit breaker: warn when vault tokens × price / outstanding credits falls under this",
      minimum: 0,
      maximum: 10,
    }),
    haltCollateralRatio: num(0.9, {
      unit: "ratio",
      description: "circuit breaker: halt credit mints (tenants pay providers in USD) under this",
      minimum: 0,
      maximum: 10,
    }),
    runwayEpochs: num(7, {
      unit: "epochs",
      description:
        "credits tenants keep prepaid, in epochs of their current spend (AEP-76's worked example: 7 days); credits never expire",
      minimum: 0,
      maximum: 10000,
    }),
  });
}
