import type { NetworkParams } from "../params/network.ts";
import { Concentrated, geometricRange } from "./concentrated.ts";
import { OrderBook } from "./orderBook.ts";
import { type VenueKind, venueParams } from "./params.ts";
import type { VenuePricing } from "./venue.ts";

/**
 * The pricing of a venue of kind `kind` (by default the run's `market.venue`),
 * or `undefined` for the constant-product pool, which the `Amm` prices itself.
 * The venue starts at `market.initialPriceUsd` holding `usdDepth` USD (by
 * default `market.ammUsdDepth`) and as many tokens at that price.
 */
export function createVenue(
  p: NetworkParams,
  kind: VenueKind = venueParams(p).venue,
  usdDepth = p.market.ammUsdDepth,
): VenuePricing | undefined {
  const v = venueParams(p);
  const m = p.market;
  switch (kind) {
    case "constantProduct":
      return undefined;
    case "orderBook":
      return new OrderBook({
        depth2pctUsd: v.bookDepth2pctUsd,
        exponent: v.bookDepthExponent,
        feeRate: m.feeRate,
        resilience: v.bookResilience,
        initialMid: m.initialPriceUsd,
      });
    case "concentrated":
      return new Concentrated(
        geometricRange(m.initialPriceUsd, usdDepth, v.concentratedRangeRatio, m.feeRate),
      );
  }
}
