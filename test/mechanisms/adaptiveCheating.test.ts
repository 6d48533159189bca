/**
 * Adaptive cheaters (issue 22): each cheater estimates the probability that one
 * faked job is caught from its own catches and faked jobs, and moves its cheat
 * fraction along the marginal expected profit. In a simple case with a
 * closed-form break-even (one job type, no jail term, no false positives, stake
 * topped back up after every slash) the best response is to stop cheating when
 * the sampling rate is above the break-even `breakEvenSampleRate` and to fake
 * everything when it is below: the cheat fraction falls to ~0 at twice the
 * break-even rate and rises to ~1 at half of it.
 */
import { tableFromIPC } from "apache-arrow";
import { describe, expect, it } from "vitest";
import {
  adaptCheatFractions,
  estimatedSampleRate,
  meanActiveCheatFraction,
  recordFakedJobs,
  relativeMarginalProfit,
} from "../../engine/mechanisms/adaptiveCheating.ts";
import { breakEvenSampleRate } from "../../engine/mechanisms/cheatingEconomics.ts";
import { advanceLifecycle, type LifecycleResult } from "../../engine/mechanisms/lifecycle.ts";
import { emptyVerificationResult, verify } from "../../engine/mechanisms/verification.ts";
import { MemorySink } from "../../engine/metrics/arrow.ts";
import { runSimulation } from "../../engine/pipeline/run.ts";
import { createRng } from "../../engine/rng/source.ts";
import { resolveParams } from "../../engine/scenario.ts";
import { Amm } from "../../engine/state/amm.ts";
import { Account, Ledger } from "../../engine/state/ledger.ts";
import { Behaviour, ProviderStore, Status } from "../../engine/state/providers.ts";
import { Roster } from "../../engine/state/roster.ts";
import { scenario as attack } from "../../scenarios/cheating-attack.ts";

const CHEATERS = 20;
const JOBS_PER_WORK_STEP = 40; // jobs per step at full utilisation, throughput 1
const LOAD_KW = 0.4; // load above idle
const POWER = 0.25; // USD/kWh
const SIGMA = 0.3;
const STAKE = 10; // tokens, at 1 USD
const F0 = 0.5;
const EPOCH = 24;
const EPOCHS = 150;
/** Energy saved per faked job (USD/job): 0.4 kW · 0.25 USD/kWh · 1 h / 40 jobs. */
const SAVING = (LOAD_KW * POWER) / JOBS_PER_WORK_STEP;
/** The closed-form break-even at the starting fraction: ≈ g / (σ·S·P) = 0.0025 / 3. */
const RHO_STAR = breakEvenSampleRate({
  jobsPerHour: JOBS_PER_WORK_STEP,
  cheatFraction: F0,
  savingUsdPerJob: SAVING,
  slashFraction: SIGMA,
  stakeTokens: STAKE,
  priceUsd: 1,
  jailHours: 0,
  marginUsdPerHour: 0,
});
const LEARNING = { learningRate: 0.05, priorSampleRate: RHO_STAR, priorWeight: 1 };

/** CHEATERS adaptive cheaters at sampling rate rho for EPOCHS epochs of EPOCH one-hour steps. */
function simulate(rho: number, seed: string) {
  const s = new ProviderStore(CHEATERS);
  const roster = new Roster(s, 1, 1, Float64Array.from([10]), 1, 0);
  const ledger = new Ledger(s);
  ledger.genesisTo(Account.Amm, 1e9);
  const amm = new Amm(ledger, 1e9, 0);
  for (let k = 0; k < CHEATERS; k++) {
    const i = s.allocate();
    s.throughput[i] = 1;
    s.idleKw[i] = 0.05;
    s.loadKw[i] = 0.05 + LOAD_KW;
    s.powerPrice[i] = POWER;
    s.behaviour[i] = Behaviour.Cheater;
    s.cheatFraction[i] = F0;
    roster.admit(i, Status.Active);
    ledger.genesisStake(i, STAKE);
    s.trailingProfit[i] = 1;
  }
  const v = {
    sampleRate: rho,
    falsePositiveRate: 0,
    slashFraction: SIGMA,
    jailSteps: 0,
    slashDestination: "burn" as const,
    ejectAfterOffences: 0,
    ejectBelowStakeTokens: 0,
  };
  // Caught cheaters buy their stake back and come back at once (σ = 0 in the rule).
  const restake = {
    minStake: STAKE,
    unbondingSteps: 0,
    epochHours: EPOCH,
    jobsPerWorkHour: 1,
    sampleRate: 0,
    falsePositiveRate: 0,
    slashFraction: 0,
  };
  const context = {
    jobsPerWorkStep: JOBS_PER_WORK_STEP,
    stepHours: 1,
    epochHours: EPOCH,
    slashFraction: SIGMA,
    minStakeTokens: STAKE,
    priceUsd: 1,
    jailHours: 0,
  };
  const out = emptyVerificationResult();
  const life: LifecycleResult = { activated: 0, released: 0, quitAfterJail: 0, exitSoldTokens: 0 };
  const rng = createRng(seed);
  const u = Float64Array.from([1]);
  const path: number[] = [];
  for (let t = 0; t < EPOCHS * EPOCH; t++) {
    roster.advanceUtil(u);
    recordFakedJobs(roster, u, JOBS_PER_WORK_STEP);
    verify(v, roster, ledger, u, JOBS_PER_WORK_STEP, CHEATERS * JOBS_PER_WORK_STEP, t, 0, rng, out);
    advanceLifecycle(roster, ledger, amm, t, restake, life);
    if ((t + 1) % EPOCH === 0) {
      adaptCheatFractions(LEARNING, roster, context);
      path.push(meanActiveCheatFraction(roster));
    }
  }
  let catches = 0;
  let faked = 0;
  let mean = 0;
  for (let i = 0; i < CHEATERS; i++) {
    catches += s.offences[i]!;
    faked += s.fakedJobs[i]!;
    mean += s.cheatFraction[i]! / CHEATERS;
  }
  return { mean, path, catches, faked, fractions: Array.from(s.cheatFraction) };
}

