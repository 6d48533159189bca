/**
 * Verification hazard and the break-even sampling rate. A cheater that fakes b jobs
 * in a step is caught with probability h = 1 − (1 − ρ)^b, so over T steps the expected
 * catches are Σ_t h_t·A_t with A_t the probability it is active at step t: A_t = 1
 * when it is re-admitted at once (the plain hazard sum), the survival Π_{s<t}(1 − h_s)
 * when it stays jailed, and A_{t+1} = A_t − c_t + c_{t−J} (c_t = A_t·h_t) for a jail of
 * J steps. Break-even: by renewal-reward over catch cycles (1/q active hours, then J
 * jailed), the advantage per clock hour is [g − q·(σ·S·P + J·m)] / (1 + q·J), which is
 * zero where the library's per-active-hour profit is.
 */
import { describe, expect, it } from "vitest";
import {
  breakEvenSampleRate,
  type CheatingInputs,
  cheatingProfitUsdPerHour,
  energySavedUsdPerFakedJob,
} from "../../engine/mechanisms/cheatingEconomics.ts";
import { advanceLifecycle, type LifecycleResult } from "../../engine/mechanisms/lifecycle.ts";
import { emptyVerificationResult, verify } from "../../engine/mechanisms/verification.ts";
import { createRng } from "../../engine/rng/source.ts";
import { resolveParams } from "../../engine/scenario.ts";
import { Amm } from "../../engine/state/amm.ts";
import { Account, Ledger } from "../../engine/state/ledger.ts";
import { Behaviour, ProviderStore, Status } from "../../engine/state/providers.ts";
import { Roster } from "../../engine/state/roster.ts";
import { scenario as attack } from "../../scenarios/cheating-attack.ts";

// ---------------------------------------------------------------- (a) hazard sum

const RHO = 0.02;
const SIGMA = 0.3;
const MIN_STAKE = 1000;
const JOBS_PER_WORK_STEP = 4; // one-hour steps, 0.25 GPU-hour jobs
const T = 96;
const SEEDS = 500;
/** Cheater types: (throughput, cheat fraction); b = throughput · u_t · 4 · cf. */
const TYPES = [1, 2.5].flatMap((thr) => [0.1, 0.25, 0.5, 1].map((cf) => ({ thr, cf })));
/** Deterministic utilisation path in [0.2, 1). */
const util = (t: number) => 0.2 + 0.8 * ((t * 0.6180339887) % 1);

function hazard(type: { thr: number; cf: number }, t: number): number {
  return 1 - (1 - RHO) ** (type.thr * util(t) * JOBS_PER_WORK_STEP * type.cf);
}

/** Expected catches of one cheater over T steps, and a variance (exact or an upper bound). */
function expectedCatches(type: { thr: number; cf: number }, jail: number) {
  if (jail === 0) {
    let mean = 0;
    let variance = 0;
    for (let t = 0; t < T; t++) {
      const h = hazard(type, t);
      mean += h;
      variance += h * (1 - h);
    }
    return { mean, variance };
  }
  if (jail >= T) {
    let survive = 1;
    for (let t = 0; t < T; t++) survive *= 1 - hazard(type, t);
    return { mean: 1 - survive, variance: survive * (1 - survive) };
  }
  // Finite jail: active probability by the recursion of the header. A catch count with
  // dead time after each event is under-dispersed: its variance is at most its mean.
  const caught: number[] = [];
  let active = 1;
  let mean = 0;
  for (let t = 0; t < T; t++) {
    const c = active * hazard(type, t);
    caught.push(c);
    mean += c;
    active += -c + (t - jail >= 0 ? caught[t - jail]! : 0);
  }
  return { mean, variance: mean };
}

