import { sweepRunSeed } from "../../rng/seed.ts";
import type { Environment } from "../environment.ts";
import { EnvironmentError } from "../errors.ts";
import type { MarketObservation } from "../observation.ts";
import { QLearner, type QLearningOptions } from "./qLearning.ts";

/** One training episode's figures (a row of the learning curve). */
export interface EpisodeRecord {
  /** Episode number, from 0. */
  episode: number;
  /** The seed the episode's run used. */
  seed: number;
  /** Sum of the rewards (the agent class's reward unit). */
  return: number;
  /** Decisions taken (calls of `step`). */
  decisions: number;
  /** Mean of the applied action values over the episode. */
  meanActionValue: number;
  /** The action value the learner would take now at the episode's first observation. */
  greedyActionValue: number;
  /** Exploration rate during the episode. */
  epsilon: number;
  /** 1 when an invariant stopped the run. */
  failed: number;
}

/** A trained learner and its learning curve. */
export interface Training {
  learner: QLearner;
  curve: EpisodeRecord[];
}

/** Options of {@link trainQLearning}. */
export interface TrainOptions {
  /** Episodes (runs) to train on. */
  episodes: number;
  /** Seed of the learner's stream and of the episodes' runs (episode e: `sweepRunSeed(seed, 0, e)`). */
  seed: number;
  /** The learner's settings. */
  learner?: QLearningOptions;
  /** Called after each episode. */
  onEpisode?: (r: EpisodeRecord) => void;
}

/** The seed of training episode `e`: derived as a sweep's run seeds are. */
export const episodeSeed = (seed: number, e: number): number => sweepRunSeed(seed, 0, e);

/**
 * Trains a tabular Q-learner ({@link QLearner}) on an environment for
 * `episodes` runs, each on its own derived seed. Deterministic: the same
 * environment, options and seed give the same curve and table, bit for bit.
 */
export function trainQLearning<O extends MarketObservation>(
  env: Environment<O>,
  o: TrainOptions,
): Training {
  if (!(Number.isInteger(o.episodes) && o.episodes >= 1))
    throw new EnvironmentError(`episodes must be a whole number ≥ 1, not ${String(o.episodes)}`);
  const keys = env.observationKeys;
  const learner = new QLearner(env.actionSpace.n, keys, o.learner ?? {}, o.seed);
  const values = env.actionSpace.values;
  const curve: EpisodeRecord[] = [];
  for (let e = 0; e < o.episodes; e++) {
    const seed = episodeSeed(o.seed, e);
    const first = env.reset(seed);
    let obs = first;
    let ret = 0;
    let n = 0;
    let sumA = 0;
    let failed = 0;
    const epsilon = learner.epsilon;
    for (;;) {
      const a = learner.act(obs);
      const r = env.step(a);
      const done = r.terminated || r.truncated;
      learner.learn(obs, a, r.reward, r.observation, done);
      ret += r.reward;
      sumA += values[a]!;
      n++;
      obs = r.observation;
      if (done) {
        if (r.terminated) failed = 1;
        break;
      }
    }
    learner.endEpisode();
    const rec: EpisodeRecord = {
      episode: e,
      seed,
      return: ret,
      decisions: n,
      meanActionValue: n > 0 ? sumA / n : 0,
      greedyActionValue: values[learner.greedy(first)]!,
      epsilon,
      failed,
    };
    curve.push(rec);
    o.onEpisode?.(rec);
  }
  return { learner, curve };
}

/**
 * Runs one episode at `seed` with a policy (observation → action index) and
 * returns its summed reward and the last observation.
 */
export function evaluatePolicy<O extends MarketObservation>(
  env: Environment<O>,
  policy: (obs: O) => number,
  seed: number,
): { return: number; decisions: number; last: O } {
  let obs = env.reset(seed);
  let ret = 0;
  let n = 0;
  for (;;) {
    const r = env.step(policy(obs));
    ret += r.reward;
    n++;
    obs = r.observation;
    if (r.terminated || r.truncated) return { return: ret, decisions: n, last: obs };
  }
}
