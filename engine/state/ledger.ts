import { InvariantViolation } from "../errors.ts";
import type { ProviderStore } from "./providers.ts";

/** System token accounts (indices into {@link Ledger.accounts}). */
export const Account = {
  /** Protocol treasury (tokens). */
  Treasury: 0,
  /** The AMM pool's token reserve (tokens). */
  Amm: 1,
  /** Holders outside the network: investors and speculative traders (tokens). */
  Traders: 2,
  /** Foundation / ecosystem share of emissions (tokens). */
  Foundation: 3,
  /** AEP-76 credit vault: tokens tenants bought to mint USD credits (tokens). */
  Vault: 4,
  /** Challengers (secondary verifiers) paid with slashed stake (tokens). */
  Challenger: 5,
  /** Liquidity providers' tokens withdrawn from the AMM (tokens). */
  LiquidityProviders: 6,
  /** Vesting allocations not yet unlocked (tokens; `vesting.enabled`). */
  Locked: 7,
  /** Unlocked vesting allocations their holders still hold (tokens; `vesting.enabled`). */
  Vested: 8,
} as const;
export type Account = (typeof Account)[keyof typeof Account];
const ACCOUNT_NAMES = [
  "treasury",
  "amm",
  "traders",
  "foundation",
  "vault",
  "challenger",
  "liquidityProviders",
  "locked",
  "vested",
] as const;

/** Relative slack below which a shortfall is floating-point dust, not an overdraft. */
const DUST = 1e-9;

/**
 * The token ledger. Every mint, burn, slash, stake and transfer of tokens goes
 * through it, so that supply conservation can be checked each step:
 * `Σ accounts + Σ provider wallets + Σ provider stakes = genesis + minted − burned`.
 * Provider wallets and stakes live in the {@link ProviderStore} columns.
 */
export class Ledger {
  /** System account balances (tokens), indexed by {@link Account}. */
  readonly accounts = new Float64Array(ACCOUNT_NAMES.length);
  /** Tokens that existed at step 0 (tokens). */
  genesis = 0;
  /** Cumulative tokens minted (tokens). */
  minted = 0;
  /** Cumulative tokens burned, slashes sent to burn included (tokens). */
  burned = 0;
  /** Cumulative stake slashed, wherever it went (tokens). */
  slashed = 0;
  /** The step being simulated, for error reports. */
  step = 0;
  /** Running totals of all provider wallets and stakes (tokens), kept by every operation. */
  providerTokens = 0;
  providerStake = 0;
  constructor(readonly providers: ProviderStore) {}

  /** Expected total supply (tokens): genesis + minted − burned. */
  get supply(): number {
    return this.genesis + this.minted - this.burned;
  }

  /** Creates tokens in a system account at step 0, counted as genesis supply. */
  genesisTo(to: Account, amount: number): void {
    this.checkAmount(amount);
    this.accounts[to]! += amount;
    this.genesis += amount;
  }

  /** Creates tokens in a provider's stake at step 0, counted as genesis supply. */
  genesisStake(i: number, amount: number): void {
    this.checkAmount(amount);
    this.providers.stake[i]! += amount;
    this.providerStake += amount;
    this.genesis += amount;
  }

  mintTo(to: Account, amount: number): void {
    this.checkAmount(amount);
    this.accounts[to]! += amount;
    this.minted += amount;
  }

  mintToProvider(i: number, amount: number): void {
    this.checkAmount(amount);
    this.providers.tokens[i]! += amount;
    this.providerTokens += amount;
    this.minted += amount;
  }

  burnFrom(from: Account, amount: number): void {
    this.debitAccount(from, amount);
    this.burned += amount;
  }

  transfer(from: Account, to: Account, amount: number): void {
    this.debitAccount(from, amount);
    this.accounts[to]! += amount;
  }

  fromProvider(i: number, to: Account, amount: number): void {
    this.debitProvider(i, amount);
    this.accounts[to]! += amount;
  }

  toProvider(from: Account, i: number, amount: number): void {
    this.debitAccount(from, amount);
    this.providers.tokens[i]! += amount;
    this.providerTokens += amount;
  }

  /** Moves tokens from a provider's wallet into its locked stake. */
  lockStake(i: number, amount: number): void {
    this.debitProvider(i, amount);
    this.providers.stake[i]! += amount;
    this.providerStake += amount;
  }

  /** Moves a provider's whole stake back into its wallet; returns the amount (tokens). */
  unlockStake(i: number): number {
    const s = this.providers.stake;
    const amount = s[i]!;
    s[i] = 0;
    this.providers.tokens[i]! += amount;
    this.providerStake -= amount;
    this.providerTokens += amount;
    return amount;
  }