/** One replication: one cheater of each type, T steps of verify() and the lifecycle pass. */
function replicate(seed: number, jail: number) {
  const n = TYPES.length;
  const s = new ProviderStore(n);
  const roster = new Roster(s, 1, 1, Float64Array.from([10]), 1, 0);
  const ledger = new Ledger(s);
  ledger.genesisTo(Account.Amm, 1e9);
  const amm = new Amm(ledger, 1e9, 0);
  TYPES.forEach((type, k) => {
    const i = s.allocate();
    expect(i).toBe(k);
    s.throughput[i] = type.thr;
    s.behaviour[i] = Behaviour.Cheater;
    s.cheatFraction[i] = type.cf;
    roster.admit(i, Status.Active);
    ledger.genesisStake(i, MIN_STAKE);
    s.trailingProfit[i] = 1;
  });
  const v = {
    sampleRate: RHO,
    falsePositiveRate: 0,
    slashFraction: SIGMA,
    jailSteps: jail,
    slashDestination: "burn" as const,
    ejectAfterOffences: 0,
    ejectBelowStakeTokens: 0,
  };
  const out = emptyVerificationResult();
  const life: LifecycleResult = { activated: 0, released: 0, quitAfterJail: 0, exitSoldTokens: 0 };
  // These cheaters always buy their stake back (no slashing expected: σ = 0 in the rule).
  const restake = {
    minStake: MIN_STAKE,
    unbondingSteps: 0,
    epochHours: 24,
    jobsPerWorkHour: 1,
    sampleRate: 0,
    falsePositiveRate: 0,
    slashFraction: 0,
  };
  const rng = createRng(`hazard-${jail}-${seed}`);
  const u = new Float64Array(1);
  let caught = 0;
  for (let t = 0; t < T; t++) {
    u[0] = util(t);
    const jobs = TYPES.reduce((a, type) => a + type.thr * u[0]! * JOBS_PER_WORK_STEP, 0);
    verify(v, roster, ledger, u, JOBS_PER_WORK_STEP, jobs, t, 0, rng, out);
    caught += out.cheatersCaught;
    // Released jailed cheaters top their stake back up to the minimum before serving.
    advanceLifecycle(roster, ledger, amm, t, restake, life);
  }
  return { perType: Array.from(s.offences.subarray(0, n)), caught, slashed: ledger.slashed };
}

describe("verification: expected catches equal the hazard sum", () => {
  for (const [label, jail] of [
    ["re-admitted at once (J = 0): Σ_t Σ_i h_it", 0],
    ["jailed 24 steps: Σ_t h_t·A_t with the jail recursion", 24],
    ["caught once (until caught): Σ_i 1 − Π_t (1 − h_it)", 1_000_000],
  ] as const) {
    it(label, () => {
      const counts = new Array<number>(TYPES.length).fill(0);
      let total = 0;
      let slashed = 0;
      for (let seed = 0; seed < SEEDS; seed++) {
        const r = replicate(seed, jail);
        r.perType.forEach((c, k) => {
          counts[k]! += c;
        });
        total += r.caught;
        slashed += r.slashed;
      }
      let meanTotal = 0;
      let varTotal = 0;
      TYPES.forEach((type, k) => {
        const { mean, variance } = expectedCatches(type, jail);
        meanTotal += mean;
        varTotal += variance;
        // Each type: within 4 sd of the expectation over SEEDS independent replications.
        const sd = Math.sqrt(SEEDS * variance);
        expect(Math.abs(counts[k]! - SEEDS * mean)).toBeLessThanOrEqual(4 * sd + 1e-9);
      });
      const sd = Math.sqrt(SEEDS * varTotal);
      console.log(
        `J=${jail}: caught ${total}, expected ${(SEEDS * meanTotal).toFixed(1)} ± ${sd.toFixed(1)} (1 sd)`,
      );
      expect(total).toBe(counts.reduce((a, b) => a + b, 0));
      expect(Math.abs(total - SEEDS * meanTotal)).toBeLessThanOrEqual(4 * sd);
      // Stake is topped up to the minimum after every jail: every slash takes σ·S.
      expect(Math.abs(slashed / (total * SIGMA * MIN_STAKE) - 1)).toBeLessThan(1e-9);
    });
  }

  it("the three regimes differ (so each check can fail)", () => {
    const m = (jail: number) => TYPES.reduce((a, t) => a + expectedCatches(t, jail).mean, 0);
    expect(m(0)).toBeGreaterThan(1.3 * m(24));
    expect(m(24)).toBeGreaterThan(1.3 * m(1_000_000));
  });
});

// -------------------------------------------------------------- (b) break-even rate

