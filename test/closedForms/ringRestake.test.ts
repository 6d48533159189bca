/**
 * A jailed cheater's restake decision at the catch rate it faces, hand-computed:
 * one region at full utilisation, throughput 1, 2 client jobs an epoch, half of
 * them faked (1 faked job), ρ = 0.5, no false positives, σ = 0.5, minimum stake
 * 100 tokens at 2 USD. A lone cheater expects to lose
 * `(1 − (1 − ρ)^1) · σ · 100 · 2 = 0.5 · 100 = 50` USD an epoch if it comes back;
 * a member of a ring holding c = 0.5 of the re-run capacity is caught at
 * `ρ(1 − c) = 0.25`, so expects 25 USD. Each comes back when its trailing
 * profit covers that, and leaves otherwise.
 */
import { describe, expect, it } from "vitest";
import { Rings } from "../../engine/mechanisms/agents/rings.ts";
import {
  advanceLifecycle,
  type LifecycleResult,
  type RingExposure,
} from "../../engine/mechanisms/lifecycle.ts";
import { MemorySink } from "../../engine/metrics/arrow.ts";
import { runSimulation } from "../../engine/pipeline/run.ts";
import { resolveParams } from "../../engine/scenario.ts";
import { Amm } from "../../engine/state/amm.ts";
import { Account, Ledger } from "../../engine/state/ledger.ts";
import { Behaviour, ProviderStore, Status } from "../../engine/state/providers.ts";
import { Roster } from "../../engine/state/roster.ts";
import { tinyScenario } from "./tinyNetwork.ts";

const RULE = {
  minStake: 100,
  unbondingSteps: 10,
  epochHours: 2,
  jobsPerWorkHour: 1,
  sampleRate: 0.5,
  falsePositiveRate: 0,
  slashFraction: 0.5,
};
const LONE_LOSS = (1 - (1 - 0.5) ** 1) * 0.5 * 100 * 2; // 50 USD an epoch
const RING_LOSS = (1 - (1 - 0.5 * (1 - 0.5)) ** 1) * 0.5 * 100 * 2; // 25 USD an epoch

/** Jailed cheaters (term over at step 0) with the given trailing profits (USD per epoch). */
function jailed(profits: readonly number[]) {
  const n = profits.length;
  const s = new ProviderStore(n);
  const roster = new Roster(s, 1, 1, Float64Array.from([10]), 1, 0);
  const ledger = new Ledger(s);
  ledger.genesisTo(Account.Amm, 1e6);
  const amm = new Amm(ledger, 2e6, 0); // 2 USD per token
  roster.advanceUtil(Float64Array.from([1])); // mean utilisation so far: 1
  for (let k = 0; k < n; k++) {
    const i = s.allocate();
    s.throughput[i] = 1;
    s.behaviour[i] = Behaviour.Cheater;
    s.cheatFraction[i] = 0.5;
    roster.admit(i, Status.Jailed, 0);
    ledger.genesisStake(i, RULE.minStake); // nothing to buy back
    s.trailingProfit[i] = profits[k]!;
  }
  const out: LifecycleResult = { activated: 0, released: 0, quitAfterJail: 0, exitSoldTokens: 0 };
  return { s, roster, ledger, amm, out };
}