  /**
   * Slashes `amount` of provider `i`'s stake: burned when `to` is "burn", else
   * credited to a system account. Slashing more than the stake is a violation of
   * the `slash-within-stake` invariant.
   */
  slash(i: number, amount: number, to: Account | "burn"): void {
    this.checkAmount(amount);
    const s = this.providers.stake;
    const stake = s[i]!;
    if (amount > stake * (1 + DUST)) {
      throw new InvariantViolation("slash-within-stake", this.step, { provider: i, stake, amount });
    }
    const taken = Math.min(amount, stake);
    s[i] = stake - taken;
    this.providerStake -= taken;
    this.slashed += taken;
    if (to === "burn") this.burned += taken;
    else this.accounts[to]! += taken;
  }

  /**
   * Mints `amounts[i]` into provider i's wallet for every i < n, in one pass: each
   * amount checked, the totals updated once. Returns the tokens minted.
   */
  mintToProviders(amounts: Float64Array, n = amounts.length): number {
    const t = this.providers.tokens;
    let total = 0;
    // No branch on zero amounts (adding 0 changes nothing): a paused provider's
    // zero among paying ones would cost a mispredicted branch; only a bad amount
    // (negative, infinite, NaN) leaves the straight path.
    for (let i = 0; i < n; i++) {
      const a = amounts[i]!;
      if (!(a >= 0 && a < Number.POSITIVE_INFINITY)) this.checkAmount(a);
      t[i]! += a;
      total += a;
    }
    this.providerTokens += total;
    this.minted += total;
    return total;
  }

  /**
   * Moves `amounts[i]` from provider i's wallet to system account `to` for every
   * i < n, in one pass; an overdraft is a `non-negative-balance` violation, as
   * for {@link fromProvider}. Returns the tokens moved.
   */
  providersTo(to: Account, amounts: Float64Array, n = amounts.length): number {
    const t = this.providers.tokens;
    let total = 0;
    for (let i = 0; i < n; i++) {
      const a = amounts[i]!;
      const bal = t[i]!;
      // The common case inline (a zero amount included: it moves nothing); an
      // overdraft, dust or a bad amount goes through the check.
      const next = a >= 0 && a <= bal ? bal - a : this.debited(i, bal, a);
      t[i] = next;
      total += bal - next;
    }
    this.providerTokens -= total;
    this.accounts[to]! += total;
    return total;
  }

  /**
   * Slashes `amounts[i]` of provider i's stake for every i < n (see {@link slash}):
   * burned when `to` is "burn", else credited to a system account.
   */
  slashProviders(amounts: Float64Array, to: Account | "burn", n = amounts.length): number {
    const before = this.slashed;
    for (let i = 0; i < n; i++) if (amounts[i]! !== 0) this.slash(i, amounts[i]!, to);
    return this.slashed - before;
  }

  private checkAmount(amount: number): void {
    if (!(amount >= 0) || !Number.isFinite(amount)) {
      throw new InvariantViolation(
        "non-negative-balance",
        this.step,
        { amount },
        "bad transfer amount",
      );
    }
  }

  private debitAccount(from: Account, amount: number): void {
    this.checkAmount(amount);
    const a = this.accounts;
    const bal = a[from]!;
    if (amount > bal + DUST * Math.max(1, bal)) {
      throw new InvariantViolation(
        "non-negative-balance",
        this.step,
        { balance: bal, debit: amount },
        `account '${ACCOUNT_NAMES[from]}'`,
      );
    }
    // A shortfall within DUST is floating-point rounding: settle at exactly zero.
    a[from] = Math.max(0, bal - amount);
  }

  private debitProvider(i: number, amount: number): void {
    const t = this.providers.tokens;
    const bal = t[i]!;
    const next = this.debited(i, bal, amount);
    this.providerTokens -= bal - next;
    t[i] = next;
  }

  /** Provider i's wallet after a debit of `amount` from `bal` (checked; dust settles at 0). */
  private debited(i: number, bal: number, amount: number): number {
    if (!(amount >= 0 && amount < Number.POSITIVE_INFINITY)) this.checkAmount(amount);
    if (amount > bal + DUST * Math.max(1, bal)) {
      throw new InvariantViolation(
        "non-negative-balance",
        this.step,
        { provider: i, balance: bal, debit: amount },
        "provider wallet",
      );
    }
    return Math.max(0, bal - amount);
  }
}
