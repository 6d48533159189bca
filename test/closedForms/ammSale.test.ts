/**
 * Constant-product AMM with the fee taken on the input and kept in the pool.
 * Selling Δ tokens into reserves (x, y): out = y·(1−f)Δ / (x + (1−f)Δ), then x' = x + Δ,
 * y' = y − out, so the spot price is P' = y'/x' = x·y / ((x + (1−f)Δ)(x + Δ)).
 * Buying with U USD: out = x·(1−f)U / (y + (1−f)U), y' = y + U, P' = (y + U)(y + (1−f)U) / (x·y).
 * With f = 0 the product is invariant and a sale moves the price by exactly (x / (x + Δ))².
 * The literal expected values below were computed with exact rational arithmetic
 * (Python fractions) from these formulas; the test also re-derives them in closed form.
 */
import { describe, expect, it } from "vitest";
import { Amm, constantProductOut } from "../../engine/state/amm.ts";
import { Account, Ledger } from "../../engine/state/ledger.ts";
import { ProviderStore } from "../../engine/state/providers.ts";

const REL = 1e-12;

function expectRel(actual: number, expected: number, rel = REL): void {
  expect(Math.abs(actual / expected - 1)).toBeLessThanOrEqual(rel);
}

/** A pool of `tokens` and `usd` reserves; the traders' account holds plenty of tokens to sell. */
function pool(tokens: number, usd: number, fee: number) {
  const ledger = new Ledger(new ProviderStore(1));
  ledger.genesisTo(Account.Amm, tokens);
  ledger.genesisTo(Account.Traders, 1e9);
  return { ledger, amm: new Amm(ledger, usd, fee) };
}

// Pool of 1,000,000 tokens and 2,000,000 USD (price 2 USD/token), 0.3% fee.
const X0 = 1_000_000;
const Y0 = 2_000_000;
const FEE = 0.003;

describe("AMM sale: closed form of x·y = k with the fee on the input", () => {
  it("selling tokens: exact USD out and post-trade price", () => {
    const { amm, ledger } = pool(X0, Y0, FEE);
    const usd = amm.sellFrom(Account.Traders, 50_000);
    // out = 2e6 · 49,850 / 1,049,850 = 1,994,000,000 / 20,997
    expectRel(usd, 1_994_000_000 / 20_997);
    expectRel(usd, 94965.94751631185);
    expectRel(constantProductOut(X0, Y0, 50_000, FEE), 1_994_000_000 / 20_997);
    // P' = x·y / ((x + 0.997Δ)(x + Δ)) = 2e12 / (1,049,850 · 1,050,000)
    expectRel(amm.price, (X0 * Y0) / ((X0 + 0.997 * 50_000) * (X0 + 50_000)));
    expectRel(amm.price, 1.81431814522256);
    expect(amm.tokenReserve).toBe(1_050_000);
    expect(ledger.accounts[Account.Amm]).toBe(1_050_000);
    // The fee stays in the pool: the product rises.
    expect(amm.product).toBeGreaterThan(X0 * Y0);
    expect(amm.usdOut).toBe(usd);
  });

  it("buying with USD: exact tokens out and post-trade price", () => {
    const { amm, ledger } = pool(X0, Y0, FEE);
    const tokens = amm.buyTo(100_000, Account.Traders);
    // out = 1e6 · 99,700 / 2,099,700
    expectRel(tokens, (X0 * 99_700) / 2_099_700);
    expectRel(tokens, 47482.973758155924);
    // P' = (y + U)(y + 0.997U) / (x·y) = 2.1e6 · 2.0997e6 / 2e12 = 2.204685 exactly
    expectRel(amm.price, 2.204685);
    expect(amm.usdReserve).toBe(2_100_000);
    expectRel(ledger.accounts[Account.Traders]!, 1e9 + 47482.973758155924);
    expect(amm.usdIn).toBe(100_000);
  });

  it("without a fee the product is invariant and a sale of Δ scales the price by (x/(x+Δ))²", () => {
    const { amm } = pool(X0, Y0, 0);
    const k = amm.product;
    amm.sellFrom(Account.Traders, 250_000);
    expectRel(amm.price, 2 * (1 / 1.25) ** 2); // 1.28
    expectRel(amm.product, k, 1e-15);
    amm.buyTo(400_000, Account.Traders);
    // Buying U without fee: P' = (y + U)² / k.
    expectRel(amm.price, (1_600_000 + 400_000) ** 2 / k); // back to 2
    expectRel(amm.price, 2);
  });

  it("price impact of a sequence of trades equals the hand-computed one", () => {
    const { amm } = pool(X0, Y0, FEE);
    const p0 = amm.price;
    // Hand computation: each trade maps the reserves as in the header.
    let x = X0;
    let y = Y0;
    const hand = (kind: "sell" | "buy", a: number): number => {
      const e = (1 - FEE) * a;
      if (kind === "sell") {
        const out = (y * e) / (x + e);
        x += a;
        y -= out;
        return out;
      }
      const out = (x * e) / (y + e);
      y += a;
      x -= out;
      return out;
    };
    // [trade, amount, exact output, exact price after] (exact rationals, rounded to doubles).
    const trades: ["sell" | "buy", number, number, number][] = [
      ["sell", 50_000, 94965.94751631185, 1.81431814522256],
      ["buy", 30_000, 16230.70184364659, 1.8718238739868458],
      ["sell", 20_000, 36617.85947417863, 1.801548210154659],
      ["buy", 120_000, 62472.471910415254, 2.036137047521169],
    ];
    for (const [kind, amount, exactOut, exactPrice] of trades) {
      const out =
        kind === "sell"
          ? amm.sellFrom(Account.Traders, amount)
          : amm.buyTo(amount, Account.Traders);
      expectRel(out, exactOut);
      expectRel(out, hand(kind, amount));
      expectRel(amm.price, exactPrice);
      expectRel(amm.price, y / x);
    }
    // Net impact P_end / P_0 − 1 = 0.0180685237605843... (exact rational); its own
    // relative error is ~1/0.018 times that of the price, hence 1e-10.
    expectRel(amm.price / p0 - 1, 0.01806852376058436, 1e-10);
    expectRel(amm.product, 2000849566173.7358);
  });
});
