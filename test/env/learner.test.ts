/**
 * The built-in learner (tabular Q-learning) on the environment's two agent
 * classes. Cheaters: the reward is energy saved by faking minus stake slashed,
 * so the closed form (engine/mechanisms/cheatingEconomics.ts, with no jail cost)
 * says faking every job pays below the break-even sampling rate ρ* and faking
 * none pays above it (the profit is convex in the fraction: the best response is
 * all or nothing). The learner must find each side. Speculator: on a price path
 * that falls (emission far above the burn), selling beats holding.
 */
import { describe, expect, it } from "vitest";
import { createEnvironment } from "../../engine/env/environment.ts";
import { EnvironmentError } from "../../engine/env/errors.ts";
import { QLearner } from "../../engine/env/learners/qLearning.ts";
import { evaluatePolicy, trainQLearning } from "../../engine/env/learners/train.ts";
import {
  breakEvenSampleRate,
  energySavedUsdPerFakedJob,
} from "../../engine/mechanisms/cheatingEconomics.ts";
import { resolveParams } from "../../engine/scenario.ts";
import { scenario as attack } from "../../scenarios/cheating-attack.ts";

const STEPS = ["sim.steps=240"];
const FRACTIONS = [0, 0.5, 1];

/** ρ* at f = 1 from the scenario's parameters and the utilisation one honest episode shows. */
async function breakEven(): Promise<number> {
  const p = resolveParams(attack, STEPS);
  const env = await createEnvironment(attack, { agent: "cheaters", sets: STEPS, actions: [0] });
  env.reset(1);
  let util = 0;
  let n = 0;
  for (let done = false; !done; n++) {
    const r = env.step(0);
    util += r.observation.utilisation;
    done = r.truncated || r.terminated;
  }
  const hw = p.hardware.rtx4090!;
  return breakEvenSampleRate({
    jobsPerHour: (hw.throughput * util) / n / p.demand.jobGpuHours,
    cheatFraction: 1,
    savingUsdPerJob: energySavedUsdPerFakedJob(
      hw,
      p.demand.jobGpuHours,
      p.regions.eu!.powerUsdPerKwh,
    ),
    slashFraction: p.verification.slashFraction,
    stakeTokens: p.staking.minStakeTokens,
    priceUsd: p.market.initialPriceUsd,
    // The environment's reward leaves jail's cost out.
    jailHours: 0,
    marginUsdPerHour: 0,
  });
}

async function trainCheaters(sampleRate: number, seed: number) {
  const env = await createEnvironment(attack, {
    agent: "cheaters",
    sets: [...STEPS, `verification.sampleRate=${sampleRate}`],
    actions: FRACTIONS,
  });
  // One state (a bandit), myopic: the reward of an interval is the profit of that interval.
  return trainQLearning(env, { episodes: 8, seed, learner: { gamma: 0, alpha: 0.2 } });
}

describe("Q-learning cheaters converge to the closed-form best response", () => {
  it("fakes every job at a third of ρ* and none at three times ρ*", async () => {
    const star = await breakEven();
    expect(star).toBeGreaterThan(1e-4);
    expect(star).toBeLessThan(4e-4);
    const weak = await trainCheaters(star / 3, 5);
    const strong = await trainCheaters(star * 3, 5);
    const obs = { step: 0 };
    expect(FRACTIONS[weak.learner.greedy(obs)]).toBe(1);
    expect(FRACTIONS[strong.learner.greedy(obs)]).toBe(0);
    // Q values order as the closed form's profits: increasing in f below ρ*, decreasing above.
    const [w0, wHalf, w1] = weak.learner.values(obs);
    expect(w0).toBe(0);
    expect(w1!).toBeGreaterThan(wHalf!);
    expect(wHalf!).toBeGreaterThan(0);
    const [s0, sHalf, s1] = strong.learner.values(obs);
    expect(s0).toBe(0);
    expect(sHalf!).toBeLessThan(0);
    expect(s1!).toBeLessThan(0);
    // The curve's last greedy choice is the best response.
    expect(weak.curve.at(-1)!.greedyActionValue).toBe(1);
    expect(strong.curve.at(-1)!.greedyActionValue).toBe(0);
  }, 120_000);
});

