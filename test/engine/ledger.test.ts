import { fc, test } from "@fast-check/vitest";
import { describe, expect, it } from "vitest";
import { InvariantViolation } from "../../engine/errors.ts";
import { Account, Ledger } from "../../engine/state/ledger.ts";
import { ProviderStore } from "../../engine/state/providers.ts";

function heldTokens(l: Ledger, s: ProviderStore): number {
  let sum = 0;
  for (const a of l.accounts) sum += a;
  for (let i = 0; i < s.highWater; i++) sum += s.tokens[i]! + s.stake[i]!;
  return sum;
}

const N = 4;
const op = fc.oneof(
  fc.record({
    kind: fc.constant("mint" as const),
    to: fc.integer({ min: 0, max: 3 }),
    x: fc.double({ min: 0, max: 1e6, noNaN: true }),
  }),
  fc.record({
    kind: fc.constant("mintP" as const),
    i: fc.integer({ min: 0, max: N - 1 }),
    x: fc.double({ min: 0, max: 1e6, noNaN: true }),
  }),
  fc.record({
    kind: fc.constant("burn" as const),
    from: fc.integer({ min: 0, max: 3 }),
    f: fc.double({ min: 0, max: 1, noNaN: true }),
  }),
  fc.record({
    kind: fc.constant("xfer" as const),
    from: fc.integer({ min: 0, max: 3 }),
    to: fc.integer({ min: 0, max: 3 }),
    f: fc.double({ min: 0, max: 1, noNaN: true }),
  }),
  fc.record({
    kind: fc.constant("toP" as const),
    from: fc.integer({ min: 0, max: 3 }),
    i: fc.integer({ min: 0, max: N - 1 }),
    f: fc.double({ min: 0, max: 1, noNaN: true }),
  }),
  fc.record({
    kind: fc.constant("fromP" as const),
    i: fc.integer({ min: 0, max: N - 1 }),
    to: fc.integer({ min: 0, max: 3 }),
    f: fc.double({ min: 0, max: 1, noNaN: true }),
  }),
  fc.record({
    kind: fc.constant("lock" as const),
    i: fc.integer({ min: 0, max: N - 1 }),
    f: fc.double({ min: 0, max: 1, noNaN: true }),
  }),
  fc.record({ kind: fc.constant("unlock" as const), i: fc.integer({ min: 0, max: N - 1 }) }),
  fc.record({
    kind: fc.constant("slash" as const),
    i: fc.integer({ min: 0, max: N - 1 }),
    f: fc.double({ min: 0, max: 1, noNaN: true }),
    burn: fc.boolean(),
  }),
);

describe("ledger", () => {
  test.prop([fc.array(op, { maxLength: 80 })], { seed: 20261122, numRuns: 300 })(
    "conserves supply and never lets a balance go negative under any sequence of operations",
    (ops) => {
      const s = new ProviderStore(N);
      for (let i = 0; i < N; i++) s.allocate();
      const l = new Ledger(s);
      l.genesisTo(Account.Traders, 1000);
      l.genesisStake(0, 50);
      for (const o of ops) {
        switch (o.kind) {
          case "mint":
            l.mintTo(o.to as Account, o.x);
            break;
          case "mintP":
            l.mintToProvider(o.i, o.x);
            break;
          case "burn":
            l.burnFrom(o.from as Account, l.accounts[o.from]! * o.f);
            break;
          case "xfer":
            l.transfer(o.from as Account, o.to as Account, l.accounts[o.from]! * o.f);
            break;
          case "toP":
            l.toProvider(o.from as Account, o.i, l.accounts[o.from]! * o.f);
            break;
          case "fromP":
            l.fromProvider(o.i, o.to as Account, s.tokens[o.i]! * o.f);
            break;
          case "lock":
            l.lockStake(o.i, s.tokens[o.i]! * o.f);
            break;
          case "unlock":
            l.unlockStake(o.i);
            break;
          case "slash":
            l.slash(o.i, s.stake[o.i]! * o.f, o.burn ? "burn" : Account.Treasury);
            break;
        }
        const held = heldTokens(l, s);
        expect(Math.abs(held - l.supply)).toBeLessThanOrEqual(1e-9 * Math.max(1, l.supply));
        expect(
          Math.abs(
            l.providerTokens + l.providerStake - (held - l.accounts.reduce((a, b) => a + b, 0)),
          ),
        ).toBeLessThanOrEqual(1e-9 * Math.max(1, l.supply));
        for (const a of l.accounts) expect(a).toBeGreaterThanOrEqual(0);
        for (let i = 0; i < N; i++) {
          expect(s.tokens[i]).toBeGreaterThanOrEqual(0);
          expect(s.stake[i]).toBeGreaterThanOrEqual(0);
        }
        expect(l.slashed).toBeLessThanOrEqual(l.genesis + l.minted);
      }
    },
  );

  it("refuses to overdraw an account, naming the invariant", () => {
    const s = new ProviderStore(1);
    const l = new Ledger(s);
    l.genesisTo(Account.Treasury, 10);
    l.step = 7;
    expect(() => l.transfer(Account.Treasury, Account.Amm, 11)).toThrowError(
      /non-negative-balance.*step 7/,
    );
  });

  it("refuses to slash more than the stake", () => {
    const s = new ProviderStore(1);
    s.allocate();
    const l = new Ledger(s);
    l.genesisStake(0, 100);
    let err: unknown;
    try {
      l.slash(0, 150, "burn");
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(InvariantViolation);
    expect((err as InvariantViolation).invariant).toBe("slash-within-stake");
    expect(s.stake[0]).toBe(100);
  });

  it("rejects negative and non-finite amounts", () => {
    const l = new Ledger(new ProviderStore(1));
    expect(() => l.mintTo(Account.Treasury, -1)).toThrowError(/non-negative-balance/);
    expect(() => l.mintTo(Account.Treasury, Number.NaN)).toThrowError(/non-negative-balance/);
  });
});
