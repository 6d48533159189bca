import { componentRng, type Rng } from "../../rng/source.ts";
import { EnvironmentError } from "../errors.ts";
import { Discretiser } from "./discretiser.ts";

/** Settings of {@link QLearner} (defaults in brackets). */
export interface QLearningOptions {
  /**
   * Learning rate α (0.1): the step size of the n-th update of a (state, action)
   * is `max(α, 1/n)`, a sample average until `1/n` falls to α, then constant.
   */
  alpha?: number;
  /** Discount γ per decision (0.9). */
  gamma?: number;
  /** Exploration rate ε at the start (0.2): the share of random actions. */
  epsilon?: number;
  /** ε is multiplied by this after each episode (0.9). */
  epsilonDecay?: number;
  /** ε never falls below this (0.02). */
  epsilonMin?: number;
  /** Bin edges per observation key (none: one state, a bandit). */
  bins?: Readonly<Record<string, readonly number[]>>;
}

const DEFAULTS = {
  alpha: 0.1,
  gamma: 0.9,
  epsilon: 0.2,
  epsilonDecay: 0.9,
  epsilonMin: 0.02,
} as const;

function rate(name: string, v: number, max = 1): number {
  if (!(Number.isFinite(v) && v >= 0 && v <= max))
    throw new EnvironmentError(`${name} must be a number in [0, ${max}], not ${String(v)}`);
  return v;
}

/**
 * Tabular Q-learning (Watkins 1989; Sutton & Barto, *Reinforcement Learning*,
 * 2nd ed., §6.5) over a discretised observation, with ε-greedy exploration:
 * `Q(s,a) ← Q(s,a) + α_n·(r + γ·max_a' Q(s',a') − Q(s,a))` (no bootstrap at the
 * episode's end), with step size `α_n = max(α, 1/n)` at the n-th update of
 * (s, a): a sample average at first (§2.4), so that an action tried a few times
 * is not undervalued against one tried often, then a constant α (§2.5), which
 * keeps tracking a reward that drifts as the network changes. Its random numbers (exploration, ties) come from one stream
 * derived from the seed as a run's streams are (`componentRng(seed, 0,
 * "env/learner")`), so the same seed and the same rewards give the same table.
 */
export class QLearner {
  /** Q values, `[state · nActions + action]` (reward units). */
  readonly q: Float64Array;
  /** Times each (state, action) was updated. */
  readonly visits: Float64Array;
  /** The current exploration rate. */
  epsilon: number;
  private readonly alpha: number;
  private readonly gamma: number;
  private readonly decay: number;
  private readonly epsilonMin: number;
  private readonly disc: Discretiser;
  private readonly rng: Rng;

  constructor(
    /** Number of actions. */
    readonly nActions: number,
    observationKeys: readonly string[],
    opts: QLearningOptions = {},
    seed = 42,
  ) {
    if (!(Number.isInteger(nActions) && nActions >= 1))
      throw new EnvironmentError(`nActions must be a whole number ≥ 1, not ${nActions}`);
    const o = { ...DEFAULTS, ...opts };
    this.alpha = rate("alpha", o.alpha);
    this.gamma = rate("gamma", o.gamma);
    this.epsilon = rate("epsilon", o.epsilon);
    this.decay = rate("epsilonDecay", o.epsilonDecay);
    this.epsilonMin = rate("epsilonMin", o.epsilonMin);
    this.disc = new Discretiser(observationKeys, opts.bins ?? {});
    this.q = new Float64Array(this.disc.states * nActions);
    this.visits = new Float64Array(this.disc.states * nActions);
    this.rng = componentRng(seed, 0, "env/learner");
  }

  /** Number of states of the discretised observation. */
  get states(): number {
    return this.disc.states;
  }

  /** The state index of an observation. */
  state(obs: object): number {
    return this.disc.state(obs);
  }

  /** The action with the highest Q value in the observation's state (ties: at random). */
  greedy(obs: object): number {
    return this.argmax(this.state(obs));
  }

  /** ε-greedy: a random action with probability ε, else {@link greedy}. */
  act(obs: object): number {
    if (this.rng.next() < this.epsilon) return Math.floor(this.rng.next() * this.nActions);
    return this.greedy(obs);
  }

  /** One update from a transition (`done`: the episode ended, no bootstrap). */
  learn(obs: object, action: number, reward: number, next: object, done: boolean): void {
    if (!Number.isFinite(reward))
      throw new EnvironmentError(`reward must be a finite number, not ${reward}`);
    const i = this.state(obs) * this.nActions + action;
    const target = reward + (done ? 0 : this.gamma * this.maxQ(this.state(next)));
    const n = ++this.visits[i]!;
    this.q[i]! += Math.max(this.alpha, 1 / n) * (target - this.q[i]!);
  }

  /** Ends an episode: ε decays toward its floor. */
  endEpisode(): void {
    this.epsilon = Math.max(this.epsilonMin, this.epsilon * this.decay);
  }

  /** The Q values of the observation's state, one per action. */
  values(obs: object): number[] {
    const s = this.state(obs) * this.nActions;
    return Array.from(this.q.subarray(s, s + this.nActions));
  }

  private maxQ(s: number): number {
    let m = Number.NEGATIVE_INFINITY;
    for (let a = 0; a < this.nActions; a++) m = Math.max(m, this.q[s * this.nActions + a]!);
    return m;
  }

  private argmax(s: number): number {
    const base = s * this.nActions;
    let best = Number.NEGATIVE_INFINITY;
    let ties = 0;
    let pick = 0;
    for (let a = 0; a < this.nActions; a++) {
      const v = this.q[base + a]!;
      if (v > best) {
        best = v;
        pick = a;
        ties = 1;
      } else if (v === best) {
        // Reservoir choice among equal values: each tied action equally likely.
        ties++;
        if (this.rng.next() * ties < 1) pick = a;
      }
    }
    return pick;
  }
}
