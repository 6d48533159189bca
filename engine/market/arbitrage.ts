import type { Amm } from "../state/amm.ts";
import { Account } from "../state/ledger.ts";

/** The result of one arbitrage between two venues: tokens moved and the price they meet at. */
export interface VenueArbitrage {
  /** Tokens bought on the cheaper venue and sold on the dearer (0: gap within the cost). */
  readonly tokens: number;
  /** The cheaper venue's price after the trade (USD/token). */
  readonly priceLow: number;
}

/**
 * Arbitrage between two venues through the traders' account: while one venue's
 * price exceeds the other's by more than `costRate` (fees, gas, transfer), buy
 * on the cheaper and sell the same tokens on the dearer until
 * `dear = cheap · (1 + costRate)`. The level t the cheaper venue is lifted to
 * solves `bought(t) = sold(t)` (tokens bought lifting it to t, tokens sold
 * lowering the other to t·(1 + costRate)) by bisection; fees are left to the
 * cost (targets ignore them). Returns the tokens moved.
 */
export function arbitrageVenues(a: Amm, b: Amm, costRate: number): VenueArbitrage {
  const pa = a.price;
  const pb = b.price;
  if (pb > pa * (1 + costRate)) return arbitrageOnce(a, b, costRate);
  if (pa > pb * (1 + costRate)) return arbitrageOnce(b, a, costRate);
  return { tokens: 0, priceLow: Math.min(pa, pb) };
}

function arbitrageOnce(cheap: Amm, dear: Amm, costRate: number): VenueArbitrage {
  const bought = (t: number) => cheap.quoteBuy(cheap.usdToReachPrice(t));
  const sold = (t: number) => dear.tokensToReachPrice(t * (1 + costRate));
  let lo = cheap.price;
  let hi = dear.price / (1 + costRate);
  for (let i = 0; i < 100 && hi - lo > 1e-15 * hi; i++) {
    const t = (lo + hi) / 2;
    if (bought(t) < sold(t)) lo = t;
    else hi = t;
  }
  const usd = cheap.usdToReachPrice(lo);
  if (!(usd > 0)) return { tokens: 0, priceLow: cheap.price };
  const tokens = cheap.buyTo(usd, Account.Traders);
  if (tokens > 0) dear.sellFrom(Account.Traders, tokens);
  return { tokens, priceLow: cheap.price };
}
