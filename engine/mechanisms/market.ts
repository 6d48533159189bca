import { LpWithdrawal } from "../market/lpWithdrawal.ts";
import { venueParams } from "../market/params.ts";
import type { NetworkParams } from "../params/network.ts";
import { normal } from "../rng/distributions.ts";
import type { Rng } from "../rng/source.ts";
import { type Amm, constantProductOut } from "../state/amm.ts";
import { Account, type Ledger } from "../state/ledger.ts";
import { type ProviderStore, Status } from "../state/providers.ts";

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
  if (amm.venue) return sellOnVenue(s, ledger, amm, total);
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
 * {@link sellProviderRewards} on a venue other than the constant-product pool:
 * one order of `total` tokens; when the venue fills it partially, every seller
 * sells the same share of its order and keeps the rest.
 */
function sellOnVenue(
  s: ProviderStore,
  ledger: Ledger,
  amm: Amm,
  total: number,
): { tokens: number; usd: number } {
  const { pendingSell, pnlUsd } = s;
  const fill = amm.quoteSell(total);
  const ratio = fill.taken / total;
  const usdPerToken = fill.taken > 0 ? fill.paid / fill.taken : 0;
  for (let i = 0; i < s.highWater; i++) {
    const amount = pendingSell[i]! * ratio;
    pendingSell[i] = 0;
    if (amount <= 0) continue;
    ledger.fromProvider(i, Account.Amm, amount);
    pnlUsd[i]! += amount * usdPerToken;
  }
  if (fill.taken > 0) amm.settleVenueSell(fill);
  return { tokens: fill.taken, usd: fill.paid };
}

/**
 * Noise traders: a net trade each step of `N(0, noiseTradeShare · usdReserve)` USD.
 * A positive draw buys tokens into the traders' account; a negative one sells
 * traders' tokens worth that much at the spot price (at most what they hold).
 * With a second venue the trade goes there (`on`; its scale is both venues' USD
 * reserves). Returns the signed USD size of the trade.
 */
