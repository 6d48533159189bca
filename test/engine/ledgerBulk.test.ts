import { fc, test } from "@fast-check/vitest";
import { describe, expect, it } from "vitest";
import { InvariantViolation } from "../../engine/errors.ts";
import { Account, Ledger } from "../../engine/state/ledger.ts";
import { ProviderStore } from "../../engine/state/providers.ts";

const N = 6;

function ledgerWith(balances: number[]): { l: Ledger; s: ProviderStore } {
  const s = new ProviderStore(N);
  for (let i = 0; i < N; i++) s.allocate();
  const l = new Ledger(s);
  l.genesisTo(Account.Treasury, 1e9);
  balances.forEach((b, i) => {
    l.toProvider(Account.Treasury, i, b);
  });
  return { l, s };
}

// Amounts with zeros among them (a paused provider's), as the bulk operations get.
const amount = fc.oneof(fc.constant(0), fc.double({ min: 0, max: 1e4, noNaN: true }));

describe("bulk ledger operations", () => {
  test.prop([
    fc.array(fc.double({ min: 0, max: 1e5, noNaN: true }), { minLength: N, maxLength: N }),
    fc.array(amount, { minLength: N, maxLength: N }),
  ])(
    "mintToProviders equals one mintToProvider per non-zero amount, bit for bit",
    (balances, amounts) => {
      const bulk = ledgerWith(balances);
      const one = ledgerWith(balances);
      const minted = bulk.l.mintToProviders(Float64Array.from(amounts));
      let sum = 0;
      amounts.forEach((a, i) => {
        if (a !== 0) one.l.mintToProvider(i, a);
        sum += a;
      });
      expect(minted).toBe(sum);
      expect([...bulk.s.tokens.subarray(0, N)]).toEqual([...one.s.tokens.subarray(0, N)]);
      expect(bulk.l.minted).toBe(one.l.minted);
      expect(bulk.l.providerTokens).toBeCloseTo(one.l.providerTokens, 6);
    },
  );

  test.prop([
    fc.array(fc.double({ min: 0, max: 1e5, noNaN: true }), { minLength: N, maxLength: N }),
    fc.array(fc.double({ min: 0, max: 1, noNaN: true }), { minLength: N, maxLength: N }),
    fc.array(fc.boolean(), { minLength: N, maxLength: N }),
  ])(
    "providersTo equals one fromProvider per non-zero amount, bit for bit",
    (balances, shares, zero) => {
      const amounts = balances.map((b, i) => (zero[i] ? 0 : b * shares[i]!));
      const bulk = ledgerWith(balances);
      const one = ledgerWith(balances);
      const moved = bulk.l.providersTo(Account.Amm, Float64Array.from(amounts));
      const before = one.l.providerTokens;
      amounts.forEach((a, i) => {
        if (a !== 0) one.l.fromProvider(i, Account.Amm, a);
      });
      expect([...bulk.s.tokens.subarray(0, N)]).toEqual([...one.s.tokens.subarray(0, N)]);
      expect(bulk.l.accounts[Account.Amm]).toBeCloseTo(one.l.accounts[Account.Amm]!, 6);
      expect(moved).toBeCloseTo(before - one.l.providerTokens, 6);
    },
  );

  it("refuses a negative, infinite or NaN amount among zeros", () => {
    for (const bad of [-1, Number.POSITIVE_INFINITY, Number.NaN]) {
      const { l } = ledgerWith([10, 10, 10, 10, 10, 10]);
      const amounts = Float64Array.from([0, 0, bad, 0, 1, 0]);
      expect(() => l.mintToProviders(amounts)).toThrow(InvariantViolation);
      expect(() => l.providersTo(Account.Amm, amounts)).toThrow(/non-negative-balance/);
    }
  });

  it("refuses an overdraft, names the provider, and settles dust at zero", () => {
    const { l, s } = ledgerWith([10, 10, 10, 10, 10, 10]);
    expect(() => l.providersTo(Account.Amm, Float64Array.from([0, 0, 0, 11, 0, 0]))).toThrow(
      /provider wallet.*provider=3/,
    );
    l.providersTo(Account.Amm, Float64Array.from([0, 10 * (1 + 1e-12), 0, 0, 0, 0]));
    expect(s.tokens[1]).toBe(0);
  });
});
