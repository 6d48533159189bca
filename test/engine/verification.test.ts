import { describe, expect, it } from "vitest";
import { emptyVerificationResult, verify } from "../../engine/mechanisms/verification.ts";
import { createRng } from "../../engine/rng/source.ts";
import { Account, Ledger } from "../../engine/state/ledger.ts";
import { Behaviour, ProviderStore, Status } from "../../engine/state/providers.ts";
import { Roster } from "../../engine/state/roster.ts";

function network(n: number, cheaters: number) {
  const s = new ProviderStore(n);
  const roster = new Roster(s, 1, 1, Float64Array.from([10]), 1, 0);
  const ledger = new Ledger(s);
  ledger.genesisTo(Account.Traders, 1);
  for (let i = 0; i < n; i++) {
    s.allocate();
    s.throughput[i] = 1;
    const cheat = i < cheaters;
    s.behaviour[i] = cheat ? Behaviour.Cheater : Behaviour.Honest;
    s.cheatFraction[i] = cheat ? 0.5 : 0;
    roster.admit(i, Status.Active);
    ledger.genesisStake(i, 1000);
  }
  return { s, roster, ledger };
}

const result = emptyVerificationResult;
const params = {
  sampleRate: 0.05,
  falsePositiveRate: 0,
  slashFraction: 0.3,
  jailSteps: 10,
  slashDestination: "burn" as const,
  ejectAfterOffences: 0,
  ejectBelowStakeTokens: 0,
};

describe("verification", () => {
  it("catches a cheater with probability 1 − (1 − rho)^(faked jobs)", () => {
    // 4 jobs per step at util 1, half faked: 2 bad jobs → P = 1 − 0.95² = 0.0975.
    const rng = createRng("verify");
    let caught = 0;
    const trials = 20_000;
    for (let t = 0; t < trials; t++) {
      const { roster, ledger } = network(1, 1);
      const out = result();
      verify(params, roster, ledger, Float64Array.from([1]), 4, 4, t, 0, rng, out);
      caught += out.cheatersCaught;
    }
    const p = 1 - 0.95 ** 2;
    expect(Math.abs(caught / trials - p)).toBeLessThan(4 * Math.sqrt((p * (1 - p)) / trials));
  });

  it("slashes the configured fraction of stake (burned), never more, and jails the cheater", () => {
    const { s, roster, ledger } = network(3, 3);
    const out = result();
    verify(
      { ...params, sampleRate: 1 },
      roster,
      ledger,
      Float64Array.from([1]),
      4,
      12,
      5,
      0,
      createRng("x"),
      out,
    );
    expect(out.cheatersCaught).toBe(3);
    expect(out.slashed).toBeCloseTo(900, 9);
    expect(ledger.burned).toBeCloseTo(900, 9);
    for (let i = 0; i < 3; i++) {
      expect(s.stake[i]).toBeCloseTo(700, 9);
      expect(s.status[i]).toBe(Status.Jailed);
      expect(s.statusUntil[i]).toBe(15);
    }
    expect(roster.statusCounts[Status.Active]).toBe(0);
  });

  it("never touches honest providers without false positives, and flags them at the stated rate with false positives on", () => {
    const { s, roster, ledger } = network(200, 0);
    const out = result();
    verify(params, roster, ledger, Float64Array.from([1]), 4, 800, 0, 0, createRng("h"), out);
    expect(out.cheatersCaught + out.falseFlags).toBe(0);
    expect(s.status.every((st, i) => i >= 200 || st === Status.Active)).toBe(true);
    let flags = 0;
    const rng = createRng("fp");
    for (let t = 0; t < 500; t++) {
      const w = network(200, 0);
      verify(
        { ...params, falsePositiveRate: 0.01 },
        w.roster,
        w.ledger,
        Float64Array.from([1]),
        4,
        800,
        t,
        0,
        rng,
        out,
      );
      flags += out.falseFlags;
    }
    // 800 jobs × 5% sampled × 1% false positives = 0.4 per step.
    expect(flags / 500).toBeGreaterThan(0.3);
    expect(flags / 500).toBeLessThan(0.5);
  });
});
