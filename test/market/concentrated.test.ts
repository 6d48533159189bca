import { describe, expect, it } from "vitest";
import { Concentrated, geometricRange } from "../../engine/market/concentrated.ts";
import { constantProductOut } from "../../engine/state/amm.ts";
import { Account } from "../../engine/state/ledger.ts";
import { venueAmm } from "./helpers.ts";

// p0 = 1, range [1/4, 4], 1,000 USD and 1,000 tokens: L = 1000 / (1 − 0.5) = 2,000,
// virtual reserves X = 1000 + 2000/2 = 2,000 and Y = 1000 + 2000·0.5 = 2,000.
const pool = (fee = 0) =>
  venueAmm(new Concentrated(geometricRange(1, 1_000, 4, fee)), 1_000, 1_000, fee);

describe("concentrated liquidity", () => {
  it("fits the genesis reserves: L from whitepaper eq. 6.30, price 1, X·Y = L²", () => {
    const s = geometricRange(1, 1_000, 4, 0);
    expect(s.liquidity).toBeCloseTo(2_000, 9);
    expect(s.priceLow).toBe(0.25);
    expect(s.priceHigh).toBe(4);
    const { amm } = pool();
    expect(amm.price).toBeCloseTo(1, 12);
  });

  it("a sale pays the v3 amount L·(√P − √P') with 1/√P' = 1/√P + Δx/L, as constant product on virtual reserves", () => {
    const { amm } = pool();
    const usd = amm.sellFrom(Account.Traders, 100);
    const sqrtAfter = 1 / (1 + 100 / 2_000); // whitepaper section 6: Δ(1/√P) = Δx / L
    expect(usd).toBeCloseTo(2_000 * (1 - sqrtAfter), 9); // 95.238
    expect(usd).toBeCloseTo(constantProductOut(2_000, 2_000, 100, 0), 9);
    expect(amm.price).toBeCloseTo(sqrtAfter * sqrtAfter, 12);
    // Deeper than a v2 pool holding the same real reserves (90.9 USD).
    expect(usd).toBeGreaterThan(constantProductOut(1_000, 1_000, 100, 0));
  });

  it("a purchase pays Δx = L·(1/√P − 1/√P') with √P' = √P + Δy/L", () => {
    const { amm } = pool();
    const tokens = amm.buyTo(100, Account.Traders);
    const sqrtAfter = 1 + 100 / 2_000; // whitepaper section 6: Δ√P = Δy / L
    expect(tokens).toBeCloseTo(2_000 * (1 - 1 / sqrtAfter), 9);
    expect(amm.price).toBeCloseTo(sqrtAfter * sqrtAfter, 12);
    const { amm: fresh } = pool();
    expect(fresh.usdForTokens(fresh.quoteBuy(100))).toBeCloseTo(100, 9);
  });

  it("runs out at the range edge: the sale fills up to pa, the USD reserve is 0, the rest stays with the seller", () => {
    const { amm, ledger } = pool();
    const before = ledger.accounts[Account.Traders]!;
    const usd = amm.sellFrom(Account.Traders, 10_000);
    // To pa = 1/4 the virtual token reserve reaches L/√pa = 4,000: 2,000 tokens.
    expect(before - ledger.accounts[Account.Traders]!).toBeCloseTo(2_000, 6);
    expect(usd).toBeCloseTo(1_000, 6);
    expect(amm.usdReserve).toBeCloseTo(0, 6);
    expect(amm.price).toBeCloseTo(0.25, 9);
    expect(amm.tokensToReachPrice(0.1)).toBeCloseTo(0, 6);
    expect(amm.venue?.check(amm.tokenReserve, amm.usdReserve)).toBeUndefined();
  });

  it("pays the fee out to the liquidity providers and keeps X·Y = L²", () => {
    const { amm, ledger } = pool(0.003);
    amm.sellFrom(Account.Traders, 100);
    expect(ledger.accounts[Account.LiquidityProviders]).toBeCloseTo(0.3, 12);
    amm.buyTo(50, Account.Traders);
    expect(amm.venue?.check(amm.tokenReserve, amm.usdReserve)).toBeUndefined();
  });

  it("tokensToReachPrice and usdToReachPrice stop at the range", () => {
    const { amm } = pool();
    expect(amm.tokensToReachPrice(0.64)).toBeCloseTo(2_000 / 0.8 - 2_000, 9); // 500
    expect(amm.usdToReachPrice(100)).toBeCloseTo(2_000 * 2 - 2_000, 9); // to pb = 4
  });

  it("the invariant catches a price outside the range", () => {
    const c = new Concentrated(geometricRange(1, 1_000, 4, 0));
    expect(c.check(1_000, 1_000)).toBeUndefined();
    expect(c.check(1_000, 20_000)?.values.price).toBeGreaterThan(4);
    expect(() => new Concentrated({ priceLow: 2, priceHigh: 1, liquidity: 1, feeRate: 0 })).toThrow(
      "0 < priceLow < priceHigh",
    );
  });
});
