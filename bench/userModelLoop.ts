/**
 * The per-provider-rewards model (scenarios/per-provider-rewards.ts) as a plain
 * hand-written loop over typed arrays: no engine, no ledger, no recorder, the
 * random generator inlined. The reference bench/userModel.ts times tokensim
 * against. It starts from a world after genesis, copied into its own arrays.
 */
import seedrandom from "seedrandom";
import { deriveSeed } from "../engine/rng/seed.ts";
import { Account } from "../engine/state/ledger.ts";
import { Behaviour, Status } from "../engine/state/providers.ts";
import type { World } from "../engine/state/world.ts";

/** Everything the loop reads and writes. */
export interface LoopState {
  n: number;
  throughput: Float64Array;
  loadKw: Float64Array;
  powerPrice: Float64Array;
  fixedUsdPerHour: Float64Array;
  capexUsdPerHour: Float64Array;
  cheater: Uint8Array;
  active: Uint8Array;
  tokens: Float64Array;
  stake: Float64Array;
  profit: Float64Array;
  pausedAt: Int32Array;
  tokenReserve: number;
  usdReserve: number;
  feeRate: number;
  genesis: number;
  minted: number;
  burned: number;
  rng: { c: number; s0: number; s1: number; s2: number };
  p: {
    tokensPerStep: number;
    meanUtilisation: number;
    sampleRate: number;
    slashShare: number;
    sellShare: number;
    profitSmoothing: number;
    pauseSteps: number;
    reentryMargin: number;
  };
  stepHours: number;
}

/** Copies a world after genesis into the loop's arrays. */
export function loopFromWorld(w: World): LoopState {
  const s = w.providers;
  const n = s.highWater;
  const cheater = new Uint8Array(n);
  const active = new Uint8Array(n);
  for (let i = 0; i < n; i++) {
    cheater[i] = s.behaviour[i] === Behaviour.Cheater ? 1 : 0;
    active[i] = s.status[i] === Status.Active ? 1 : 0;
  }
  const p = (w.params as unknown as { rewards: LoopState["p"] }).rewards;
  return {
    n,
    throughput: s.throughput.slice(0, n),
    loadKw: s.loadKw.slice(0, n),
    powerPrice: s.powerPrice.slice(0, n),
    fixedUsdPerHour: s.fixedUsdPerHour.slice(0, n),
    capexUsdPerHour: s.capexUsdPerHour.slice(0, n),
    cheater,
    active,
    tokens: s.tokens.slice(0, n),
    stake: s.stake.slice(0, n),
    profit: new Float64Array(n),
    pausedAt: new Int32Array(n),
    tokenReserve: w.ledger.accounts[Account.Amm]!,
    usdReserve: w.amm.usdReserve,
    feeRate: w.amm.feeRate,
    genesis: w.ledger.genesis,
    minted: w.ledger.minted,
    burned: w.ledger.burned,
    rng: seedrandom
      .alea(deriveSeed(w.seed, w.runIndex, "perProviderRewards"), { state: true })
      .state() as LoopState["rng"],
    p: { ...p },
    stepHours: w.params.sim.stepHours,
  };
}

/**
 * Runs `steps` steps; returns the end price and supply. Each step is one call of
 * {@link loopStep}, as the engine calls its phase once a step: a hot loop entered
 * once would run on-stack-replaced code, which V8 compiles with the generator's
 * state boxed (one heap number per draw, measured), so the reference would pay
 * for garbage collection it does not need.
 */
export function runLoop(st: LoopState, steps: number): { price: number; supply: number } {
  const scratch = { reward: new Float64Array(st.n), sold: new Float64Array(st.n) };
  // The generator's state between steps, unboxed.
  const rng = Float64Array.of(st.rng.c, st.rng.s0, st.rng.s1, st.rng.s2);
  for (let step = 0; step < steps; step++) loopStep(st, step, scratch, rng);
  st.rng = { c: rng[0]!, s0: rng[1]!, s1: rng[2]!, s2: rng[3]! };
  return { price: st.usdReserve / st.tokenReserve, supply: st.genesis + st.minted - st.burned };
}

/** One step of the model over every provider. */
function loopStep(
  st: LoopState,
  step: number,
  scratch: { reward: Float64Array; sold: Float64Array },
  rng: Float64Array,
): void {
  const { n, throughput, loadKw, powerPrice, fixedUsdPerHour, capexUsdPerHour } = st;
  const { cheater, active, tokens, stake, profit, pausedAt, p } = st;
  const { reward, sold } = scratch;
  const h = st.stepHours;
  let c = rng[0]!;
  let s0 = rng[1]!;
  let s1 = rng[2]!;
  let s2 = rng[3]!;
  const util = p.meanUtilisation * (1 + 0.25 * Math.sin((2 * Math.PI * (step % 24)) / 24));
  let claimed = 0;
  for (let i = 0; i < n; i++) if (active[i] === 1) claimed += throughput[i]!;
  claimed *= util * h;
  const perWork = claimed > 0 ? p.tokensPerStep / claimed : 0;
  const price = st.usdReserve / st.tokenReserve;
  let minted = 0;
  for (let i = 0; i < n; i++) {
    // Alea, inlined: one draw per provider slot, as the scenario draws them.
    const t = 2091639 * s0 + c * 2.3283064365386963e-10;
    s0 = s1;
    s1 = s2;
    c = t | 0;
    s2 = t - c;
    reward[i] = 0;
    sold[i] = 0;
    const work = throughput[i]! * util * h;
    const cost = (loadKw[i]! * powerPrice[i]! + fixedUsdPerHour[i]! + capexUsdPerHour[i]!) * h;
    if (active[i] === 0) {
      if (
        step - pausedAt[i]! >= p.pauseSteps &&
        (p.tokensPerStep * work * price) / (claimed + work) > (1 + p.reentryMargin) * cost
      ) {
        active[i] = 1;
        profit[i] = 0;
      }
      continue;
    }
    const r = perWork * work;
    reward[i] = r;
    sold[i] = p.sellShare * r;
    if (s2 < p.sampleRate && cheater[i] === 1 && stake[i]! > 0) {
      const taken = p.slashShare * stake[i]!;
      stake[i] = stake[i]! - taken;
      st.burned += taken;
    }
    profit[i] = (1 - p.profitSmoothing) * profit[i]! + p.profitSmoothing * (r * price - cost);
    if (profit[i]! < 0) {
      active[i] = 0;
      pausedAt[i] = step;
    }
  }
  for (let i = 0; i < n; i++) {
    tokens[i]! += reward[i]!;
    minted += reward[i]!;
  }
  st.minted += minted;
  let moved = 0;
  for (let i = 0; i < n; i++) {
    const a = sold[i]!;
    if (a === 0) continue;
    const bal = tokens[i]!;
    const next = Math.max(0, bal - a);
    tokens[i] = next;
    moved += bal - next;
  }
  if (moved > 0) {
    const effective = moved * (1 - st.feeRate);
    const out = (st.usdReserve * effective) / (st.tokenReserve + effective);
    st.tokenReserve += moved;
    st.usdReserve -= out;
  }
  rng[0] = c;
  rng[1] = s0;
  rng[2] = s1;
  rng[3] = s2;
}
