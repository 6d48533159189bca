/**
 * The step-wise environment (issue 22): Gymnasium-style reset/step over a
 * scenario, driving one agent class through phases it inserts into the
 * pipeline. Driven with the action that leaves the scenario as it is, an
 * episode is the plain run bit for bit; bad use is a clear error.
 */
import { describe, expect, it } from "vitest";
import { createEnvironment, environmentFor } from "../../engine/env/environment.ts";
import { EnvironmentError } from "../../engine/env/errors.ts";
import { Simulation } from "../../engine/pipeline/simulation.ts";
import { resolveParams } from "../../engine/scenario.ts";
import { scenario as attack } from "../../scenarios/cheating-attack.ts";

const SETS = ["sim.steps=96"];

/** Drives an environment with one action to the end; returns the rewards. */
function drive(
  env: { step(a: number): { reward: number; terminated: boolean; truncated: boolean } },
  a: number,
) {
  const rewards: number[] = [];
  for (;;) {
    const r = env.step(a);
    rewards.push(r.reward);
    if (r.terminated || r.truncated) return rewards;
  }
}

describe("createEnvironment", () => {
  it("with the passive action, an episode is the plain run, bit for bit", async () => {
    const params = resolveParams(attack, SETS);
    const plain = new Simulation({ scenario: attack, params, seed: 11 });
    while (!plain.done) plain.advance();
    const expected = plain.finish();
    for (const agent of ["cheaters", "speculator"] as const) {
      const env = environmentFor(attack, params, {
        agent,
        ...(agent === "cheaters" ? { actions: [0, 0.5, 1] } : {}),
      });
      const passive = env.agent.passiveAction;
      expect(passive).toBeDefined();
      env.reset(11);
      drive(env, passive!);
      const got = env.finish();
      expect(got.headline).toEqual(expected.headline);
      expect(env.simulation!.world.ledger.accounts).toEqual(plain.world.ledger.accounts);
    }
  });

  it("steps by the decision interval and reports time limit as truncated", async () => {
    const env = await createEnvironment(attack, {
      agent: "cheaters",
      sets: SETS,
      decisionEverySteps: 40,
    });
    const first = env.reset(3);
    expect(first).toMatchObject({
      step: 0,
      priceReturn: 0,
      utilisation: 0,
      catches: 0,
      profitUsd: 0,
    });
    expect(Object.keys(first)).toEqual(env.observationKeys);
    const a = env.step(4);
    expect(a.observation.step).toBe(40);
    expect(a.truncated).toBe(false);
    expect(a.observation.cheatFraction).toBe(1);
    expect(a.info.actionValue).toBe(1);
    // Faking every job saves energy: positive reward unless a catch outweighs it.
    expect(a.info.figures.energySavedUsd).toBeGreaterThan(0);
    expect(a.reward).toBeCloseTo(a.info.figures.energySavedUsd! - a.info.figures.slashedUsd!, 6);
    env.step(0);
    const last = env.step(0);
    expect(last.observation.step).toBe(96);
    expect(last.truncated).toBe(true);
    expect(last.terminated).toBe(false);
    // Honest from step 40 on: nothing saved in the last interval.
    expect(last.info.figures.energySavedUsd).toBe(0);
  });

  it("the speculator's reward is the change of its marked-to-market wealth", async () => {
    const env = await createEnvironment(attack, { agent: "speculator", sets: SETS });
    const o0 = env.reset(5);
    expect(o0.wealthUsd).toBeCloseTo(20_000, 6);
    const r = env.step(2); // spend half its USD on tokens
    expect(r.observation.usd).toBeCloseTo(5_000, 6);
    expect(r.observation.tokens).toBeGreaterThan(o0.tokens);
    expect(r.reward).toBeCloseTo(r.observation.wealthUsd - o0.wealthUsd, 6);
    expect(r.info.figures.tradedUsd).toBeCloseTo(5_000, 6);
    const r2 = env.step(1);
    expect(r2.reward).toBeCloseTo(r2.observation.wealthUsd - r.observation.wealthUsd, 6);
    expect(r2.observation.profitUsd).toBeCloseTo(r2.observation.wealthUsd - 20_000, 6);
  });

  it("the same seed and actions give the same episode; another seed another", async () => {
    const env = await createEnvironment(attack, {
      agent: "cheaters",
      sets: [...SETS, "verification.sampleRate=0.002"],
    });
    const run = (seed: number) => {
      env.reset(seed);
      return drive(env, 4);
    };
    expect(run(1)).toEqual(run(1));
    expect(run(1)).not.toEqual(run(2));
    // Without a seed, the k-th reset runs on a derived seed: reproducible across environments.
    const again = await createEnvironment(attack, { agent: "cheaters", sets: SETS, seed: 9 });
    const other = await createEnvironment(attack, { agent: "cheaters", sets: SETS, seed: 9 });
    again.reset();
    other.reset();
    expect(again.seed).toBe(other.seed);
    expect(drive(again, 2)).toEqual(drive(other, 2));
  });
});

describe("bad use is a clear error", () => {
  it("refuses actions outside the space, steps before reset and after the end", async () => {
    const env = await createEnvironment(attack, { agent: "cheaters", sets: SETS, actions: [0, 1] });
    expect(() => env.step(0)).toThrow(/step\(\) before reset\(\)/);
    env.reset(1);
    for (const bad of [2, -1, 0.5, Number.NaN, "1" as unknown as number]) {
      expect(() => env.step(bad)).toThrow(EnvironmentError);
    }
    expect(() => env.step(2)).toThrow(
      /action 2 is not in the action space: an integer 0\.\.1 \(values 0, 1 cheat fraction\)/,
    );
    drive(env, 0);
    expect(() => env.step(0)).toThrow(
      /after the episode ended \(all 96 steps done\): call reset\(\)/,
    );
  });

  it("refuses agent classes the scenario cannot host, and bad options", async () => {
    await expect(createEnvironment(attack, { agent: "trader" as "cheaters" })).rejects.toThrow(
      /unknown agent class 'trader': one of cheaters, speculator/,
    );
    await expect(
      createEnvironment(attack, { agent: "cheaters", sets: ["providers.cheatStrategy=adaptive"] }),
    ).rejects.toThrow(/cheatStrategy is 'adaptive'/);
    await expect(
      createEnvironment(attack, { agent: "cheaters", sets: ["providers.cheaterShare=0"] }),
    ).rejects.toThrow(/no cheaters to drive/);
    await expect(
      createEnvironment(attack, { agent: "cheaters", actions: [0, 1.5] }),
    ).rejects.toThrow(/action value 1.5 is not a number in \[0, 1\]/);
    await expect(createEnvironment(attack, { agent: "speculator", actions: [] })).rejects.toThrow(
      /non-empty list/,
    );
    await expect(
      createEnvironment(attack, { agent: "cheaters", decisionEverySteps: 0 }),
    ).rejects.toThrow(/decisionEverySteps must be a whole number of steps ≥ 1, not 0/);
    const env = await createEnvironment(attack, { agent: "cheaters", sets: SETS });
    expect(() => env.reset(-1)).toThrow(/seed must be a whole number ≥ 0, not -1/);
    const noVerification = {
      ...attack,
      phases: ["demand", "matching", "service", "settlement", "market"],
    };
    const e2 = await createEnvironment(noVerification, { agent: "cheaters", sets: SETS });
    expect(() => e2.reset(1)).toThrow(/goes after 'verification', which is not in the pipeline/);
  });
});
