import { describe, expect, it } from "vitest";
import { depth2pctUsd } from "../../engine/market/columns.ts";
import { OrderBook, type OrderBookSettings } from "../../engine/market/orderBook.ts";
import { Account } from "../../engine/state/ledger.ts";
import { venueAmm } from "./helpers.ts";

const BOOK: OrderBookSettings = {
  depth2pctUsd: 50_000,
  exponent: 1,
  feeRate: 0,
  resilience: 0,
  initialMid: 1,
};

describe("order book", () => {
  it("a sale of the 2% depth's tokens moves the mid 2% down and pays A·(d − d²/2)", () => {
    // k = 1: A = 50,000 / 0.02 = 2.5M USD; 50,000 tokens reach d = 0.02.
    const { amm, ledger } = venueAmm(new OrderBook(BOOK), 1_000_000, 1_000_000, 0);
    const usd = amm.sellFrom(Account.Traders, 50_000);
    expect(usd).toBeCloseTo(2_500_000 * (0.02 - 0.0002), 6); // 49,500
    expect(amm.price).toBeCloseTo(0.98, 12);
    expect(ledger.accounts[Account.Amm]).toBeCloseTo(1_050_000, 6);
    expect(amm.usdReserve).toBeCloseTo(1_000_000 - 49_500, 6);
  });

  it("a deeper-shaped book (k = 2) pays A·(d² − 2d³/3) for the same 2% walk", () => {
    const { amm } = venueAmm(new OrderBook({ ...BOOK, exponent: 2 }), 1e6, 1e6, 0);
    // A = 50,000 / 0.0004 = 1.25e8: 49,333.33 USD for 50,000 tokens.
    expect(amm.sellFrom(Account.Traders, 50_000)).toBeCloseTo(50_000 - 666.6667, 3);
    expect(amm.price).toBeCloseTo(0.98, 12);
  });

  it("a purchase of A·(d + d²/2) USD walks the asks to d and buys A·d/m tokens", () => {
    const { amm } = venueAmm(new OrderBook(BOOK), 1e6, 1e6, 0);
    expect(amm.quoteBuy(50_500)).toBeCloseTo(50_000, 6);
    expect(amm.usdForTokens(50_000)).toBeCloseTo(50_500, 6);
    expect(amm.usdToReachPrice(1.02)).toBeCloseTo(50_500, 6);
    expect(amm.buyTo(50_500, Account.Traders)).toBeCloseTo(50_000, 6);
    expect(amm.price).toBeCloseTo(1.02, 9);
  });

  it("tokensToReachPrice inverts the bid walk, and the fee leaves the book", () => {
    const { amm, ledger } = venueAmm(new OrderBook({ ...BOOK, feeRate: 0.01 }), 1e6, 1e6, 0.01);
    expect(amm.tokensToReachPrice(0.95)).toBeCloseTo(125_000, 6); // A·0.05 / 1
    amm.sellFrom(Account.Traders, 10_000);
    expect(ledger.accounts[Account.LiquidityProviders]).toBeCloseTo(100, 9);
    expect(amm.price).toBeCloseTo(1 - 9_900 / 2_500_000, 12);
  });

  it("never pays more USD than it holds: the seller keeps what the book cannot take", () => {
    const { amm, ledger } = venueAmm(new OrderBook(BOOK), 1e6, 10_000, 0);
    const before = ledger.accounts[Account.Traders]!;
    const usd = amm.sellFrom(Account.Traders, 50_000);
    expect(usd).toBeCloseTo(10_000, 6);
    expect(amm.usdReserve).toBeCloseTo(0, 6);
    // d solves 2.5M·(d − d²/2) = 10,000: d = 1 − √(1 − 0.008)
    const d = 1 - Math.sqrt(1 - 0.008);
    expect(before - ledger.accounts[Account.Traders]!).toBeCloseTo(2_500_000 * d, 3);
    expect(amm.venue?.check(amm.tokenReserve, amm.usdReserve)).toBeUndefined();
  });

  it("never sells more tokens than its inventory", () => {
    const { amm } = venueAmm(new OrderBook(BOOK), 1_000, 1e6, 0);
    expect(amm.buyTo(1_000_000, Account.Traders)).toBeCloseTo(1_000, 9);
    expect(amm.tokenReserve).toBeCloseTo(0, 9);
    expect(amm.usdForTokens(1_000)).toBe(Number.POSITIVE_INFINITY);
  });

  it("reverts a share of the step's impact at the step end (resilience)", () => {
    const { amm } = venueAmm(new OrderBook({ ...BOOK, resilience: 0.5 }), 1e6, 1e6, 0);
    amm.sellFrom(Account.Traders, 50_000);
    amm.endStep();
    expect(amm.price).toBeCloseTo(Math.sqrt(0.98), 12);
    amm.endStep(); // no trade since: the anchor moved with the mid
    expect(amm.price).toBeCloseTo(Math.sqrt(0.98), 12);
  });

  it("reports its 2% depth as the calibrated figure, and a pool's as y·(1/√0.98 − 1)", () => {
    expect(depth2pctUsd(venueAmm(new OrderBook(BOOK), 1e6, 1e6, 0).amm)).toBeCloseTo(50_000, 6);
    const pool = venueAmm(undefined, 5e6, 5e6, 0.003).amm;
    expect(depth2pctUsd(pool)).toBeCloseTo(5e6 * (1 / Math.sqrt(0.98) - 1), 6); // 50,762
  });

  it("withdrawing liquidity thins the book and keeps the mid", () => {
    const { amm } = venueAmm(new OrderBook(BOOK), 1e6, 1e6, 0);
    amm.withdrawLiquidity(0.5);
    expect(amm.price).toBe(1);
    expect(amm.tokensToReachPrice(0.98)).toBeCloseTo(25_000, 6);
    amm.addLiquidity(1);
    expect(amm.tokensToReachPrice(0.98)).toBeCloseTo(50_000, 6);
  });
});
