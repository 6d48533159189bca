import { creditsSection } from "../../params/sections/credits.ts";
import { column } from "../../pipeline/outputs.ts";
import { CreditsState } from "../credits.ts";
import { defineMechanism, type Mechanism } from "../mechanism.ts";

/** The `credits` mechanism: USD-pegged credits (Akash AEP-76): the credit book, vault and circuit breaker. */
export const creditsMechanism: Mechanism = defineMechanism({
  name: "credits",
  description: "USD-pegged credits (Akash AEP-76): the credit book, vault and circuit breaker",
  section: creditsSection,
  state: () => new CreditsState(),
  columns: [
    column(
      "creditsMintedUsd",
      "USD",
      "AEP-76 credits minted by tenants this step",
      (w) => w.totals.creditsMintedUsd,
    ),
    column(
      "creditRedeemMintedTokens",
      "tokens",
      "tokens newly minted to redeem providers' credits (vault short)",
      (w) => w.totals.creditRedeemMinted,
    ),
    column(
      "collateralRatio",
      "ratio",
      "AEP-76 vault tokens × price / outstanding credits (capped at 1000; 1000 when none outstanding)",
      (w) => Math.min(1000, w.credits.collateralRatio),
    ),
    column(
      "creditStatus",
      "0/1/2",
      "AEP-76 circuit breaker: 0 healthy, 1 warning, 2 mints halted",
      (w) => w.credits.status,
    ),
  ],
});
