import { describe, expect, it } from "vitest";
import { genesis } from "../../engine/mechanisms/genesis.ts";
import { scaleRegionPower } from "../../engine/mechanisms/shocks.ts";
import {
  emptyVerificationResult,
  slashAndJail,
  type VerificationParams,
} from "../../engine/mechanisms/verification.ts";
import { resolveParams } from "../../engine/scenario.ts";
import { Account } from "../../engine/state/ledger.ts";
import { Status } from "../../engine/state/providers.ts";
import { World } from "../../engine/state/world.ts";
import { scenario } from "../../scenarios/baseline.ts";

function freshWorld() {
  const p = resolveParams(scenario, ["providers.initial=10", "providers.maxTotal=20"]);
  const w = new World(p, 1, 0);
  genesis(w);
  return w;
}
const V = (o: Partial<VerificationParams> = {}): VerificationParams => ({
  sampleRate: 0.02,
  falsePositiveRate: 0,
  slashFraction: 0.5,
  jailSteps: 10,
  slashDestination: "burn",
  ejectAfterOffences: 0,
  ejectBelowStakeTokens: 0,
  ...o,
});
const res = emptyVerificationResult;

describe("slashing destinations, jailing and ejection", () => {
  it.each([
    ["burn", null],
    ["treasury", Account.Treasury],
    ["challenger", Account.Challenger],
  ] as const)("slash to %s", (dest, account) => {
    const w = freshWorld();
    const before = account === null ? 0 : w.ledger.accounts[account]!;
    const burned = w.ledger.burned;
    const out = res();
    slashAndJail(V({ slashDestination: dest }), w.roster, w.ledger, 0, 5, 100, out);
    expect(out.slashed).toBe(250);
    expect(w.providers.stake[0]).toBe(250);
    expect(w.providers.status[0]).toBe(Status.Jailed);
    expect(w.providers.statusUntil[0]).toBe(15);
    if (account === null) {
      expect(w.ledger.burned - burned).toBe(250);
      expect(out.slashBurned).toBe(250);
    } else {
      expect(w.ledger.accounts[account]! - before).toBe(250);
      expect(out.slashBurned).toBe(0);
    }
  });

  it("ejects at the N-th offence and when stake falls under the floor", () => {
    const w = freshWorld();
    const out = res();
    const v = V({ ejectAfterOffences: 2 });
    slashAndJail(v, w.roster, w.ledger, 0, 0, 100, out);
    expect(w.providers.status[0]).toBe(Status.Jailed);
    slashAndJail(v, w.roster, w.ledger, 0, 20, 100, out);
    expect(w.providers.status[0]).toBe(Status.Exiting);
    expect(w.providers.statusUntil[0]).toBe(120);
    expect(out.ejected).toBe(1);
    slashAndJail(V({ ejectBelowStakeTokens: 300 }), w.roster, w.ledger, 1, 0, 50, out);
    expect(w.providers.status[1]).toBe(Status.Exiting);
    expect(out.ejected).toBe(2);
  });
});

describe("power-price shock", () => {
  it("settles providers at the old price, then rescales their power price and the aggregates", () => {
    const w = freshWorld();
    const r = w.providers.region[0]!;
    const util = new Float64Array(w.nRegions).fill(0.5);
    w.roster.advanceUtil(util);
    const costBefore = w.roster.costPerStep(util);
    const pp = w.providers.powerPrice[0]!;
    scaleRegionPower(w.roster, r, 3);
    expect(w.providers.powerPrice[0]).toBeCloseTo(pp * 3, 12);
    // The step before the shock was settled at the old price.
    expect(w.providers.epochCostUsd[0]).toBeGreaterThan(0);
    expect(w.roster.costPerStep(util)).toBeGreaterThan(costBefore);
    scaleRegionPower(w.roster, r, 1 / 3);
    expect(w.roster.costPerStep(util)).toBeCloseTo(costBefore, 9);
  });
});
