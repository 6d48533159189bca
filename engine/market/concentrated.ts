import type { InvariantFailure } from "../mechanisms/mechanism.ts";
import { type Fill, VENUE_TOLERANCE, type VenuePricing } from "./venue.ts";

/** The concentrated-liquidity position: its range, its liquidity and the pool's fee. */
export interface ConcentratedSettings {
  /** Lower and upper prices of the range (USD/token). */
  readonly priceLow: number;
  readonly priceHigh: number;
  /** Liquidity L = √(virtual tokens · virtual USD) at full size. */
  readonly liquidity: number;
  /** Swap fee (fraction of the input, paid out to the liquidity providers). */
  readonly feeRate: number;
}

/**
 * The settings of a position over `[p0/r, p0·r]` holding `usd` USD and `usd/p0`
 * tokens at p0 (the genesis reserves): L = usd / (√p0 − √pa), Uniswap v3
 * whitepaper eq. 6.30 (Δy = L·(√P − √pa)), https://uniswap.org/whitepaper-v3.pdf.
 * A geometric range is the one where these reserves fit exactly (pa·pb = p0²).
 */
export function geometricRange(
  p0: number,
  usd: number,
  rangeRatio: number,
  feeRate: number,
): ConcentratedSettings {
  const priceLow = p0 / rangeRatio;
  return {
    priceLow,
    priceHigh: p0 * rangeRatio,
    liquidity: usd / (Math.sqrt(p0) - Math.sqrt(priceLow)),
    feeRate,
  };
}

/**
 * A Uniswap v3-style pool with one position over [pa, pb]: it trades as a
 * constant-product pool on the virtual reserves X = x + L/√pb and Y = y + L·√pa
 * (X·Y = L², whitepaper eq. 2.2), so near the price it is deeper than a v2 pool
 * holding the same inventory, and at a range edge one real reserve is 0 and the
 * pool cannot trade further that way (a larger order fills partially). The fee
 * is paid out to the liquidity providers (v3 fees do not compound into L).
 */
export class Concentrated implements VenuePricing {
  readonly kind = "concentrated" as const;
  /** The position's liquidity now (withdrawals scale it). */
  liquidity: number;
  private readonly sqrtLow: number;
  private readonly sqrtHigh: number;

  constructor(readonly settings: ConcentratedSettings) {
    if (!(settings.priceLow > 0 && settings.priceHigh > settings.priceLow))
      throw new RangeError(
        `concentrated liquidity needs 0 < priceLow < priceHigh (got ${settings.priceLow}, ${settings.priceHigh})`,
      );
    this.liquidity = settings.liquidity;
    this.sqrtLow = Math.sqrt(settings.priceLow);
    this.sqrtHigh = Math.sqrt(settings.priceHigh);
  }

  /** Virtual token reserve X = x + L/√pb. */
  virtualTokens(x: number): number {
    return x + this.liquidity / this.sqrtHigh;
  }

  /** Virtual USD reserve Y = y + L·√pa. */
  virtualUsd(y: number): number {
    return y + this.liquidity * this.sqrtLow;
  }

  price(x: number, y: number): number {
    return this.virtualUsd(y) / this.virtualTokens(x);
  }

  quoteSell(x: number, y: number, tokens: number): Fill {
    const f = this.settings.feeRate;
    const X = this.virtualTokens(x);
    const Y = this.virtualUsd(y);
    if (!(tokens > 0)) return { taken: 0, paid: 0, priceAfter: Y / X };
    // Down to pa the virtual token reserve reaches L/√pa.
    const room = Math.max(0, this.liquidity / this.sqrtLow - X);
    const effective = Math.min(tokens * (1 - f), room);
    const taken = effective < tokens * (1 - f) ? effective / (1 - f) : tokens;
    const paid = Math.min(y, (Y * effective) / (X + effective));
    return { taken, paid, priceAfter: (Y - paid) / (X + effective) };
  }

  quoteBuy(x: number, y: number, usd: number): Fill {
    const f = this.settings.feeRate;
    const X = this.virtualTokens(x);
    const Y = this.virtualUsd(y);
    if (!(usd > 0)) return { taken: 0, paid: 0, priceAfter: Y / X };
    // Up to pb the virtual USD reserve reaches L·√pb.
    const room = Math.max(0, this.liquidity * this.sqrtHigh - Y);
    const effective = Math.min(usd * (1 - f), room);
    const taken = effective < usd * (1 - f) ? effective / (1 - f) : usd;
    const paid = Math.min(x, (X * effective) / (Y + effective));
    return { taken, paid, priceAfter: (Y + effective) / (X - paid) };
  }

  commit(): void {}

  tokensToReachPrice(x: number, y: number, target: number): number {
    const t = Math.max(target, this.settings.priceLow);
    if (target <= 0 || t >= this.price(x, y)) return 0;
    return this.liquidity / Math.sqrt(t) - this.virtualTokens(x);
  }

  usdToReachPrice(x: number, y: number, target: number): number {
    const t = Math.min(target, this.settings.priceHigh);
    if (t <= this.price(x, y)) return 0;
    return this.liquidity * Math.sqrt(t) - this.virtualUsd(y);
  }

  usdForTokens(x: number, y: number, tokens: number): number {
    if (tokens >= x) return Number.POSITIVE_INFINITY;
    const X = this.virtualTokens(x);
    return (this.virtualUsd(y) * tokens) / ((X - tokens) * (1 - this.settings.feeRate));
  }

  scaleLiquidity(factor: number): void {
    this.liquidity *= factor;
  }

  endStep(): void {}

  check(x: number, y: number): InvariantFailure | undefined {
    const { priceLow, priceHigh } = this.settings;
    const p = this.price(x, y);
    const L2 = this.liquidity * this.liquidity;
    const drift = L2 > 0 ? Math.abs((this.virtualTokens(x) * this.virtualUsd(y)) / L2 - 1) : 0;
    const inRange = p >= priceLow * (1 - VENUE_TOLERANCE) && p <= priceHigh * (1 + VENUE_TOLERANCE);
    if (x >= 0 && y >= 0 && inRange && drift <= VENUE_TOLERANCE) return undefined;
    return {
      values: { tokenInventory: x, usdInventory: y, price: p, priceLow, priceHigh, drift },
      detail:
        "concentrated liquidity left its range, a reserve went negative, or X·Y drifted from L²",
    };
  }
}
