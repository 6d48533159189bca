import { normal } from "../rng/distributions.ts";
import type { Rng } from "../rng/source.ts";
import type { Amm } from "../state/amm.ts";
import { Account, type Ledger } from "../state/ledger.ts";

/**
 * Executes a signed trade of the speculative traders' account: `usd > 0` buys
 * that much USD of tokens; `usd < 0` sells tokens worth `−usd` at the spot price,
 * at most what the traders hold. Returns the tokens bought (> 0) or sold (< 0).
 */
export function traderTrade(usd: number, amm: Amm, ledger: Ledger): number {
  if (usd > 0) return amm.buyTo(usd, Account.Traders);
  if (usd < 0) {
    const tokens = Math.min(-usd / amm.price, ledger.accounts[Account.Traders]!);
    if (tokens > 0) {
      amm.sellFrom(Account.Traders, tokens);
      return -tokens;
    }
  }
  return 0;
}

/** Momentum and mean-reversion settings (see `market.*` in the parameter schema). */
export interface SpeculatorParams {
  momentumShare: number;
  meanReversionShare: number;
}

/**
 * Net USD trade of momentum and mean-reversion traders for one step:
 * `usdReserve · (momentumShare · ln(p / pLag) + meanReversionShare · ln(pMean / p))`,
 * where `pLag` is the price `traderLookbackSteps` ago and `pMean` the moving
 * average over that window (USD, signed: > 0 buys).
 */
export function speculatorOrderUsd(
  m: SpeculatorParams,
  usdReserve: number,
  price: number,
  priceLag: number,
  priceMean: number,
): number {
  if (price <= 0 || priceLag <= 0 || priceMean <= 0) return 0;
  return (
    usdReserve *
    (m.momentumShare * Math.log(price / priceLag) +
      m.meanReversionShare * Math.log(priceMean / price))
  );
}

/**
 * Advances the external reference price one step: a driftless geometric random
 * walk, `p · exp(σ·z − σ²/2)` with z ~ N(0, 1) (USD/token).
 */
export function stepExternalPrice(price: number, volPerStep: number, rng: Rng): number {
  if (volPerStep <= 0) return price;
  return price * Math.exp(volPerStep * normal(rng) - (volPerStep * volPerStep) / 2);
}

/**
 * Arbitrage toward a deeper external market: trades the traders' account on the
 * AMM so its spot price closes `share` of the (log) gap to `reference`. Selling
 * is limited to what the traders hold. Returns the tokens bought (> 0) or sold (< 0).
 */
export function arbitrageToward(
  reference: number,
  share: number,
  amm: Amm,
  ledger: Ledger,
): number {
  const p = amm.price;
  const target = p * (reference / p) ** share;
  if (target < p) {
    const tokens = Math.min(amm.tokensToReachPrice(target), ledger.accounts[Account.Traders]!);
    if (tokens <= 0) return 0;
    amm.sellFrom(Account.Traders, tokens);
    return -tokens;
  }
  const usd = amm.usdToReachPrice(target);
  return usd > 0 ? amm.buyTo(usd, Account.Traders) : 0;
}

/**
 * Market-crash step: traders dump tokens to bring the spot price down to
 * `startPrice · (1 − drop)^(k / steps)` at the k-th crash step (1-based), as
 * far as their holdings allow. Returns the tokens sold.
 */
export function crashDump(
  startPrice: number,
  drop: number,
  k: number,
  steps: number,
  amm: Amm,
  ledger: Ledger,
): number {
  const target = startPrice * (1 - drop) ** (k / steps);
  const tokens = Math.min(amm.tokensToReachPrice(target), ledger.accounts[Account.Traders]!);
  if (tokens <= 0) return 0;
  amm.sellFrom(Account.Traders, tokens);
  return tokens;
}
