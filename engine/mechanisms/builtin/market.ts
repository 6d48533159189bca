import { Type } from "@sinclair/typebox";
import { venueFields } from "../../market/params.ts";
import { marketSection } from "../../params/sections/market.ts";
import { column } from "../../pipeline/outputs.ts";
import { definePhase } from "../../pipeline/phase.ts";
import { marketPhase } from "../../pipeline/phases/market.ts";
import { MarketState } from "../market.ts";
import { defineMechanism, invariant, type Mechanism } from "../mechanism.ts";
import { PRODUCT_TOLERANCE } from "../tolerances.ts";

/** The `market` mechanism: the token market: AMM, traders, external market, foundation and treasury sales. */
export const marketMechanism: Mechanism = defineMechanism({
  name: "market",
  description: "the token market: AMM, traders, external market, foundation and treasury sales",
  // The market section, with the venue fields (market.venue, market.book*,
  // market.concentrated*, market.secondVenue*, market.venueArbCostRate, market.lp*)
  // after the existing ones.
  section: () => Type.Object({ ...marketSection().properties, ...venueFields() }),
  state: (p) => new MarketState(p),
  streams: ["market", "external"],
  phases: [definePhase("market", marketPhase)],
  columns: [
    column("priceUsd", "USD/token", "AMM spot price after the step", (w) => w.amm.price),
    column(
      "treasuryUsd",
      "USD",
      "treasury USD: fees minus verification costs it paid",
      (w) => w.market.treasuryUsd,
    ),
    column("ammTokenReserve", "tokens", "AMM token reserve", (w) => w.amm.tokenReserve),
    column("ammUsdReserve", "USD", "AMM USD reserve", (w) => w.amm.usdReserve),
    column(
      "providerSoldTokens",
      "tokens",
      "tokens providers sold (reward sales and exits)",
      (w) => w.totals.providerSoldTokens,
    ),
    column(
      "foundationSoldTokens",
      "tokens",
      "tokens the foundation sold (market.foundationSellShare of its balance at epoch ends)",
      (w) => w.totals.foundationSoldTokens,
    ),
    column(
      "treasurySpentUsd",
      "USD",
      "treasury spending (market.treasurySpendUsdPerEpoch at epoch ends), from its USD and token sales",
      (w) => w.totals.treasurySpentUsd,
    ),
    column(
      "externalPriceUsd",
      "USD/token",
      "external reference price (market.externalMarket)",
      (w) => w.market.externalPrice,
    ),
  ],
  invariants: [
    invariant(
      "amm-product",
      "the AMM's reserve product has not fallen since the last step (fees only raise it)",
      (w) => {
        const { amm } = w;
        if (amm.venue) return undefined; // another venue: see market-venue
        const product = amm.product;
        if (product < amm.lastProduct * (1 - PRODUCT_TOLERANCE))
          return { values: { before: amm.lastProduct, after: product } };
        amm.lastProduct = product;
        return undefined;
      },
    ),
    invariant(
      "market-venue",
      "another venue (market.venue) holds non-negative inventory: the order book never sells more tokens or pays more USD than it holds; concentrated liquidity's price stays in its range with X·Y = L²; with a second venue, both venues' inventories stay non-negative",
      (w) => {
        const { amm } = w;
        const main = amm.venue?.check(amm.tokenReserve, amm.usdReserve);
        if (main) return main;
        const b = amm.second;
        if (!b) return undefined;
        const x = b.tokenReserve;
        if (!(x >= 0 && amm.tokenReserve >= 0 && b.usdReserve >= 0))
          return {
            values: { secondTokens: x, mainTokens: amm.tokenReserve, secondUsd: b.usdReserve },
            detail: "the two venues' tokens in the AMM account, or the second's USD, went negative",
          };
        return b.venue?.check(x, b.usdReserve);
      },
    ),
  ],
});
