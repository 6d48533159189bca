import type { NetworkParams } from "../params/network.ts";
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

/**
 * The foundation's sales at an epoch end: `share` of its token balance, sold on
 * the AMM (its USD leaves the model: grants and operations). Returns the tokens sold.
 */
export function sellFoundationShare(share: number, amm: Amm, ledger: Ledger): number {
  const tokens = share * ledger.accounts[Account.Foundation]!;
  if (tokens <= 0) return 0;
  amm.sellFrom(Account.Foundation, tokens);
  return tokens;
}

/**
 * The treasury's spending at an epoch end: `spendUsd` paid from its USD first
 * and the rest by selling its tokens at the AMM (at most what it holds; the
 * tokens sold are those worth the rest at the spot price). Returns the USD spent
 * and the treasury's USD afterwards.
 */
export function spendTreasury(
  spendUsd: number,
  treasuryUsd: number,
  amm: Amm,
  ledger: Ledger,
): { spentUsd: number; treasuryUsd: number } {
  if (spendUsd <= 0) return { spentUsd: 0, treasuryUsd };
  const fromUsd = Math.min(spendUsd, treasuryUsd);
  const rest = spendUsd - fromUsd;
  const tokens = Math.min(rest / amm.price, ledger.accounts[Account.Treasury]!);
  const fromTokens = tokens > 0 ? amm.sellFrom(Account.Treasury, tokens) : 0;
  return { spentUsd: fromUsd + fromTokens, treasuryUsd: treasuryUsd - fromUsd };
}

/**
 * The token market's state in `World` (`w.market`): what settlement leaves for the
 * market phase to sell and spend, the external reference price, and the trailing
 * spot prices the speculators look back on.
 */
export class MarketState {
  /** Treasury USD balance: protocol fees minus verification costs paid and treasury spending (USD). */
  treasuryUsd = 0;
  /** Whether rewards paid at the last epoch end still wait for the market phase to sell them. */
  sellPending = false;
  /** External reference price (USD/token), when `market.externalMarket` is on. */
  externalPrice: number;
  /** Whether the external price is replayed from data (`seriesInputs`) instead of a random walk. */
  externalFromInput = false;
  /** Spot prices of the last `market.traderLookbackSteps` steps (USD/token; ring, `[step % length]`). */
  readonly priceRing: Float64Array;
  /** Sum of {@link priceRing} (USD/token). */
  priceRingSum: number;

  constructor(p: NetworkParams) {
    const m = p.market;
    this.externalPrice = m.initialPriceUsd;
    this.priceRing = new Float64Array(m.traderLookbackSteps).fill(m.initialPriceUsd);
    this.priceRingSum = m.initialPriceUsd * m.traderLookbackSteps;
  }
}
