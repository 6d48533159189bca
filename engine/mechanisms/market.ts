import { normal } from "../rng/distributions.ts";
import type { Rng } from "../rng/source.ts";
import { type Amm, constantProductOut } from "../state/amm.ts";
import { Account, type Ledger } from "../state/ledger.ts";
import type { ProviderStore } from "../state/providers.ts";

/**
 * Executes providers' queued token sales as one AMM swap (aggregated sell
 * pressure: every seller gets the same average execution price) and credits each
 * seller's USD pro rata. Returns the tokens sold and the USD received.
 */
export function sellProviderRewards(
  s: ProviderStore,
  ledger: Ledger,
  amm: Amm,
): { tokens: number; usd: number } {
  const { pendingSell, tokens, pnlUsd } = s;
  let total = 0;
  for (let i = 0; i < s.highWater; i++) {
    const want = pendingSell[i]!;
    if (want <= 0) continue;
    // A provider cannot sell more than it holds (a slash may have intervened).
    const amount = Math.min(want, tokens[i]!);
    pendingSell[i] = amount;
    total += amount;
  }
  if (total <= 0) return { tokens: 0, usd: 0 };
  const usd = constantProductOut(amm.tokenReserve, amm.usdReserve, total, amm.feeRate);
  const usdPerToken = usd / total;
  for (let i = 0; i < s.highWater; i++) {
    const amount = pendingSell[i]!;
    if (amount <= 0) continue;
    ledger.fromProvider(i, Account.Amm, amount);
    pnlUsd[i]! += amount * usdPerToken;
    pendingSell[i] = 0;
  }
  amm.usdReserve -= usd;
  amm.usdOut += usd;
  return { tokens: total, usd };
}

/**
 * Noise traders: a net trade each step of `N(0, noiseTradeShare · usdReserve)` USD.
 * A positive draw buys tokens into the traders' account; a negative one sells
 * traders' tokens worth that much at the spot price (at most what they hold).
 * Returns the signed USD size of the trade.
 */
export function noiseTrade(noiseTradeShare: number, amm: Amm, ledger: Ledger, rng: Rng): number {
  if (noiseTradeShare <= 0) return 0;
  const usd = normal(rng, 0, noiseTradeShare * amm.usdReserve);
  if (usd > 0) {
    amm.buyTo(usd, Account.Traders);
  } else if (usd < 0) {
    const tokens = Math.min(-usd / amm.price, ledger.accounts[Account.Traders]!);
    if (tokens > 0) amm.sellFrom(Account.Traders, tokens);
  }
  return usd;
}