describe("Q-learning speculator", () => {
  it("on a falling price path, learns to sell and beats holding on an unseen seed", async () => {
    const env = await createEnvironment(attack, {
      agent: "speculator",
      sets: [...STEPS, "emission.tokensPerEpoch=30000", "providers.cheaterShare=0"],
    });
    const { learner } = trainQLearning(env, {
      episodes: 10,
      seed: 3,
      learner: { bins: { priceReturn: [0] } },
    });
    const values = env.actionSpace.values;
    const hold = evaluatePolicy(env, () => values.indexOf(0), 99);
    // The path does fall: holding loses.
    expect(hold.last.priceUsd).toBeLessThan(0.95);
    expect(hold.return).toBeLessThan(0);
    const greedy = evaluatePolicy(env, (o) => learner.greedy(o), 99);
    expect(greedy.return).toBeGreaterThan(hold.return + 0.5 * Math.abs(hold.return));
    // In the falling state it sells.
    expect(values[learner.greedy({ priceReturn: -0.01 })]).toBeLessThan(0);
  }, 120_000);
});

describe("determinism and bad settings", () => {
  it("the same seed gives the same learning curve and table, bit for bit; another seed another", async () => {
    const env = await createEnvironment(attack, {
      agent: "cheaters",
      sets: ["sim.steps=72", "verification.sampleRate=0.0005"],
      actions: FRACTIONS,
    });
    const a = trainQLearning(env, { episodes: 3, seed: 21 });
    const b = trainQLearning(env, { episodes: 3, seed: 21 });
    const c = trainQLearning(env, { episodes: 3, seed: 22 });
    expect(JSON.stringify(a.curve)).toBe(JSON.stringify(b.curve));
    expect(Buffer.from(a.learner.q.buffer).equals(Buffer.from(b.learner.q.buffer))).toBe(true);
    expect(JSON.stringify(a.curve)).not.toBe(JSON.stringify(c.curve));
  }, 120_000);

  it("refuses bad learner settings with the reason", () => {
    const keys = ["priceUsd", "priceReturn"];
    expect(() => new QLearner(3, keys, { alpha: 1.5 })).toThrow(
      /alpha must be a number in \[0, 1\], not 1.5/,
    );
    expect(() => new QLearner(0, keys)).toThrow(/nActions must be a whole number ≥ 1, not 0/);
    expect(() => new QLearner(3, keys, { bins: { price: [1] } })).toThrow(
      /bins: 'price' is not an observation key \(priceUsd, priceReturn\)/,
    );
    expect(() => new QLearner(3, keys, { bins: { priceUsd: [2, 1] } })).toThrow(EnvironmentError);
    const q = new QLearner(2, keys, { bins: { priceReturn: [0] }, alpha: 0.5, gamma: 0 });
    expect(q.states).toBe(2);
    expect(() => q.learn({ priceReturn: 0 }, 0, Number.NaN, { priceReturn: 0 }, true)).toThrow(
      /reward must be a finite number/,
    );
    // Step size max(α, 1/n): the first update takes the target, the second halves the gap.
    q.learn({ priceReturn: -1 }, 1, 4, { priceReturn: 0 }, true);
    expect(q.values({ priceReturn: -1 })).toEqual([0, 4]);
    q.learn({ priceReturn: -1 }, 1, 0, { priceReturn: 0 }, true);
    expect(q.values({ priceReturn: -1 })).toEqual([0, 2]);
    expect(q.values({ priceReturn: 1 })).toEqual([0, 0]);
    expect(Array.from(q.visits)).toEqual([0, 2, 0, 0]);
  });
});