/**
 * Independent derivation: a cheater alternates active spells (geometric, mean 1/q
 * hours, q = 1 − (1 − ρ)^b per active hour) and jail terms of J hours. Per cycle,
 * against an honest provider over the same clock time, it gains g per active hour
 * (power not drawn for faked jobs), loses σ·S·P (slash; the stake is topped up to S
 * at price P before it serves again) and m per jailed hour (its reward less the load
 * power it would have paid). Renewal-reward: advantage per clock hour = per cycle /
 * (1/q + J).
 */
function clockHourAdvantage(c: CheatingInputs): number {
  const b = c.cheatFraction * c.jobsPerHour;
  const q = 1 - (1 - c.sampleRate) ** b;
  const activeHours = 1 / q;
  const perCycle =
    activeHours * b * c.savingUsdPerJob -
    c.slashFraction * c.stakeTokens * c.priceUsd -
    c.jailHours * c.marginUsdPerHour;
  return perCycle / (activeHours + c.jailHours);
}

/** Root of clockHourAdvantage in ρ by bisection (it falls with ρ). */
function clockBreakEven(c: Omit<CheatingInputs, "sampleRate">): number {
  let lo = 1e-12;
  let hi = 1;
  for (let k = 0; k < 200; k++) {
    const mid = Math.sqrt(lo * hi);
    if (clockHourAdvantage({ ...c, sampleRate: mid }) > 0) lo = mid;
    else hi = mid;
  }
  return Math.sqrt(lo * hi);
}

/** The cheating-attack scenario's defaults, as inputs of the closed form. */
function attackInputs(marginUsdPerHour: "none" | "reward" | "rewardLessLoadPower") {
  const p = resolveParams(attack);
  const hw = p.hardware.rtx4090!;
  const power = p.regions.eu!.powerUsdPerKwh;
  const capacity = p.providers.initial * hw.throughput; // all active, no TEE
  const u = p.demand.baseGpuHoursPerHour / capacity; // 600 / 1000
  const jobsPerHour = (hw.throughput * u) / p.demand.jobGpuHours; // 2.4
  const saving = (((hw.loadW - hw.idleW) / 1000) * p.demand.jobGpuHours * power) / hw.throughput;
  const epochHours = p.sim.epochSteps * p.sim.stepHours;
  const e = p.emission;
  const rewardTokensPerHour =
    (e.tokensPerEpoch * (1 - e.foundationShare - e.treasuryShare)) /
    (p.providers.initial * epochHours); // 0.225
  const price = p.market.initialPriceUsd;
  const loadPowerUsdPerHour = ((hw.loadW - hw.idleW) / 1000) * u * power;
  const margin = {
    none: 0,
    reward: rewardTokensPerHour * price,
    rewardLessLoadPower: rewardTokensPerHour * price - loadPowerUsdPerHour,
  }[marginUsdPerHour];
  return {
    p,
    hw,
    inputs: {
      jobsPerHour,
      cheatFraction: p.providers.cheatFraction,
      savingUsdPerJob: saving,
      slashFraction: p.verification.slashFraction,
      stakeTokens: p.staking.minStakeTokens,
      priceUsd: price,
      jailHours: p.verification.jailSteps * p.sim.stepHours,
      marginUsdPerHour: margin,
    },
  };
}

