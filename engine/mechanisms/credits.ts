import type { Amm } from "../state/amm.ts";
import { Account, type Ledger } from "../state/ledger.ts";
import { type ProviderStore, Status } from "../state/providers.ts";

/** Circuit-breaker state of the USD-credit system (Akash AEP-76). */
export const CreditStatus = {
  Healthy: 0,
  /** Collateral ratio under `warnCollateralRatio`: mints continue, flagged. */
  Warning: 1,
  /** Collateral ratio under `haltCollateralRatio`: no new credits are minted. */
  Halted: 2,
} as const;
export type CreditStatus = (typeof CreditStatus)[keyof typeof CreditStatus];

/**
 * Collateral ratio `vaultTokens · price / outstandingUsd` (ratio); Infinity
 * when no credits are outstanding. The settlement phase passes the oracle's
 * price with `oracle.enabled`, else the spot price.
 */
export function collateralRatio(
  vaultTokens: number,
  price: number,
  outstandingUsd: number,
): number {
  return outstandingUsd > 0 ? (vaultTokens * price) / outstandingUsd : Number.POSITIVE_INFINITY;
}

/** The circuit breaker: Halted under `halt`, Warning under `warn`, else Healthy. */
export function circuitBreaker(cr: number, warn: number, halt: number): CreditStatus {
  if (cr < halt) return CreditStatus.Halted;
  if (cr < warn) return CreditStatus.Warning;
  return CreditStatus.Healthy;
}

/**
 * The AEP-76 credit book (USD). Credits never expire: tenants hold a prepaid
 * runway of them, providers earn them as work is served and redeem them at
 * epoch ends. Outstanding credits are `tenantUsd + earnedUsd`.
 */
export interface CreditBook {
  /** Tenants' prepaid credits not spent yet (USD). */
  tenantUsd: number;
  /** Credits providers earned this epoch, redeemed at its end (USD). */
  earnedUsd: number;
  /** USD tenants paid providers directly: mints halted and their credits ran out (USD). */
  heldUsd: number;
  /** Tenants' spend per step, smoothed over an epoch (USD per step), for the runway. */
  spendPerStepUsd: number;
}

/**
 * The credits mechanism's state in `World` (`w.credits`, with `credits.enabled`):
 * the credit book, the vault's collateral ratio and circuit-breaker state, and
 * what the last epoch's redemptions paid per GPU-hour served.
 */
export class CreditsState implements CreditBook {
  /** Tenants' prepaid credits not spent yet (USD). */
  tenantUsd = 0;
  /** Credits providers earned this epoch, redeemed at its end (USD). */
  earnedUsd = 0;
  /** USD tenants paid providers directly: mints halted and their credits ran out (USD). */
  heldUsd = 0;
  /** Tenants' spend per step, smoothed over an epoch (USD per step), for the runway. */
  spendPerStepUsd = 0;
  /** Vault tokens × price / outstanding credits (ratio; Infinity when none are outstanding). */
  collateralRatio = Number.POSITIVE_INFINITY;
  /** Circuit-breaker state (a {@link CreditStatus}: 0 healthy, 1 warning, 2 halted). */
  status: CreditStatus = CreditStatus.Healthy;
  /** Credits and held USD redeemed at the last epoch end per GPU-hour served (USD per GPU-hour). */
  usdPerWork = 0;
}

/**
 * One step of tenants' credit use: the step's spend (`spendUsd`) is paid from
 * their credits (providers earn them), and in USD for whatever the credits do
 * not cover. Unless mints are halted, tenants then top their credits up to
 * `runwaySteps` steps of smoothed spend, buying tokens into the vault with the
 * USD (AEP-76: AKT is burned into the vault, credits minted at the price).
 * Returns the credits minted (USD).
 */
export function spendCredits(
  book: CreditBook,
  spendUsd: number,
  halted: boolean,
  runwaySteps: number,
  smoothing: number,
  amm: Amm,
): number {
  const pay = Math.min(spendUsd, book.tenantUsd);
  book.tenantUsd -= pay;
  book.earnedUsd += pay;
  book.heldUsd += spendUsd - pay;
  book.spendPerStepUsd += smoothing * (spendUsd - book.spendPerStepUsd);
  if (halted) return 0;
  const topUp = runwaySteps * book.spendPerStepUsd - book.tenantUsd;
  if (topUp <= 0) return 0;
  amm.buyTo(topUp, Account.Vault);
  book.tenantUsd += topUp;
  return topUp;
}

/** What {@link redeemCredits} did (tokens, USD). */
export interface RedeemResult {
  /** Tokens paid out of the vault and newly minted for redemption. */
  fromVault: number;
  minted: number;
  /** USD paid straight to providers (credits halted). */
  usdPaid: number;
  /**
   * USD value providers received per GPU-hour served this epoch, credits and held
   * USD together (USD per GPU-hour): what a prospective provider expects from them.
   */
  usdPerWork: number;
}

/**
 * Epoch-end redemption. Providers earned `creditsUsd` of credits and `heldUsd`
 * of direct USD (paid while mints were halted) pro rata to their work this
 * epoch. Credits are redeemed for tokens at `price` (the settlement phase passes
 * the oracle's price with `oracle.enabled`, else the spot price): from the vault first, newly
 * minted for the rest (AEP-76). What stays in the vault backs the credits still
 * outstanding (a price rise since the tenants' purchases leaves a surplus there,
 * a fall a shortfall that redemptions mint). Providers queue all redeemed tokens
 * for sale (they were paid in USD terms), and the USD value of both counts as
 * fiat revenue of the epoch for their exit decisions. Needs the epoch's work
 * accrued and must run before `payRewards` resets it. Does nothing (and returns
 * false) when nobody worked this epoch.
 */
export function redeemCredits(
  creditsUsd: number,
  heldUsd: number,
  price: number,
  s: ProviderStore,
  ledger: Ledger,
  out: RedeemResult,
): boolean {
  out.fromVault = 0;
  out.minted = 0;
  out.usdPaid = 0;
  out.usdPerWork = 0;
  let totalWork = 0;
  for (let i = 0; i < s.highWater; i++) {
    if (s.status[i] !== Status.Empty) totalWork += s.epochWork[i]!;
  }
  if (totalWork <= 0) return false;
  out.usdPerWork = (creditsUsd + heldUsd) / totalWork;
  const due = creditsUsd / price;
  let vaultLeft = ledger.accounts[Account.Vault]!;
  for (let i = 0; i < s.highWater; i++) {
    const w = s.epochWork[i]!;
    if (w <= 0 || s.status[i] === Status.Empty) continue;
    const share = w / totalWork;
    const tokens = due * share;
    const fromVault = Math.min(tokens, vaultLeft);
    if (fromVault > 0) ledger.toProvider(Account.Vault, i, fromVault);
    vaultLeft -= fromVault;
    if (tokens > fromVault) ledger.mintToProvider(i, tokens - fromVault);
    out.fromVault += fromVault;
    out.minted += tokens - fromVault;
    s.pendingSell[i]! += tokens;
    const usd = heldUsd * share;
    s.pnlUsd[i]! += usd;
    s.epochFiatUsd[i]! += usd + creditsUsd * share;
    out.usdPaid += usd;
  }
  return true;
}
