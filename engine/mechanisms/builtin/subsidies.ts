import { Type } from "@sinclair/typebox";
import { int, num } from "../../params/fields.ts";
import type { Provenance } from "../../params/provenance.ts";
import { definePhase } from "../../pipeline/phase.ts";
import { subsidiesPhase } from "../../pipeline/phases/subsidies.ts";
import { defineMechanism, type Mechanism } from "../mechanism.ts";
import { SubsidiesState } from "../subsidies.ts";

/**
 * Off by default and sized per scenario. The real programme it is modelled on:
 * Akash's Provider Incentive Pilots, paid from the community pool (the
 * treasury) for committed GPU capacity, per GPU and month (PIP01 passed in
 * February 2024, PIP02 in November 2024; governance proposal #303:
 * https://www.mintscan.io/akash/proposals/303, summarised at
 * https://observatory.zone/akash-network/governance/303/nonvoting-validators).
 */
const SETTING: Provenance = {
  kind: "setting",
  note: "off by default; a programme's own size (e.g. Akash's Provider Incentive Pilots, proposal #303)",
};

const choiceOf = <const N extends string>(names: readonly N[], def: N, description: string) =>
  Type.Union(
    names.map((n) => Type.Literal(n)),
    { default: def, unit: "name", description, provenance: SETTING },
  );

/**
 * The `subsidies` mechanism: treasury grants and provider subsidies at epoch
 * ends, in USD (the treasury's USD) or tokens (its token account), per active
 * provider or per GPU-hour of capacity, within a budget per epoch, always,
 * under a price band or for the first epochs (a bootstrap subsidy).
 */
export const subsidiesMechanism: Mechanism = defineMechanism({
  name: "subsidies",
  description: "treasury grants and provider subsidies at epoch ends, in USD or tokens",
  section: {
    enabled: Type.Boolean({
      default: false,
      unit: "flag",
      description: "subsidies: the treasury pays active providers at epoch ends",
      provenance: SETTING,
    }),
    currency: choiceOf(
      ["usd", "tokens"],
      "usd",
      "subsidies: paid from the treasury's USD (usd) or its token account through the ledger (tokens)",
    ),
    basis: choiceOf(
      ["perProvider", "perGpuHour"],
      "perProvider",
      "subsidies: amount per active provider per epoch (perProvider, a grant), or per GPU-hour of capacity it offers over the epoch (perGpuHour)",
    ),
    amount: num(0, {
      unit: "USD or tokens",
      description:
        "subsidies: paid per active provider per epoch, or per GPU-hour of capacity (in the currency)",
      minimum: 0,
      maximum: 1e12,
      provenance: SETTING,
    }),
    budgetPerEpoch: num(0, {
      unit: "USD or tokens",
      description:
        "subsidies: most paid in one epoch, claims scaled down pro rata (0 = no cap but the treasury's balance)",
      minimum: 0,
      maximum: 1e15,
      provenance: SETTING,
    }),
    when: choiceOf(
      ["always", "priceBelow", "firstEpochs"],
      "always",
      "subsidies: runs at every epoch end, while the price (the oracle's when on) is under triggerRatio × the reference price, or in the first `epochs` epochs",
    ),
    triggerRatio: num(1, {
      unit: "ratio",
      description:
        "subsidies, priceBelow: pays while the price is under this multiple of the reference (treasury.referencePriceUsd, or market.initialPriceUsd when 0)",
      minimum: 0,
      maximum: 1000,
      provenance: SETTING,
    }),
    epochs: int(90, {
      unit: "epochs",
      description: "subsidies, firstEpochs: the epochs paid from the start",
      minimum: 0,
      maximum: 1e7,
      provenance: SETTING,
    }),
  },
  state: () => new SubsidiesState(),
  phases: [definePhase("subsidies", subsidiesPhase)],
});
