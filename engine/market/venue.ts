import type { InvariantFailure } from "../mechanisms/mechanism.ts";
import type { VenueKind } from "./params.ts";

/**
 * A quoted or executed trade on a venue: the input it takes (tokens for a sale,
 * USD for a purchase, fee included: at most what was offered, less when the
 * venue's depth or inventory runs out), the output it pays (USD, or tokens),
 * and the venue's price once it is done (USD/token).
 */
export interface Fill {
  readonly taken: number;
  readonly paid: number;
  readonly priceAfter: number;
}

/**
 * The pricing of a market venue other than the constant-product pool, behind
 * the `Amm` façade. Every method takes the venue's real inventory: `x` tokens
 * (the ledger's `Account.Amm` balance) and `y` USD (`Amm.usdReserve`). The fee
 * is charged on the input and leaves the venue (to its liquidity providers or
 * the exchange), so it is not part of the inventory that prices trades.
 */
export interface VenuePricing {
  readonly kind: VenueKind;
  /** Spot (mid) price (USD/token). */
  price(x: number, y: number): number;
  /** A sale of up to `tokens` (fee included); no state change. */
  quoteSell(x: number, y: number, tokens: number): Fill;
  /** A purchase with up to `usd` (fee included); no state change. */
  quoteBuy(x: number, y: number, usd: number): Fill;
  /** Records an executed fill (the order book's mid moves to its last level). */
  commit(fill: Fill): void;
  /** Tokens to sell (fee ignored) to bring the price down to `target`; 0 if above. */
  tokensToReachPrice(x: number, y: number, target: number): number;
  /** USD to spend (fee ignored) to bring the price up to `target`; 0 if below. */
  usdToReachPrice(x: number, y: number, target: number): number;
  /** USD needed to buy `tokens` (fee included); Infinity if the venue cannot deliver them. */
  usdForTokens(x: number, y: number, tokens: number): number;
  /** Scales the venue's liquidity by `factor` (the inventory is scaled by the caller). */
  scaleLiquidity(factor: number): void;
  /** The end of a step: the order book's market makers re-quote. */
  endStep(): void;
  /** The venue's invariant on its inventory; `undefined` while it holds. */
  check(x: number, y: number): InvariantFailure | undefined;
}

/** Relative tolerance of the venues' invariants (roundings over a run). */
export const VENUE_TOLERANCE = 1e-9;

/**
 * Solves `f(d) = target` for d ≥ 0 by bisection, `f` increasing with `f(0) = 0`,
 * on `[0, hi]` (`hi` doubled until `f(hi) ≥ target`, at most up to `cap`).
 * Deterministic: a fixed number of halvings.
 */
export function solveIncreasing(
  f: (d: number) => number,
  target: number,
  hi: number,
  cap = Number.POSITIVE_INFINITY,
): number {
  if (target <= 0) return 0;
  let upper = Math.min(hi, cap);
  while (f(upper) < target && upper < cap) upper = Math.min(upper * 2, cap);
  if (f(upper) <= target) return upper;
  let lower = 0;
  for (let i = 0; i < 100; i++) {
    const mid = (lower + upper) / 2;
    if (f(mid) < target) lower = mid;
    else upper = mid;
  }
  return lower;
}
