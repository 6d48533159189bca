import type { Fill, VenuePricing } from "../market/venue.ts";
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
 * The token market's one façade: by default a constant-product AMM between the
 * token and USD; with `market.venue` another venue (an order book, concentrated
 * liquidity: {@link venue}) priced behind the same methods, so no caller changes.
 * The token reserve (inventory) is the ledger's {@link Account.Amm} balance, so
 * every swap is a ledger transfer; the USD reserve is held here (USD is not a
 * ledger asset). On another venue the fee leaves the venue (its tokens to
 * {@link Account.LiquidityProviders}), and an order larger than the venue can
 * take fills partially: a seller keeps the tokens not sold, and a buyer's USD
 * not used is not spent.
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
  /**
   * The venue's pricing when it is not the constant-product pool (set once,
   * before the first trade, by the market phase); `undefined`: constant product.
   */
  venue: VenuePricing | undefined = undefined;
  /**
   * A second venue carved out of this one ({@link carve}): its tokens are in
   * {@link Account.Amm} too, so this venue's reserve is the balance less its.
   */
  second: Amm | undefined = undefined;
  /** On a carved venue, its share of {@link Account.Amm} (tokens); `undefined` on the main one. */
  private own: number | undefined = undefined;

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
    if (this.own !== undefined) return this.own;
    if (this.second) return this.ledger.accounts[Account.Amm]! - this.second.tokenReserve;
    return this.ledger.accounts[Account.Amm]!;
  }

  /** Spot price (USD per token). */
  get price(): number {
    if (this.venue) return this.venue.price(this.tokenReserve, this.usdReserve);
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
    this.moved(-out);
    return out;
  }

  /** Buys tokens with `usd` into provider `i`'s wallet; returns tokens bought. */
  buyToProvider(usd: number, i: number): number {
    const out = this.swapUsdIn(usd);
    this.ledger.toProvider(Account.Amm, i, out);
    this.moved(-out);
    return out;
  }

  /** Sells `tokens` from a system account; returns USD received. */
  sellFrom(from: Account, tokens: number): number {
    if (this.venue)
      return this.sellOnVenue(tokens, (q) => this.ledger.transfer(from, Account.Amm, q));
    const out = constantProductOut(this.tokenReserve, this.usdReserve, tokens, this.feeRate);
    this.ledger.transfer(from, Account.Amm, tokens);
    this.moved(tokens);
    this.usdReserve -= out;
    this.usdOut += out;
    return out;
  }

  /** Sells `tokens` from provider `i`'s wallet; returns USD received. */
  sellFromProvider(i: number, tokens: number): number {
    if (this.venue)
      return this.sellOnVenue(tokens, (q) => this.ledger.fromProvider(i, Account.Amm, q));
    const out = constantProductOut(this.tokenReserve, this.usdReserve, tokens, this.feeRate);
    this.ledger.fromProvider(i, Account.Amm, tokens);
    this.moved(tokens);
    this.usdReserve -= out;
    this.usdOut += out;
    return out;
  }

  /**
   * Sells `amounts[i]` tokens of provider i for every i < n as one trade (the
   * providers sell together at one price); returns the USD out, which provider i
   * shares in proportion `amounts[i] / Σ amounts`. On a venue that fills the
   * order partially, `amounts` is scaled down to what each provider sold.
   */
  sellFromProviders(amounts: Float64Array, n = amounts.length): number {
    if (this.venue) {
      let total = 0;
      for (let i = 0; i < n; i++) total += amounts[i]!;
      if (!(total > 0)) return 0;
      return this.sellOnVenue(total, (q) => {
        if (q < total) for (let i = 0; i < n; i++) amounts[i]! *= q / total;
        this.ledger.providersTo(Account.Amm, amounts, n);
      });
    }
    const reserveIn = this.tokenReserve;
    // One pass: the wallets are debited and the tokens moved into the pool, then
    // the trade is priced on the reserves before it.
    const tokens = this.ledger.providersTo(Account.Amm, amounts, n);
    this.moved(tokens);
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
    this.moved(-tokens);
    this.usdReserve -= usd;
    this.venue?.scaleLiquidity(1 - share);
    this.lastProduct = this.product;
    return { tokens, usd };
  }

  /**
   * Liquidity providers return `share` of the reserves (the inverse of
   * {@link withdrawLiquidity}: tokens from {@link Account.LiquidityProviders},
   * at most what it holds, and USD in the same proportion). The price is
   * unchanged. Returns the tokens and USD added.
   */
  addLiquidity(share: number): { tokens: number; usd: number } {
    const x = this.tokenReserve;
    const held = this.ledger.accounts[Account.LiquidityProviders]!;
    const s = x > 0 ? Math.min(share, held / x) : 0;
    if (!(s > 0)) return { tokens: 0, usd: 0 };
    const tokens = x * s;
    const usd = this.usdReserve * s;
    this.ledger.transfer(Account.LiquidityProviders, Account.Amm, tokens);
    this.moved(tokens);
    this.usdReserve += usd;
    this.venue?.scaleLiquidity(1 + s);
    this.lastProduct = this.product;
    return { tokens, usd };
  }

  /** The end of a step: an order book's market makers re-quote (no-op otherwise). */
  endStep(): void {
    this.venue?.endStep();
  }

  /**
   * A sale of `tokens` on the venue (no state change): what it would take and
   * pay. Constant product: all of it, at `constantProductOut`.
   */
  quoteSell(tokens: number): Fill {
    if (this.venue) return this.venue.quoteSell(this.tokenReserve, this.usdReserve, tokens);
    const paid = constantProductOut(this.tokenReserve, this.usdReserve, tokens, this.feeRate);
    return {
      taken: tokens,
      paid,
      priceAfter: (this.usdReserve - paid) / (this.tokenReserve + tokens),
    };
  }

  /**
   * Settles a sale quoted on the venue by {@link quoteSell} whose `fill.taken`
   * tokens the caller has just moved into {@link Account.Amm}: the fee's tokens
   * leave the venue, its USD pays `fill.paid`, its price moves.
   */
  settleVenueSell(fill: Fill): void {
    const venue = this.venue;
    if (!venue) throw new Error("settleVenueSell: the constant-product pool settles its own swaps");
    const fee = fill.taken * this.feeRate;
    if (fee > 0) {
      this.ledger.transfer(Account.Amm, Account.LiquidityProviders, fee);
      this.moved(-fee);
    }
    this.usdReserve -= fill.paid;
    this.usdOut += fill.paid;
    venue.commit(fill);
  }

  /** Tokens to sell now (fee ignored) to bring the spot price down to `target` (USD/token); 0 if above. */
  tokensToReachPrice(target: number): number {
    if (this.venue)
      return this.venue.tokensToReachPrice(this.tokenReserve, this.usdReserve, target);
    if (target <= 0 || target >= this.price) return 0;
    return Math.sqrt(this.product / target) - this.tokenReserve;
  }

  /** USD to spend now (fee ignored) to bring the spot price up to `target` (USD/token); 0 if below. */
  usdToReachPrice(target: number): number {
    if (this.venue) return this.venue.usdToReachPrice(this.tokenReserve, this.usdReserve, target);
    if (target <= this.price) return 0;
    return Math.sqrt(this.product * target) - this.usdReserve;
  }

  /** Tokens a purchase of `usd` would return now (no state change). */
  quoteBuy(usd: number): number {
    if (this.venue) return this.venue.quoteBuy(this.tokenReserve, this.usdReserve, usd).paid;
    return constantProductOut(this.usdReserve, this.tokenReserve, usd, this.feeRate);
  }

  /** USD needed now to buy `tokens` (inverse of {@link quoteBuy}); Infinity if not possible. */
  usdForTokens(tokens: number): number {
    if (this.venue) return this.venue.usdForTokens(this.tokenReserve, this.usdReserve, tokens);
    const x = this.tokenReserve;
    if (tokens >= x) return Number.POSITIVE_INFINITY;
    return (this.usdReserve * tokens) / ((x - tokens) * (1 - this.feeRate));
  }

  /**
   * Moves `share` of this venue's reserves (tokens and USD, so at its price) to
   * a second venue priced by `venue` (`undefined`: constant product with this
   * fee), which becomes {@link second}; the tokens stay in {@link Account.Amm}.
   * Returns the second venue.
   */
  carve(share: number, venue: VenuePricing | undefined): Amm {
    if (this.second || this.own !== undefined)
      throw new Error("carve: this AMM already has a second venue or is one");
    if (!(share > 0 && share < 1)) throw new RangeError(`carve: share ${share} is not in (0, 1)`);
    const usd = this.usdReserve * share;
    const other = new Amm(this.ledger, usd, this.feeRate);
    other.own = this.tokenReserve * share;
    other.venue = venue;
    other.lastProduct = other.product;
    this.usdReserve -= usd;
    this.second = other;
    this.lastProduct = this.product;
    return other;
  }

  /** Whether this is a venue carved out of the main one ({@link carve}). */
  get carved(): boolean {
    return this.own !== undefined;
  }

  private moved(tokens: number): void {
    if (this.own !== undefined) this.own += tokens;
  }

  private sellOnVenue(tokens: number, moveIn: (tokens: number) => void): number {
    const fill = this.quoteSell(tokens);
    if (!(fill.taken > 0)) return 0;
    moveIn(fill.taken);
    this.moved(fill.taken);
    this.settleVenueSell(fill);
    return fill.paid;
  }

  private swapUsdIn(usd: number): number {
    const venue = this.venue;
    if (venue) {
      const fill = venue.quoteBuy(this.tokenReserve, this.usdReserve, usd);
      this.usdReserve += fill.taken * (1 - this.feeRate);
      this.usdIn += fill.taken;
      venue.commit(fill);
      return fill.paid;
    }
    const out = constantProductOut(this.usdReserve, this.tokenReserve, usd, this.feeRate);
    this.usdReserve += usd;
    this.usdIn += usd;
    return out;
  }
}
