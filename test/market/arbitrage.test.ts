import { describe, expect, it } from "vitest";
import { arbitrageVenues } from "../../engine/market/arbitrage.ts";
import { OrderBook } from "../../engine/market/orderBook.ts";
import { Amm } from "../../engine/state/amm.ts";
import { Account, Ledger } from "../../engine/state/ledger.ts";
import { ProviderStore } from "../../engine/state/providers.ts";

/** A constant-product main venue of 2M tokens / 2M USD with half of it carved out to a second venue. */
function twoVenues(second: "constantProduct" | "orderBook") {
  const ledger = new Ledger(new ProviderStore(4));
  ledger.genesisTo(Account.Amm, 2_000_000);
  ledger.genesisTo(Account.Traders, 1_000_000);
  const main = new Amm(ledger, 2_000_000, 0);
  const book =
    second === "orderBook"
      ? new OrderBook({
          depth2pctUsd: 20_000,
          exponent: 1,
          feeRate: 0,
          resilience: 0,
          initialMid: 1,
        })
      : undefined;
  const other = main.carve(0.5, book);
  return { ledger, main, other };
}

describe("arbitrage between venues", () => {
  it("carving keeps the price and splits the reserves inside one ledger account", () => {
    const { ledger, main, other } = twoVenues("constantProduct");
    expect(main.price).toBeCloseTo(1, 12);
    expect(other.price).toBeCloseTo(1, 12);
    expect(main.tokenReserve + other.tokenReserve).toBeCloseTo(ledger.accounts[Account.Amm]!, 6);
    other.buyTo(10_000, Account.Traders);
    expect(main.tokenReserve).toBeCloseTo(1_000_000, 6); // the second venue's trade leaves the main one
  });

  it.each(["constantProduct", "orderBook"] as const)(
    "closes the gap to exactly the cost (second venue: %s), buying where it is cheap",
    (kind) => {
      const { ledger, main, other } = twoVenues(kind);
      other.buyTo(50_000, Account.Traders); // the second venue is now dearer
      const gap = other.price / main.price - 1;
      expect(gap).toBeGreaterThan(0.01);
      const traders = ledger.accounts[Account.Traders]!;
      const r = arbitrageVenues(main, other, 0.006);
      expect(r.tokens).toBeGreaterThan(0);
      expect(other.price / main.price - 1).toBeCloseTo(0.006, 9);
      // The tokens bought on the main venue were sold on the second: the traders' balance is back.
      expect(ledger.accounts[Account.Traders]).toBeCloseTo(traders, 6);
    },
  );

  it("leaves a gap within the cost alone", () => {
    const { main, other } = twoVenues("constantProduct");
    other.buyTo(1_000, Account.Traders); // ~0.2% gap
    const before = other.price;
    expect(arbitrageVenues(main, other, 0.006).tokens).toBe(0);
    expect(other.price).toBe(before);
  });

  it("a venue cannot be carved twice", () => {
    const { main, other } = twoVenues("constantProduct");
    expect(() => main.carve(0.5, undefined)).toThrow("already");
    expect(() => other.carve(0.5, undefined)).toThrow("already");
    expect(other.carved).toBe(true);
  });
});