export function noiseTrade(
  noiseTradeShare: number,
  amm: Amm,
  ledger: Ledger,
  rng: Rng,
  on: Amm = amm,
): number {
  if (noiseTradeShare <= 0) return 0;
  // With a second venue (`on`), the trade's scale is both venues' USD.
  const scale = on === amm ? amm.usdReserve : amm.usdReserve + on.usdReserve;
  const usd = normal(rng, 0, noiseTradeShare * scale);
  if (usd > 0) {
    on.buyTo(usd, Account.Traders);
  } else if (usd < 0) {
    const tokens = Math.min(-usd / on.price, ledger.accounts[Account.Traders]!);
    if (tokens > 0) on.sellFrom(Account.Traders, tokens);
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

/** The buy-back rule's parameters (`treasury.*`). */
export interface BuybackRule {
  readonly rule: "priceBand" | "revenueShare";
  readonly triggerRatio: number;
  readonly bandShare: number;
  readonly revenueShare: number;
}

/**
 * USD the treasury spends on an epoch-end buy-back: under `priceBand`,
 * `bandShare · treasuryUsd` while `price < triggerRatio · reference` (else 0);
 * under `revenueShare`, `min(treasuryUsd, revenueShare · epochFeesUsd)`.
 */
export function buybackUsd(
  r: BuybackRule,
  price: number,
  reference: number,
  treasuryUsd: number,
  epochFeesUsd: number,
): number {
  if (treasuryUsd <= 0) return 0;
  if (r.rule === "priceBand")
    return price < r.triggerRatio * reference ? r.bandShare * treasuryUsd : 0;
  return Math.min(treasuryUsd, r.revenueShare * Math.max(0, epochFeesUsd));
}

/**
 * Buys tokens on the AMM with `usd` and burns them, or (`stakers`) pays them to
 * active providers in proportion to their stake (through the treasury account:
 * bought into it, then paid out; with no stake they stay there). Returns the
 * tokens bought.
 */
export function executeBuyback(
  usd: number,
  destination: "burn" | "stakers",
  amm: Amm,
  ledger: Ledger,
  s: ProviderStore,
): number {
  if (usd <= 0) return 0;
  if (destination === "burn") return amm.buyTo(usd, "burn");
  const tokens = amm.buyTo(usd, Account.Treasury);
  const { status, stake } = s;
  let totalStake = 0;
  for (let i = 0; i < s.highWater; i++) if (status[i] === Status.Active) totalStake += stake[i]!;
  if (totalStake <= 0) return tokens;
  const perStake = tokens / totalStake;
  let left = tokens;
  for (let i = 0; i < s.highWater; i++) {
    if (status[i] !== Status.Active || stake[i]! <= 0) continue;
    const pay = Math.min(left, stake[i]! * perStake);
    ledger.toProvider(Account.Treasury, i, pay);
    left -= pay;
  }
  return tokens;
}

/** The runway reported when the treasury spends (almost) nothing (days). */
export const RUNWAY_CAP_DAYS = 100_000;

/**
 * The treasury's runway (days): its USD over its spend rate, the mean USD
 * outflow (spending and buy-backs) of the last `outflows.length` epochs (of
 * those completed: `epochs`), or `plannedUsdPerEpoch` before the first epoch
 * end. Capped at {@link RUNWAY_CAP_DAYS} (also when nothing is spent).
 */
export function runwayDays(
  treasuryUsd: number,
  outflowSum: number,
  epochs: number,
  windowEpochs: number,
  plannedUsdPerEpoch: number,
  epochDays: number,
): number {
  const n = Math.min(epochs, windowEpochs);
  const perEpoch = n > 0 ? outflowSum / n : plannedUsdPerEpoch;
  if (!(perEpoch > 0)) return RUNWAY_CAP_DAYS;
  return Math.min(RUNWAY_CAP_DAYS, (Math.max(0, treasuryUsd) / perEpoch) * epochDays);
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
  /** Treasury policy (`treasury.enabled`): protocol fees of the epoch so far (USD). */
  epochFeesUsd = 0;
  /** Treasury policy: this step's buy-back, in USD and tokens bought (USD, tokens). */
  buybackUsdStep = 0;
  buybackTokensStep = 0;
  /** Treasury policy: USD outflow (spending and buy-back) of the last epochs (ring, `[epoch % length]`). */
  readonly treasuryOutflows: Float64Array;
  /** Sum of {@link treasuryOutflows} (USD). */
  treasuryOutflowSum = 0;
  /** Epochs whose outflow is in {@link treasuryOutflows} so far (epochs). */
  treasuryEpochs = 0;
  /** The treasury's runway after the step (days; see `runwayDays`). */
  runwayDays = 0;
  /** Second venue: tokens the arbitrageurs moved between the venues this step (tokens). */
  venueArbTokens = 0;
  /** Liquidity providers who withdraw on volatility (`market.lpWithdrawal`), when on. */
  readonly lp: LpWithdrawal | undefined;

  constructor(p: NetworkParams) {
    const m = p.market;
    this.externalPrice = m.initialPriceUsd;
    this.priceRing = new Float64Array(m.traderLookbackSteps).fill(m.initialPriceUsd);
    this.priceRingSum = m.initialPriceUsd * m.traderLookbackSteps;
    this.treasuryOutflows = new Float64Array(
      p.treasury.enabled ? p.treasury.runwayWindowEpochs : 1,
    );
    const v = venueParams(p);
    this.lp = v.lpWithdrawal
      ? new LpWithdrawal(
          {
            windowSteps: v.lpVolWindowSteps,
            threshold: v.lpVolThreshold,
            withdrawShare: v.lpWithdrawShare,
            returnShare: v.lpReturnShare,
            maxWithdrawnShare: v.lpMaxWithdrawnShare,
          },
          m.initialPriceUsd,
        )
      : undefined;
  }
}
