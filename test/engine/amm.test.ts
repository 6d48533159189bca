import { fc, test } from "@fast-check/vitest";
import { describe, expect, it } from "vitest";
import { Amm, constantProductOut } from "../../engine/state/amm.ts";
import { Account, Ledger } from "../../engine/state/ledger.ts";
import { ProviderStore } from "../../engine/state/providers.ts";

function pool(tokens: number, usd: number, fee: number) {
  const ledger = new Ledger(new ProviderStore(1));
  ledger.genesisTo(Account.Amm, tokens);
  ledger.genesisTo(Account.Traders, 1e12);
  return { ledger, amm: new Amm(ledger, usd, fee) };
}

const trade = fc.record({ buy: fc.boolean(), size: fc.double({ min: 0, max: 5, noNaN: true }) });

describe("constant-product AMM", () => {
  test.prop(
    [
      fc.double({ min: 1e3, max: 1e9, noNaN: true }),
      fc.double({ min: 1e3, max: 1e9, noNaN: true }),
      fc.double({ min: 0, max: 0.05, noNaN: true }),
      fc.array(trade, { maxLength: 60 }),
    ],
    { seed: 424242, numRuns: 300 },
  )(
    "the product of reserves never falls and reserves stay positive",
    (tokens, usd, fee, trades) => {
      const { amm } = pool(tokens, usd, fee);
      let k = amm.product;
      for (const t of trades) {
        if (t.buy) amm.buyTo(t.size * amm.usdReserve, Account.Traders);
        else amm.sellFrom(Account.Traders, t.size * amm.tokenReserve);
        expect(amm.product).toBeGreaterThanOrEqual(k * (1 - 1e-12));
        expect(amm.tokenReserve).toBeGreaterThan(0);
        expect(amm.usdReserve).toBeGreaterThan(0);
        k = amm.product;
      }
    },
  );

  test.prop(
    [fc.double({ min: 0, max: 1e9, noNaN: true }), fc.double({ min: 0, max: 0.1, noNaN: true })],
    {
      seed: 7,
    },
  )("a swap never returns the whole reserve", (amountIn, fee) => {
    const out = constantProductOut(1e6, 2e6, amountIn, fee);
    expect(out).toBeGreaterThanOrEqual(0);
    expect(out).toBeLessThan(2e6);
  });

  it("buying raises the price and selling lowers it; the fee makes a round trip lose", () => {
    const { amm } = pool(1e6, 1e6, 0.003);
    expect(amm.price).toBe(1);
    const bought = amm.buyTo(10_000, Account.Traders);
    expect(amm.price).toBeGreaterThan(1);
    const back = amm.sellFrom(Account.Traders, bought);
    expect(back).toBeLessThan(10_000);
    expect(amm.price).toBeCloseTo(1, 3);
  });

  it("quotes purchases consistently with usdForTokens", () => {
    const { amm } = pool(5e6, 5e6, 0.003);
    const usd = amm.usdForTokens(1234);
    expect(amm.quoteBuy(usd)).toBeCloseTo(1234, 6);
    expect(amm.usdForTokens(5e6)).toBe(Number.POSITIVE_INFINITY);
  });

  it("burning bought tokens reduces supply by exactly the tokens bought", () => {
    const { amm, ledger } = pool(1e6, 1e6, 0);
    const before = ledger.supply;
    const burned = amm.buyTo(5000, "burn");
    expect(ledger.supply).toBeCloseTo(before - burned, 6);
    expect(burned).toBeCloseTo((1e6 * 5000) / (1e6 + 5000), 6);
  });
});