describe("adaptive cheaters converge to the closed-form break-even", () => {
  it("the break-even of this case is ≈ g / (σ·S·P)", () => {
    expect(SAVING).toBeCloseTo(0.0025, 12);
    expect(RHO_STAR).toBeGreaterThan(0.8e-3);
    expect(RHO_STAR).toBeLessThan(0.85e-3);
  });

  it("the marginal profit changes sign at the break-even (up to the curvature of q)", () => {
    const loss = SIGMA * STAKE;
    const n = JOBS_PER_WORK_STEP;
    expect(relativeMarginalProfit(F0, n, SAVING, loss, 0.5 * RHO_STAR)).toBeGreaterThan(0.45);
    expect(relativeMarginalProfit(F0, n, SAVING, loss, 2 * RHO_STAR)).toBeLessThan(-0.9);
    // At ρ* itself it is within a few per cent of zero: π(f) = 0 and π'(f) = 0 differ
    // only by the curvature of 1 − (1 − ρ)^(f·n) over f·n·ρ ≈ 0.017.
    expect(Math.abs(relativeMarginalProfit(F0, n, SAVING, loss, RHO_STAR))).toBeLessThan(0.03);
    // The Gamma posterior mean: the prior with no evidence, the data's rate with much.
    expect(estimatedSampleRate(LEARNING, 0, 0) / RHO_STAR).toBeCloseTo(1, 12);
    expect(estimatedSampleRate(LEARNING, 9, 9 / RHO_STAR) / RHO_STAR).toBeCloseTo(1, 12);
    expect(estimatedSampleRate(LEARNING, 9999, 1e6) / 0.01).toBeCloseTo(1, 2);
  });

  it("at twice the break-even sampling rate the cheat fraction falls to ~0", () => {
    const r = simulate(2 * RHO_STAR, "adaptive-fall");
    console.log(
      `ρ = 2ρ* = ${(2 * RHO_STAR).toExponential(3)}: mean cheat fraction after ${EPOCHS} epochs ${r.mean.toFixed(4)} (epoch 10: ${r.path[9]!.toFixed(3)}, 30: ${r.path[29]!.toFixed(3)}); catches ${r.catches} in ${r.faked.toFixed(0)} faked jobs`,
    );
    expect(r.mean).toBeLessThan(0.02);
    expect(Math.max(...r.fractions)).toBeLessThan(0.1);
  });

  it("at half the break-even sampling rate it rises to ~1, and the estimate finds ρ", () => {
    const rho = 0.5 * RHO_STAR;
    const r = simulate(rho, "adaptive-rise");
    const estimate = r.catches / r.faked;
    console.log(
      `ρ = ρ*/2 = ${rho.toExponential(3)}: mean cheat fraction after ${EPOCHS} epochs ${r.mean.toFixed(4)} (epoch 10: ${r.path[9]!.toFixed(3)}, 30: ${r.path[29]!.toFixed(3)}); pooled estimate ${estimate.toExponential(3)} (${r.catches} catches)`,
    );
    expect(r.mean).toBeGreaterThan(0.98);
    expect(Math.min(...r.fractions)).toBeGreaterThan(0.9);
    // Pooled catches per faked job: within 4 sd (binomial) of ρ.
    const sd = Math.sqrt(rho / r.faked);
    expect(Math.abs(estimate - rho)).toBeLessThan(4 * sd);
  });

  it("is deterministic given the seed", () => {
    expect(simulate(RHO_STAR, "same").fractions).toEqual(simulate(RHO_STAR, "same").fractions);
  });
});

describe("adaptive cheaters in the cheating-attack scenario", () => {
  /** Mean cheat fraction of active cheaters per step, at sampling rate rho. */
  async function meanFraction(rho: number, strategy = "adaptive") {
    const params = resolveParams(attack, [
      `providers.cheatStrategy=${strategy}`,
      `verification.sampleRate=${rho}`,
      "providers.cheatPriorSampleRate=0.0002",
      "sim.steps=2160",
    ]);
    const sink = new MemorySink();
    const summary = await runSimulation({ scenario: attack, params, seed: 3 }, sink);
    expect(summary.status).toBe("ok");
    const t = tableFromIPC(sink.bytes());
    return t.getChild("meanCheatFraction")?.toArray() as Float64Array | undefined;
  }

  it("fixed cheaters add no column", async () => {
    expect(await meanFraction(0.02, "fixed")).toBeUndefined();
  }, 60_000);

  it("falls well above the break-even (ρ = 5ρ*) and rises well below it (ρ = ρ*/5)", async () => {
    // ρ* ≈ 2.03e-4 at the scenario's defaults (test/closedForms/cheating.test.ts).
    const high = (await meanFraction(1e-3))!;
    const low = (await meanFraction(4e-5))!;
    const last = (c: Float64Array) => c[c.length - 1]!;
    console.log(
      `cheating-attack, 90 days, cheatPriorSampleRate 2e-4: mean cheat fraction of active cheaters ${last(high).toFixed(3)} at ρ = 1e-3, ${last(low).toFixed(3)} at ρ = 4e-5 (start 0.5)`,
    );
    expect(high[0]).toBe(0.5);
    expect(last(high)).toBeLessThan(0.25);
    expect(last(low)).toBeGreaterThan(0.75);
  }, 120_000);
});
