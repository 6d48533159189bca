import { describe, expect, it } from "vitest";
import { InvariantViolation } from "../../engine/errors.ts";
import { checkInvariants, invariantChecker } from "../../engine/invariants.ts";
import { attachMechanisms } from "../../engine/mechanisms/attach.ts";
import { genesis } from "../../engine/mechanisms/genesis.ts";
import { defineMechanism, invariant } from "../../engine/mechanisms/mechanism.ts";
import { Account } from "../../engine/state/ledger.ts";
import { World } from "../../engine/state/world.ts";
import { smallBaseline } from "./helpers.ts";

async function world(): Promise<World> {
  const { params } = await smallBaseline();
  const w = new World(params, 3, 0);
  genesis(w);
  return w;
}

/** A mechanism whose one invariant records its calls and fails when `fail.on`. */
function probe(
  name: string,
  calls: string[],
  fail: { on: boolean },
  values: Record<string, number>,
) {
  return defineMechanism({
    name,
    description: "test probe",
    invariants: [
      invariant("probe", "fails on demand", (_w, audit) => {
        calls.push(`${name}:${audit}`);
        return fail.on ? { values, detail: "asked to fail" } : undefined;
      }),
    ],
  });
}

describe("invariantChecker", () => {
  it("passes a consistent world, audited or not", async () => {
    const w = await world();
    const check = invariantChecker([]);
    expect(() => check(w, false)).not.toThrow();
    expect(() => check(w, true)).not.toThrow();
  });

  it("reports a built-in violation by its name, step and values, as checkInvariants does", async () => {
    const w = await world();
    w.step = 12;
    // Tokens out of nowhere: held exceeds genesis + minted − burned.
    w.ledger.accounts[Account.Treasury]! += 1e6;
    const got = (f: () => void) => {
      try {
        f();
      } catch (e) {
        return e as InvariantViolation;
      }
      throw new Error("no violation");
    };
    const a = got(() => invariantChecker([])(w, false));
    const b = got(() => checkInvariants(w, false));
    expect(a).toBeInstanceOf(InvariantViolation);
    expect(a.invariant).toBe("supply-conservation");
    expect(a.step).toBe(12);
    expect(a.message).toBe(b.message);
    expect(a.values).toEqual(b.values);
  });

  it("checks the user mechanisms' invariants after the built-in ones, in order, with the audit flag", async () => {
    const w = await world();
    const calls: string[] = [];
    const ok = { on: false };
    attachMechanisms(w, [probe("first", calls, ok, {}), probe("second", calls, ok, {})]);
    const check = invariantChecker(w.userMechanisms);
    check(w, false);
    check(w, true);
    expect(calls).toEqual(["first:false", "second:false", "first:true", "second:true"]);
  });

  it("names a user violation <mechanism>.<invariant> and copies its values", async () => {
    const w = await world();
    const values = { seen: 1 };
    const fail = { on: true };
    attachMechanisms(w, [probe("mine", [], fail, values)]);
    let err: InvariantViolation | undefined;
    try {
      invariantChecker(w.userMechanisms)(w, false);
    } catch (e) {
      err = e as InvariantViolation;
    }
    expect(err?.invariant).toBe("mine.probe");
    expect(err?.message).toMatch(/asked to fail/);
    values.seen = 2;
    expect(err?.values).toEqual({ seen: 1 });
  });

  it("checkInvariants sees a mechanism attached after its first call", async () => {
    const w = await world();
    checkInvariants(w, false);
    const calls: string[] = [];
    attachMechanisms(w, [probe("late", calls, { on: false }, {})]);
    checkInvariants(w, true);
    expect(calls).toEqual(["late:true"]);
  });
});
