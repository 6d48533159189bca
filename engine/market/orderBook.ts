import type { InvariantFailure } from "../mechanisms/mechanism.ts";
import { type Fill, solveIncreasing, type VenuePricing } from "./venue.ts";

/** The deepest a sale can walk the bids, as a fraction below the mid. */
const BOOK_MAX_DROP = 0.99;

/** The order book's settings: its 2% depth, its shape, its fee and its resilience. */
export interface OrderBookSettings {
  /** USD within 2% of the mid on each side at full liquidity (USD). */
  readonly depth2pctUsd: number;
  /** Shape k of the cumulative depth D(d) = depth2pctUsd · (d / 2%)^k. */
  readonly exponent: number;
  /** Taker fee (fraction of the input). */
  readonly feeRate: number;
  /** Share of a step's price impact the quotes revert at the step's end. */
  readonly resilience: number;
  /** The mid at step 0 (USD/token). */
  readonly initialMid: number;
}

/**
 * A centralised exchange's order book around a mid m. Within a fraction d of
 * the mid each side quotes tokens worth D(d) = depth2pctUsd·(d/0.02)^k USD at the
 * mid, Q(d) = D(d)/m tokens (assumption: depth measured at the mid). A sale of q
 * tokens (after the fee) walks the bids down to d = (q·m/A)^(1/k), A =
 * depth2pctUsd/0.02^k, and receives A·(d^k − k·d^(k+1)/(k+1)) USD; a purchase
 * walks the asks up, paying A·(d^k + k·d^(k+1)/(k+1)). The mid moves to the
 * last level filled, and the market makers re-quote the same depth profile
 * around it at once (each trade meets a full book); at a step's end the mid
 * reverts `resilience` of the step's move. The book never sells more tokens
 * than its inventory nor pays more USD than it holds: a larger order fills
 * partially.
 */
export class OrderBook implements VenuePricing {
  readonly kind = "orderBook" as const;
  /** The mid (USD/token). */
  mid: number;
  /** The mid at the last step end, which {@link endStep} reverts toward (USD/token). */
  anchor: number;
  /** The liquidity in the book as a share of the full depth (withdrawals lower it). */
  depthScale = 1;

  constructor(readonly settings: OrderBookSettings) {
    this.mid = settings.initialMid;
    this.anchor = settings.initialMid;
  }

  /** A = D(d)/d^k: the depth coefficient now (USD). */
  get coefficient(): number {
    const s = this.settings;
    return (this.depthScale * s.depth2pctUsd) / 0.02 ** s.exponent;
  }

  /** USD a sale walking the bids d below the mid receives (fee excluded). */
  bidUsd(d: number): number {
    const k = this.settings.exponent;
    return this.coefficient * (d ** k - (k * d ** (k + 1)) / (k + 1));
  }

  /** USD a purchase walking the asks d above the mid costs (fee excluded). */
  askUsd(d: number): number {
    const k = this.settings.exponent;
    return this.coefficient * (d ** k + (k * d ** (k + 1)) / (k + 1));
  }

  /** Tokens quoted within d of the mid on one side. */
  tokensWithin(d: number): number {
    return (this.coefficient * d ** this.settings.exponent) / this.mid;
  }

  /** The distance from the mid at which `tokens` are quoted on one side. */
  distanceFor(tokens: number): number {
    return ((tokens * this.mid) / this.coefficient) ** (1 / this.settings.exponent);
  }

  price(): number {
    return this.mid;
  }

  quoteSell(_x: number, y: number, tokens: number): Fill {
    const f = this.settings.feeRate;
    if (!(tokens > 0) || this.coefficient <= 0) return { taken: 0, paid: 0, priceAfter: this.mid };
    const full = this.distanceFor(tokens * (1 - f));
    let d = Math.min(full, BOOK_MAX_DROP);
    // The bids pay at most the book's USD inventory.
    if (this.bidUsd(d) > y) d = solveIncreasing((u) => this.bidUsd(u), y, d, d);
    const taken = d === full ? tokens : Math.min(tokens, this.tokensWithin(d) / (1 - f));
    return { taken, paid: this.bidUsd(d), priceAfter: this.mid * (1 - d) };
  }

  quoteBuy(x: number, _y: number, usd: number): Fill {
    const f = this.settings.feeRate;
    if (!(usd > 0) || this.coefficient <= 0) return { taken: 0, paid: 0, priceAfter: this.mid };
    const effective = usd * (1 - f);
    let d = solveIncreasing((u) => this.askUsd(u), effective, 0.02);
    let taken = usd;
    if (this.tokensWithin(d) > x) {
      d = this.distanceFor(x);
      taken = this.askUsd(d) / (1 - f);
    }
    return {
      taken: Math.min(taken, usd),
      paid: Math.min(this.tokensWithin(d), x),
      priceAfter: this.mid * (1 + d),
    };
  }

  commit(fill: Fill): void {
    this.mid = fill.priceAfter;
  }

  tokensToReachPrice(_x: number, _y: number, target: number): number {
    if (target <= 0 || target >= this.mid) return 0;
    return this.tokensWithin(Math.min(1 - target / this.mid, BOOK_MAX_DROP));
  }

  usdToReachPrice(_x: number, _y: number, target: number): number {
    if (target <= this.mid) return 0;
    return this.askUsd(target / this.mid - 1);
  }

  usdForTokens(x: number, _y: number, tokens: number): number {
    if (tokens >= x || this.coefficient <= 0) return Number.POSITIVE_INFINITY;
    return this.askUsd(this.distanceFor(tokens)) / (1 - this.settings.feeRate);
  }

  scaleLiquidity(factor: number): void {
    this.depthScale *= factor;
  }

  endStep(): void {
    const rho = this.settings.resilience;
    if (rho > 0) this.mid *= (this.anchor / this.mid) ** rho;
    this.anchor = this.mid;
  }

  check(x: number, y: number): InvariantFailure | undefined {
    if (x >= 0 && y >= 0 && this.mid > 0 && Number.isFinite(this.mid)) return undefined;
    return {
      values: { tokenInventory: x, usdInventory: y, mid: this.mid },
      detail: "the order book sold more tokens or paid more USD than its inventory",
    };
  }
}
