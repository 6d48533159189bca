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
  section: marketSection,
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
        const product = amm.product;
        if (product < amm.lastProduct * (1 - PRODUCT_TOLERANCE))
          return { values: { before: amm.lastProduct, after: product } };
        amm.lastProduct = product;
        return undefined;
      },
    ),
  ],
});
