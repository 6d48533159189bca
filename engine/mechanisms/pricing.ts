import type { NetworkParams } from "../params/network.ts";

/**
 * Ask of hardware class c in a region (USD per reference GPU-hour): its full
 * cost per GPU-hour at full load, `(loadW/1000 · powerUsdPerKwh + capexUsd/amortHours + opex) / throughput`,
 * times `auctionMarkup`.
 */
export function classAskUsd(p: NetworkParams, className: string, powerUsdPerKwh: number): number {
  const hw = p.hardware[className]!;
  const perHour =
    (hw.loadW / 1000) * powerUsdPerKwh + hw.capexUsd / hw.amortHours + p.providers.opexUsdPerHour;
  return (p.pricing.auctionMarkup * perHour) / hw.throughput;
}

/**
 * Reverse auction per provider region (Akash style). Classes are ranked by ask;
 * the work served in region r (GPU-hours per hour) is filled from the cheapest
 * class upwards, and the clearing price is the ask of the marginal class used
 * (uniform price), at least `auctionMinUsdPerGpuHour`; when the region's
 * capacity is fully used (`util ≥ 0.99`) the unmet demand bids it up to the
 * marginal ask × (1 + `scarcityPremium`). A region that served nothing clears
 * at its cheapest ask. `asks` is `[r · C + c]`, `capacity` the
 * active capacity `[r · C + c]` (GPU-hours per hour), `order` per region the
 * classes by ascending ask `[r · C + k]`. Writes USD per GPU-hour into `out`.
 */
export function clearAuction(
  nRegions: number,
  nClasses: number,
  asks: Float64Array,
  order: Int32Array,
  capacity: Float64Array,
  workPerHour: Float64Array,
  util: Float64Array,
  scarcityPremium: number,
  minPrice: number,
  out: Float64Array,
): void {
  const C = nClasses;
  for (let r = 0; r < nRegions; r++) {
    const need = workPerHour[r]!;
    let price = asks[r * C + order[r * C]!]!;
    let filled = 0;
    for (let k = 0; k < C && filled < need; k++) {
      const c = order[r * C + k]!;
      const cap = capacity[r * C + c]!;
      if (cap <= 0) continue;
      price = asks[r * C + c]!;
      filled += cap;
    }
    if (util[r]! >= 0.99) price *= 1 + scarcityPremium;
    out[r] = Math.max(minPrice, price);
  }
}

/** The pricing mechanism's state in `World` (`w.pricing`): the prices clients pay. */
export class PricingState {
  /** Clearing price per provider region (USD per GPU-hour), `[r]`: the fixed price, or the auction's. */
  readonly clearingUsd: Float64Array;
  /** Work-weighted mean clearing price of the last step that served work (USD per GPU-hour). */
  clientUsdPerGpuHour: number;

  constructor(p: NetworkParams) {
    this.clearingUsd = new Float64Array(Object.keys(p.regions).length).fill(
      p.pricing.usdPerGpuHour,
    );
    this.clientUsdPerGpuHour = p.pricing.usdPerGpuHour;
  }
}