describe("restake decision of jailed cheaters (hand-computed break-even)", () => {
  it("the AMM price is 2 and the losses are 50 and 25 USD an epoch", () => {
    expect(jailed([0]).amm.price).toBe(2);
    expect(LONE_LOSS).toBe(50);
    expect(RING_LOSS).toBe(25);
  });

  it("a ring member restakes at ρ(1 − c), a lone cheater at ρ", () => {
    const profits = [RING_LOSS, RING_LOSS - 1e-9, RING_LOSS, LONE_LOSS, LONE_LOSS - 1e-9];
    const w = jailed(profits);
    const rings: RingExposure = {
      ringOf: Int32Array.from([0, 0, -1, -1, -1]),
      escape: Float64Array.from([0.5]),
    };
    advanceLifecycle(w.roster, w.ledger, w.amm, 0, RULE, w.out, rings);
    expect(Array.from(w.s.status)).toEqual([
      Status.Active, // ring member at its break-even: comes back
      Status.Exiting, // just below it: leaves
      Status.Exiting, // a lone cheater with the same profit: leaves (it faces ρ)
      Status.Active, // a lone cheater at its own break-even: comes back
      Status.Exiting,
    ]);
    expect(w.out.activated).toBe(2);
    expect(w.out.quitAfterJail).toBe(3);
  });

  it("a cheater's honest jobs count no false flags (verify never flags a cheater falsely); an honest provider's count ρ · fp · jobs", () => {
    // fp = 0.5: a cheater that faked half its 2 jobs still expects 50 USD an epoch,
    // where counting its honest job would have added ρ · fp · 1 = 0.25 of 200 USD.
    const fpRule = { ...RULE, falsePositiveRate: 0.5 };
    const cheaters = jailed([LONE_LOSS, LONE_LOSS - 1e-9]);
    advanceLifecycle(cheaters.roster, cheaters.ledger, cheaters.amm, 0, fpRule, cheaters.out);
    expect(Array.from(cheaters.s.status)).toEqual([Status.Active, Status.Exiting]);
    // An honest provider (jailed by a false flag) with 2 jobs an epoch expects
    // ρ · fp · 2 = 0.5 of σ · 100 · 2 = 100 USD: 50 USD an epoch.
    const honest = jailed([50, 50 - 1e-9]);
    for (let i = 0; i < 2; i++) {
      honest.s.behaviour[i] = Behaviour.Honest;
      honest.s.cheatFraction[i] = 0;
    }
    advanceLifecycle(honest.roster, honest.ledger, honest.amm, 0, fpRule, honest.out);
    expect(Array.from(honest.s.status)).toEqual([Status.Active, Status.Exiting]);
  });

  it("without collusion (c = 0) or without rings, a member decides on ρ", () => {
    const noCollusion = jailed([RING_LOSS, LONE_LOSS]);
    advanceLifecycle(
      noCollusion.roster,
      noCollusion.ledger,
      noCollusion.amm,
      0,
      RULE,
      noCollusion.out,
      {
        ringOf: Int32Array.from([0, 0]),
        escape: Float64Array.from([0]),
      },
    );
    expect(Array.from(noCollusion.s.status)).toEqual([Status.Exiting, Status.Active]);
    const none = jailed([RING_LOSS, LONE_LOSS]);
    advanceLifecycle(none.roster, none.ledger, none.amm, 0, RULE, none.out);
    expect(Array.from(none.s.status)).toEqual([Status.Exiting, Status.Active]);
  });

  it("in a run, the rings the verification phase placed are the world's, which the restake decision reads", async () => {
    let seen: Rings | undefined;
    let members = 0;
    const scenario = tinyScenario(
      {
        sim: { steps: 24, stepHours: 1, epochSteps: 24 },
        providers: { initial: 20, maxTotal: 40, cheaterShare: 0.5, teeShare: 0 },
      },
      (w) => {
        seen = w.rings.rings;
        members = seen ? seen.ringOf.filter((r) => r >= 0).length : 0;
      },
    );
    const params = resolveParams(scenario, ["rings.share=1", "rings.size=0"]);
    const summary = await runSimulation({ scenario, params, seed: 4 }, new MemorySink());
    expect(summary.status).toBe("ok");
    expect(seen).toBeInstanceOf(Rings);
    expect(members).toBeGreaterThan(0);
    // without rings the world holds none
    let none: Rings | undefined = new Rings(
      { share: 1, size: 0, collusion: true, pooled: true },
      1,
    );
    const off = tinyScenario(
      {
        sim: { steps: 24, stepHours: 1, epochSteps: 24 },
        providers: { initial: 20, maxTotal: 40, cheaterShare: 0.5, teeShare: 0 },
      },
      (w) => {
        none = w.rings.rings;
      },
    );
    await runSimulation(
      { scenario: off, params: resolveParams(off, []), seed: 4 },
      new MemorySink(),
    );
    expect(none).toBeUndefined();
  }, 60_000);
});
