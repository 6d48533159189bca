import { Type } from "@sinclair/typebox";
import { choice, flag, int, num, share } from "../fields.ts";

/**
 * The `treasury` section of `networkSchema`. Treasury policy at epoch ends: a
 * buy-back under a rule (a price band or a share of the epoch's protocol
 * fees), the tokens bought burned or distributed to stakers, and the
 * treasury's runway as an output. Spending itself is `market.treasurySpendUsdPerEpoch`.
 */
export function treasurySection() {
  return Type.Object({
    enabled: flag(
      false,
      "treasury policy: an epoch-end buy-back under a rule, and the runway columns",
    ),
    rule: choice(
      ["priceBand", "revenueShare"],
      "priceBand",
      "buy-back rule: priceBand buys while the price is under triggerRatio × the reference price; revenueShare spends a share of the epoch's protocol fees",
    ),
    destination: choice(
      ["burn", "stakers"],
      "burn",
      "bought tokens are burned, or paid to active providers in proportion to their stake",
    ),
    triggerRatio: num(0.8, {
      unit: "ratio",
      description: "priceBand: buy back while the price is under this multiple of the reference",
      minimum: 0,
      maximum: 1000,
    }),
    referencePriceUsd: num(0, {
      unit: "USD/token",
      description: "priceBand: the reference price (0 = market.initialPriceUsd)",
      minimum: 0,
      maximum: 1e6,
    }),
    bandShare: share(
      0.25,
      "priceBand: share of the treasury's USD spent on each epoch-end buy-back under the trigger",
    ),
    revenueShare: share(
      0.2,
      "revenueShare: share of the epoch's protocol fees (USD) spent on the buy-back (at most the treasury's USD)",
    ),
    runwayWindowEpochs: int(30, {
      unit: "epochs",
      description:
        "runway: the spend rate is the treasury's mean USD outflow (spending and buy-backs) over this many past epochs",
      minimum: 1,
      maximum: 100000,
    }),
  });
}
