/**
 * A small hand-built network for the ring tests: `lone` cheaters outside rings,
 * `ring` cheaters in one ring, `honest` providers, all of throughput 1 in one
 * region at full utilisation; caught cheaters buy their stake back and come back
 * at once (no jail), so every provider works every step and the ring's share of
 * the re-run capacity is `ring / (lone + ring + honest)`.
 */
import {
  adaptCheatFractions,
  adaptRingFractions,
  recordFakedJobs,
} from "../../engine/mechanisms/adaptiveCheating.ts";
import { Rings } from "../../engine/mechanisms/agents/rings.ts";
import { advanceLifecycle, type LifecycleResult } from "../../engine/mechanisms/lifecycle.ts";
import { emptyVerificationResult, verify } from "../../engine/mechanisms/verification.ts";
import { createRng } from "../../engine/rng/source.ts";
import { Amm } from "../../engine/state/amm.ts";
import { Account, Ledger } from "../../engine/state/ledger.ts";
import { Behaviour, ProviderStore, Status } from "../../engine/state/providers.ts";
import { Roster } from "../../engine/state/roster.ts";

/** Jobs per step at full utilisation, throughput 1. */
export const JOBS = 40;
/** Load above idle (kW), power price (USD/kWh), slash fraction, stake (tokens at 1 USD). */
export const LOAD_KW = 0.4;
export const POWER = 0.25;
export const SIGMA = 0.3;
export const STAKE = 10;
/** Energy saved per faked job (USD/job). */
export const SAVING = (LOAD_KW * POWER) / JOBS;
export const EPOCH = 24;

/** How the world is built and run. */
export interface RingWorldSpec {
  lone: number;
  ring: number;
  honest: number;
  sampleRate: number;
  cheatFraction: number;
  steps: number;
  seed: string;
  /** Adaptive cheaters (pooled rings) with this learning rule; fixed fractions without. */
  learning?: { learningRate: number; priorSampleRate: number; priorWeight: number };
  collusion?: boolean;
  /** Verify without the rings at all (the baseline a non-colluding ring must match). */
  noRings?: boolean;
}

/** Runs the world; returns the roster, the rings and the catches per slot. */
export function runRingWorld(spec: RingWorldSpec) {
  const n = spec.lone + spec.ring + spec.honest;
  const s = new ProviderStore(n);
  const roster = new Roster(s, 1, 1, Float64Array.from([10]), 1, 0);
  const ledger = new Ledger(s);
  ledger.genesisTo(Account.Amm, 1e9);
  const amm = new Amm(ledger, 1e9, 0);
  const cheaters = spec.lone + spec.ring;
  for (let k = 0; k < n; k++) {
    const i = s.allocate();
    s.throughput[i] = 1;
    s.idleKw[i] = 0.05;
    s.loadKw[i] = 0.05 + LOAD_KW;
    s.powerPrice[i] = POWER;
    s.behaviour[i] = k < cheaters ? Behaviour.Cheater : Behaviour.Honest;
    s.cheatFraction[i] = k < cheaters ? spec.cheatFraction : 0;
    roster.admit(i, Status.Active);
    ledger.genesisStake(i, STAKE);
    s.trailingProfit[i] = 1;
  }
  const rings = new Rings(
    { share: spec.ring / cheaters, size: 0, collusion: spec.collusion ?? true, pooled: true },
    n,
  );
  const v = {
    sampleRate: spec.sampleRate,
    falsePositiveRate: 0,
    slashFraction: SIGMA,
    jailSteps: 0,
    slashDestination: "burn" as const,
    ejectAfterOffences: 0,
    ejectBelowStakeTokens: 0,
  };
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
    jobsPerWorkStep: JOBS,
    stepHours: 1,
    epochHours: EPOCH,
    slashFraction: SIGMA,
    minStakeTokens: STAKE,
    priceUsd: 1,
    jailHours: 0,
  };
  const out = emptyVerificationResult();
  const life: LifecycleResult = { activated: 0, released: 0, quitAfterJail: 0, exitSoldTokens: 0 };
  const rng = createRng(spec.seed);
  const u = Float64Array.from([1]);
  const scratch = new Float64Array(3 * n);
  const escapes: number[] = [];
  for (let t = 0; t < spec.steps; t++) {
    roster.advanceUtil(u);
    if (spec.learning) recordFakedJobs(roster, u, JOBS);
    rings.assign(roster);
    rings.updateEscape(roster, u);
    escapes.push(rings.escape[0]!);
    verify(v, roster, ledger, u, JOBS, n * JOBS, t, 0, rng, out, spec.noRings ? undefined : rings);
    advanceLifecycle(roster, ledger, amm, t, restake, life);
    if (spec.learning && (t + 1) % EPOCH === 0) {
      adaptCheatFractions(spec.learning, roster, context, rings.ringOf);
      adaptRingFractions(spec.learning, roster, context, rings, scratch);
    }
  }
  return { s, roster, rings, escapes };
}

/** Sum of `values[i]` over the slots i whose ring is (`inRing`) or is not in a ring. */
export function sumBy(rings: Rings, values: ArrayLike<number>, inRing: boolean, n: number): number {
  let sum = 0;
  for (let i = 0; i < n; i++) if (rings.ringOf[i]! >= 0 === inRing) sum += values[i]!;
  return sum;
}
