/**
 * Akash-like BME with USD-pegged credits and a circuit breaker (AEP-76), priced
 * by reverse auction.
 *
 * Question it answers: tenants burn AKT into a vault to mint $1 credits (ACT),
 * which never expire, and providers are paid in AKT at the current price, from
 * the vault first and newly minted for the rest; when the token falls fast,
 * does the circuit breaker halt credit mints before the vault is
 * under-collateralised, and what does that do to mint and providers?
 *
 * What to look at: collateralRatio and creditStatus (0 healthy, 1 warning, 2
 * halted) around the day-60 crash; creditsMintedUsd (stops while halted);
 * creditRedeemMintedTokens (minted when the price fell since the tenants'
 * purchases and the vault runs short); clientUsdPerGpuHour (auction clearing
 * price) and providersActive.
 *
 * Sources: AEP-76 (akash-network/AEP spec/aep-76, README and DESIGN): ACT is
 * minted at the oracle price for AKT moved into the vault and never expires;
 * settlement pays ACT / price AKT from the vault first and mints the shortfall;
 * collateral ratio = vault AKT × price / outstanding ACT; warning under 0.95,
 * mints halted under 0.90, settlements continue. Not modelled: the resume
 * threshold (0.93) and cool-down, and the optional 25 bps mint spread.
 * Tenants keep 7 days of spend in ACT (the AEP's worked example). Fee: AEP-76
 * removes AEP-23's take rates (4% on AKT leases, 20% on USDC), so the protocol
 * keeps no fee here. Providers bid in a reverse auction (Akash's marketplace);
 * the bid is the full cost per GPU-hour × 1.5, and full regions bid the price up
 * by 50% (assumptions). The modest fixed emission stands in for staking
 * inflation (paid pro rata to stake).
 */

import {
  basicStepInvariants,
  defineChecks,
  defineScenario,
  spiralled,
  withDefaults,
} from "../api/index.ts";
import { baselineSchema } from "./baseline.ts";

export const akashBmeSchema = withDefaults(baselineSchema, {
  sim: { steps: 180 * 24 },
  pricing: { mode: "auction", auctionMarkup: 1.5, protocolFeeShare: 0 },
  credits: { enabled: true, warnCollateralRatio: 0.95, haltCollateralRatio: 0.9, runwayEpochs: 7 },
  emission: { policy: "fixed", tokensPerEpoch: 8000, stakersShare: 0.5, foundationShare: 0 },
  shocks: { crashStartStep: 60 * 24, crashSteps: 24, crashDrop: 0.5 },
});

export const scenario = defineScenario({
  name: "akash-bme",
  summary:
    "Akash-like AEP-76 credits with circuit breaker (warn 0.95, halt 0.90), reverse auction, −50% day-60 crash",
  schema: akashBmeSchema,
});

/** What `tokensim check` holds this scenario to (90-day runs). */
export const checks = defineChecks({
  sets: ["sim.steps=2160"],
  runs: 30,
  seed: 76,
  outcomes: { spiralled },
  stepInvariants: basicStepInvariants,
  assertions: [
    // USD credits keep providers' income in USD: no death spiral.
    {
      name: "no death spiral",
      stat: "probability",
      metric: "spiralled",
      event: { above: 0.5 },
      lessThan: 0.2,
    },
    { name: "demand served", stat: "quantile", metric: "dropRate", q: 0.95, lessThan: 0.15 },
  ],
});
