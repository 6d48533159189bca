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
 * when no credits are outstanding.
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

/** What {@link redeemCredits} did (tokens, USD). */
export interface RedeemResult {
  /** Tokens paid out of the vault and newly minted for redemption. */
  fromVault: number;
  minted: number;
  /** Vault tokens left over after redemption and burned. */
  burned: number;
  /** USD paid straight to providers (credits halted). */
  usdPaid: number;
}

/**
 * Epoch-end redemption. Providers earned `creditsUsd` of credits and `heldUsd`
 * of direct USD (paid while mints were halted) pro rata to their work this
 * epoch. Credits are redeemed for tokens at `price`: from the vault first, newly
 * minted for the rest; whatever stays in the vault is burned (a price rise since
 * the tenants' purchases means a net burn, a fall a net mint). Providers queue
 * all redeemed tokens for sale (they were paid in USD terms), and the USD value
 * of both counts as fiat revenue of the epoch for their exit decisions. Needs
 * the epoch's work accrued and must run before `payRewards` resets it. Does
 * nothing (and returns false) when nobody worked this epoch.
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
  out.burned = 0;
  out.usdPaid = 0;
  let totalWork = 0;
  for (let i = 0; i < s.highWater; i++) {
    if (s.status[i] !== Status.Empty) totalWork += s.epochWork[i]!;
  }
  if (totalWork <= 0) return false;
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
  const left = ledger.accounts[Account.Vault]!;
  if (left > 0) ledger.burnFrom(Account.Vault, left);
  out.burned = left;
  return true;
}
