import type { PhaseEntry } from "../../scenario.ts";
import type { World } from "../../state/world.ts";
import type { MarketObservation } from "../observation.ts";
import type { DiscreteSpace } from "../spaces.ts";

/**
 * One episode's controller of an agent class: the phases it inserts into the
 * pipeline share it, the environment sets the action and reads the reward.
 */
export interface AgentEpisode<O extends MarketObservation> {
  /**
   * The phases to insert, and where: first in the pipeline (`"start"`) or right
   * after the named phase (which must be in the scenario's pipeline).
   */
  readonly phases: readonly {
    readonly entry: PhaseEntry;
    readonly at: "start" | { readonly after: string };
  }[];
  /** Sets the action value the phases apply from the next step on. */
  act(value: number): void;
  /** The reward since the last call (its unit is the class's), and starts the next interval. */
  takeReward(w: World): number;
  /** The agent's part of the observation, added to the network's. */
  observe(w: World, market: MarketObservation): O;
  /** Figures of the last interval for `info` (named numbers). */
  info(): Record<string, number>;
}

/** An agent class an external learner can drive. */
export interface AgentClass<O extends MarketObservation> {
  /** Its name in `createEnvironment({ agent })` and `tokensim learn --agent`. */
  readonly name: string;
  /** What it is, its action and its reward, in one line. */
  readonly description: string;
  /** The reward's unit. */
  readonly rewardUnit: string;
  /** The action space (values configurable per environment). */
  readonly actionSpace: DiscreteSpace;
  /** The observation's keys, in order (for discretising learners and tables). */
  readonly observationKeys: readonly (keyof O & string)[];
  /** The action index that leaves the run as the scenario would run it (for baselines). */
  readonly passiveAction: number | undefined;
  /** A fresh controller for one episode. */
  episode(): AgentEpisode<O>;
}
