import { Account, type Ledger } from "./ledger.ts";

/**
 * Output of a constant-product swap: `reserveOut · in·(1−fee) / (reserveIn + in·(1−fee))`.
 * The fee stays in the pool, so the product of reserves never falls.
 */
export function constantProductOut(
  reserveIn: number,
  reserveOut: number,
  amountIn: number,
  feeRate: number,
): number {
  if (amountIn <= 0) return 0;
  const effective = amountIn * (1 - feeRate);
  return (reserveOut * effective) / (reserveIn + effective);
}

/**
 * Constant-product AMM between the token and USD. The token reserve is the
 * ledger's {@link Account.Amm} balance, so every swap is a ledger transfer; the
 * USD reserve is held here (USD is not a ledger asset).
 */
export class Amm {
  /** USD reserve (USD). */
  usdReserve: number;
  /** Swap fee (fraction of the input, kept in the pool). */
  readonly feeRate: number;
  /**
   * The product of reserves after the last swap or liquidity event (tokens·USD):
   * the `amm-product` invariant checks that swaps never lower it.
   */
  lastProduct: number;
  /** Cumulative USD spent buying tokens (USD), and received selling them. */
  usdIn = 0;
  usdOut = 0;

  constructor(
    private readonly ledger: Ledger,
    usdReserve: number,
    feeRate: number,
  ) {
    this.usdReserve = usdReserve;
    this.feeRate = feeRate;
    this.lastProduct = this.product;
  }

  get tokenReserve(): number {
    return this.ledger.accounts[Account.Amm]!;
  }

  /** Spot price (USD per token). */
  get price(): number {
    return this.usdReserve / this.tokenReserve;
  }

  /** Product of reserves (tokens·USD). */
  get product(): number {
    return this.usdReserve * this.tokenReserve;
  }

  /** Buys tokens with `usd` into a system account (or burns them); returns tokens bought. */
  buyTo(usd: number, to: Account | "burn"): number {
    const out = this.swapUsdIn(usd);
    if (to === "burn") this.ledger.burnFrom(Account.Amm, out);
    else this.ledger.transfer(Account.Amm, to, out);
    return out;
  }

  /** Buys tokens with `usd` into provider `i`'s wallet; returns tokens bought. */
  buyToProvider(usd: number, i: number): number {
    const out = this.swapUsdIn(usd);
    this.ledger.toProvider(Account.Amm, i, out);
    return out;
  }

  /** Sells `tokens` from a system account; returns USD received. */
  sellFrom(from: Account, tokens: number): number {
    const out = constantProductOut(this.tokenReserve, this.usdReserve, tokens, this.feeRate);
    this.ledger.transfer(from, Account.Amm, tokens);
    this.usdReserve -= out;
    this.usdOut += out;
    return out;
  }

  /** Sells `tokens` from provider `i`'s wallet; returns USD received. */
  sellFromProvider(i: number, tokens: number): number {
    const out = constantProductOut(this.tokenReserve, this.usdReserve, tokens, this.feeRate);
    this.ledger.fromProvider(i, Account.Amm, tokens);
    this.usdReserve -= out;
    this.usdOut += out;
    return out;
  }

  /**
   * Sells `amounts[i]` tokens of provider i for every i < n as one trade (the
   * providers sell together at one price); returns the USD out, which provider i
   * shares in proportion `amounts[i] / Σ amounts`.
   */
  sellFromProviders(amounts: Float64Array, n = amounts.length): number {
    const reserveIn = this.tokenReserve;
    // One pass: the wallets are debited and the tokens moved into the pool, then
    // the trade is priced on the reserves before it.
    const tokens = this.ledger.providersTo(Account.Amm, amounts, n);
    if (tokens <= 0) return 0;
    const out = constantProductOut(reserveIn, this.usdReserve, tokens, this.feeRate);
    this.usdReserve -= out;
    this.usdOut += out;
    return out;
  }

  /**
   * Liquidity providers remove `share` of both reserves (tokens to the
   * {@link Account.LiquidityProviders} account, USD out of the pool). The price
   * is unchanged; the product falls by `(1 − share)²`, so {@link lastProduct} is
   * reset explicitly: the `amm-product` invariant covers swaps, not liquidity events.
   * Returns the tokens and USD removed.
   */
  withdrawLiquidity(share: number): { tokens: number; usd: number } {
    const tokens = this.tokenReserve * share;
    const usd = this.usdReserve * share;
    this.ledger.transfer(Account.Amm, Account.LiquidityProviders, tokens);
    this.usdReserve -= usd;
    this.lastProduct = this.product;
    return { tokens, usd };
  }

  /** Tokens to sell now (fee ignored) to bring the spot price down to `target` (USD/token); 0 if above. */
  tokensToReachPrice(target: number): number {
    if (target <= 0 || target >= this.price) return 0;
    return Math.sqrt(this.product / target) - this.tokenReserve;
  }

  /** USD to spend now (fee ignored) to bring the spot price up to `target` (USD/token); 0 if below. */
  usdToReachPrice(target: number): number {
    if (target <= this.price) return 0;
    return Math.sqrt(this.product * target) - this.usdReserve;
  }

  /** Tokens a purchase of `usd` would return now (no state change). */
  quoteBuy(usd: number): number {
    return constantProductOut(this.usdReserve, this.tokenReserve, usd, this.feeRate);
  }

  /** USD needed now to buy `tokens` (inverse of {@link quoteBuy}); Infinity if not possible. */
  usdForTokens(tokens: number): number {
    const x = this.tokenReserve;
    if (tokens >= x) return Number.POSITIVE_INFINITY;
    return (this.usdReserve * tokens) / ((x - tokens) * (1 - this.feeRate));
  }

  private swapUsdIn(usd: number): number {
    const out = constantProductOut(this.usdReserve, this.tokenReserve, usd, this.feeRate);
    this.usdReserve += usd;
    this.usdIn += usd;
    return out;
  }
}
