import { Type } from "@sinclair/typebox";
import { choice, num, share } from "../fields.ts";

/**
 * The `pricing` section of `networkSchema`. What clients pay and where it goes: fixed price or
 * per-region reverse auction, protocol fee and providers' fiat share.
 */
export function pricingSection() {
  return Type.Object({
    usdPerGpuHour: num(0.45, {
      unit: "USD per reference GPU-hour",
      description: "fixed price clients pay",
      exclusiveMinimum: 0,
      maximum: 1000,
    }),
    protocolFeeShare: share(
      0.05,
      "share of client payments the protocol keeps (USD, to the treasury)",
    ),
    providerFiatShare: share(
      0,
      "share of client payments passed to providers in USD (the rest buys and burns tokens)",
    ),
    mode: choice(
      ["fixed", "auction"],
      "fixed",
      "fixed USD price per GPU-hour (Render) or a reverse auction per region (Akash): clearing price = bid of the marginal hardware class",
    ),
    auctionMarkup: num(1.2, {
      unit: "×",
      description: "auction: providers bid their full cost per GPU-hour × this markup",
      minimum: 0,
      maximum: 100,
    }),
    auctionScarcityPremium: num(0.5, {
      unit: "fraction",
      description:
        "auction: when a region's capacity is fully used (utilisation ≥ 0.99), the clearing price is the marginal ask × (1 + this)",
      minimum: 0,
      maximum: 100,
    }),
    auctionMinUsdPerGpuHour: num(0.05, {
      unit: "USD per reference GPU-hour",
      description: "auction: lowest clearing price (reserve price)",
      minimum: 0,
      maximum: 1000,
    }),
  });
}