describe("break-even sampling rate against an independent clock-hour derivation", () => {
  it("the energy saving per faked job matches the library's", () => {
    const { p, hw, inputs } = attackInputs("none");
    expect(inputs.savingUsdPerJob).toBeCloseTo(0.0315, 12);
    expect(
      energySavedUsdPerFakedJob(hw, p.demand.jobGpuHours, p.regions.eu!.powerUsdPerKwh),
    ).toBeCloseTo(inputs.savingUsdPerJob, 15);
  });

  it("without jail margin: g = q·σ·S·P, ρ* = 1 − (1 − g/(σ·S·P))^(1/b)", () => {
    const { inputs } = attackInputs("none");
    const b = inputs.cheatFraction * inputs.jobsPerHour;
    const g = b * inputs.savingUsdPerJob;
    const closed =
      1 - (1 - g / (inputs.slashFraction * inputs.stakeTokens * inputs.priceUsd)) ** (1 / b);
    expect(Math.abs(breakEvenSampleRate(inputs) / closed - 1)).toBeLessThan(1e-9);
    expect(Math.abs(clockBreakEven(inputs) / closed - 1)).toBeLessThan(1e-9);
  });

  it("with the jail margin the library's break-even is the clock-hour root too", () => {
    for (const margin of ["reward", "rewardLessLoadPower"] as const) {
      const { inputs } = attackInputs(margin);
      expect(Math.abs(breakEvenSampleRate(inputs) / clockBreakEven(inputs) - 1)).toBeLessThan(1e-9);
    }
  });

  it("the library's profit is per ACTIVE hour: per clock hour it is that / (1 + q·J)", () => {
    const { inputs } = attackInputs("rewardLessLoadPower");
    for (const rho of [1e-5, 2e-4, 0.002, 0.02, 0.2]) {
      const c = { ...inputs, sampleRate: rho };
      const q = 1 - (1 - rho) ** (c.cheatFraction * c.jobsPerHour);
      const perActive = cheatingProfitUsdPerHour(c);
      const perClock = clockHourAdvantage(c);
      expect(Math.abs(perClock / (perActive / (1 + q * c.jailHours)) - 1)).toBeLessThan(1e-9);
    }
    // At the scenario's own ρ = 0.02: q = 1 − 0.98^1.2 ≈ 0.0240, 1 + q·J ≈ 1.58, so the
    // per-active-hour figure overstates the per-clock-hour loss by that factor.
    const c = { ...inputs, sampleRate: 0.02 };
    const q = 1 - 0.98 ** 1.2;
    const perActive = cheatingProfitUsdPerHour(c);
    const perClock = clockHourAdvantage(c);
    console.log(
      `ρ = 0.02: per active hour ${perActive.toFixed(4)} USD, per clock hour ${perClock.toFixed(4)} USD (factor 1/(1+qJ) = ${(1 / (1 + q * 24)).toFixed(4)})`,
    );
    expect(perActive).toBeCloseTo(0.0378 - q * (150 + 24 * c.marginUsdPerHour), 9);
    expect(perClock / perActive).toBeCloseTo(1 / (1 + 24 * q), 9);
    expect(perClock / perActive).toBeLessThan(0.64);
    // Long-run catches per clock hour with jail J are q/(1 + q·J), from the recursion of (a).
    let active = 1;
    const caught: number[] = [];
    const steps = 50_000;
    for (let t = 0; t < steps; t++) {
      caught.push(active * q);
      active += -caught[t]! + (t >= 24 ? caught[t - 24]! : 0);
    }
    const rate = caught.slice(steps / 2).reduce((a, b) => a + b, 0) / (steps / 2);
    expect(Math.abs(rate / (q / (1 + 24 * q)) - 1)).toBeLessThan(1e-6);
  });

  it("at the cheating-attack defaults the break-even is ≈ 2e-4, not the 3e-4 the scenario states", () => {
    const none = breakEvenSampleRate(attackInputs("none").inputs);
    const reward = breakEvenSampleRate(attackInputs("reward").inputs);
    const net = breakEvenSampleRate(attackInputs("rewardLessLoadPower").inputs);
    console.log(
      `break-even ρ* at cheating-attack defaults: no jail margin ${none.toExponential(4)}, margin = reward ${reward.toExponential(4)}, margin = reward − load power ${net.toExponential(4)}`,
    );
    // g = 1.2 × 0.0315 = 0.0378 USD/h; σ·S·P = 150 USD; J = 24 h; m = 0.225 USD/h of
    // rewards (6,000 tokens × 90% over 1,000 providers and 24 h, at 1 USD), or that less
    // the load power 0.42 kW × 0.6 × 0.30 USD/kWh = 0.0756 USD/h.
    expect(none).toBeCloseTo(1 - (1 - 0.0378 / 150) ** (1 / 1.2), 12);
    expect(reward).toBeCloseTo(1 - (1 - 0.0378 / (150 + 24 * 0.225)) ** (1 / 1.2), 12);
    expect(net).toBeCloseTo(1 - (1 - 0.0378 / (150 + 24 * 0.1494)) ** (1 / 1.2), 12);
    for (const r of [none, reward, net]) {
      expect(r).toBeGreaterThan(1.9e-4);
      expect(r).toBeLessThan(2.15e-4);
    }
  });
});
