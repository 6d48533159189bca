import type { NetworkParams } from "../params/network.ts";
import { DEFAULT_PHASES } from "../pipeline/phases.ts";
import type { RunSummary } from "../pipeline/run.ts";
import { Simulation } from "../pipeline/simulation.ts";
import { sweepRunSeed } from "../rng/seed.ts";
import { loadScenario, type PhaseEntry, resolveParams, type Scenario } from "../scenario.ts";
import type { AgentClass, AgentEpisode } from "./agents/agentClass.ts";
import { type CheaterObservation, cheaterAgent } from "./agents/cheaters.ts";
import {
  type SpeculatorObservation,
  type SpeculatorOptions,
  speculatorAgent,
} from "./agents/speculator.ts";
import { EnvironmentError } from "./errors.ts";
import { type MarketObservation, marketObservation } from "./observation.ts";
import { actionValue, type DiscreteSpace } from "./spaces.ts";

/** The agent classes an environment can hand to a learner. */
export const AGENT_CLASSES = ["cheaters", "speculator"] as const;
/** One of {@link AGENT_CLASSES}. */
export type AgentName = (typeof AGENT_CLASSES)[number];

/** Observation of each agent class. */
export interface ObservationOf {
  cheaters: CheaterObservation;
  speculator: SpeculatorObservation;
}

/** Options of {@link createEnvironment}. */
export interface EnvironmentOptions<A extends AgentName = AgentName> {
  /** The agent class the learner drives. */
  agent: A;
  /** Parameter overrides, `key=value` by dotted path (as `--set`). */
  sets?: readonly string[];
  /** Root seed (default 42): episode k without an explicit seed runs on `sweepRunSeed(seed, 0, k)`. */
  seed?: number;
  /** Steps simulated per `step()` (default: the scenario's `sim.epochSteps`). */
  decisionEverySteps?: number;
  /** The action values (default: the agent class's; see its doc). */
  actions?: readonly number[];
  /** The speculator's starting wealth (agent "speculator" only). */
  speculator?: SpeculatorOptions;
}

/** What the run says beside the observation after a `step()`. */
export interface StepInfo {
  /** Steps simulated so far in the episode. */
  stepsCompleted: number;
  /** The action's value, as the agent class applied it. */
  actionValue: number;
  /** The invariant that stopped the run, when one did (`terminated`). */
  failure?: RunSummary["failure"];
  /** The agent class's figures for the interval (e.g. energy saved, USD traded). */
  figures: Record<string, number>;
}

/** The result of one `step()`, as in Gymnasium. */
export interface StepResult<O> {
  observation: O;
  /** The agent's reward for the interval (unit: the agent class's `rewardUnit`). */
  reward: number;
  /** The run ended early: an invariant stopped it. */
  terminated: boolean;
  /** The run reached its last step (`sim.steps`): the time limit. */
  truncated: boolean;
  info: StepInfo;
}

/**
 * A Gymnasium-style environment over one scenario: `reset(seed)` starts an
 * episode (one run) and returns the first observation; `step(action)` applies
 * the action, simulates `decisionEverySteps` steps and returns the observation,
 * the reward and whether the episode ended. One agent class is driven; the rest
 * of the network runs as the scenario says. The agent class acts through phases
 * it inserts into the pipeline (moving tokens only through the ledger, drawing
 * no random numbers), so the same seed and actions give the same episode, bit
 * for bit.
 */
export class Environment<O extends MarketObservation> {
  /** The action space: integer actions `0..n−1`, each applying `values[a]`. */
  readonly actionSpace: DiscreteSpace;
  /** The observation's named numbers, in order. */
  readonly observationKeys: readonly (keyof O & string)[];
  /** Steps simulated per `step()`. */
  readonly decisionEverySteps: number;
  private readonly rootSeed: number;
  private sim: Simulation | undefined;
  private ep: AgentEpisode<O> | undefined;
  private resets = 0;
  private priceThen = 0;
  private seedNow = 0;

  constructor(
    /** The scenario, as it runs without the agent's phases. */
    readonly scenario: Scenario,
    /** The run's parameters. */
    readonly params: NetworkParams,
    /** The agent class driven. */
    readonly agent: AgentClass<O>,
    opts: { seed?: number; decisionEverySteps?: number } = {},
  ) {
    this.actionSpace = agent.actionSpace;
    this.observationKeys = agent.observationKeys;
    const every = opts.decisionEverySteps ?? params.sim.epochSteps;
    if (!(Number.isInteger(every) && every >= 1))
      throw new EnvironmentError(
        `decisionEverySteps must be a whole number of steps ≥ 1, not ${String(every)}`,
      );
    this.decisionEverySteps = every;
    this.rootSeed = checkSeed(opts.seed ?? 42);
  }

  /**
   * Starts an episode: a fresh run of the scenario with the agent's phases, at
   * `seed` (without one, the k-th reset uses `sweepRunSeed(rootSeed, 0, k)`).
   * Returns the observation before the first step.
   */
  reset(seed?: number): O {
    this.seedNow =
      seed === undefined ? sweepRunSeed(this.rootSeed, 0, this.resets) : checkSeed(seed);
    this.resets++;
    const ep = this.agent.episode();
    const scenario: Scenario = {
      ...this.scenario,
      phases: withAgentPhases(this.scenario, ep),
    };
    this.sim = new Simulation({ scenario, params: this.params, seed: this.seedNow });
    this.ep = ep;
    const w = this.sim.world;
    this.priceThen = w.amm.price;
    ep.takeReward(w);
    return ep.observe(w, marketObservation(w, 0, this.priceThen));
  }

  /**
   * Applies action `a` (an integer index into `actionSpace.values`) and simulates
   * `decisionEverySteps` steps (fewer at the end of the run). An action outside
   * the space, a step before `reset` or after the episode ended is an
   * {@link EnvironmentError}.
   */
  step(a: number): StepResult<O> {
    const sim = this.sim;
    const ep = this.ep;
    if (!sim || !ep) throw new EnvironmentError("step() before reset(): call reset(seed) first");
    if (sim.done)
      throw new EnvironmentError(
        `step() after the episode ended (${sim.failure ? `invariant '${sim.failure.invariant}' failed` : `all ${sim.steps} steps done`}): call reset()`,
      );
    const value = actionValue(this.actionSpace, a);
    ep.act(value);
    for (let k = 0; k < this.decisionEverySteps && !sim.done; k++) sim.advance();
    const w = sim.world;
    const reward = ep.takeReward(w);
    const observation = ep.observe(w, marketObservation(w, sim.stepsCompleted, this.priceThen));
    this.priceThen = w.amm.price;
    const terminated = sim.failure !== undefined;
    const info: StepInfo = {
      stepsCompleted: sim.stepsCompleted,
      actionValue: value,
      figures: ep.info(),
    };
    if (sim.failure) info.failure = sim.failure;
    return { observation, reward, terminated, truncated: !terminated && sim.done, info };
  }

  /** The seed of the current episode. */
  get seed(): number {
    return this.seedNow;
  }

  /** The current episode's simulation (its world, columns), after `reset`. */
  get simulation(): Simulation | undefined {
    return this.sim;
  }

  /** Ends the current episode and returns its run summary (as `runScenario`'s). */
  finish(): RunSummary {
    if (!this.sim) throw new EnvironmentError("finish() before reset(): no episode to finish");
    return this.sim.finish();
  }
}

function checkSeed(seed: number): number {
  if (!(Number.isInteger(seed) && seed >= 0 && seed < 2 ** 53))
    throw new EnvironmentError(`seed must be a whole number ≥ 0, not ${String(seed)}`);
  return seed;
}

const entryName = (e: PhaseEntry) => (typeof e === "string" ? e : e.name);

/** The scenario's pipeline with the agent's phases inserted where they ask. */
function withAgentPhases<O extends MarketObservation>(
  scenario: Scenario,
  ep: AgentEpisode<O>,
): PhaseEntry[] {
  const out: PhaseEntry[] = [...(scenario.phases ?? DEFAULT_PHASES)];
  for (const { entry, at } of ep.phases) {
    if (at === "start") {
      out.unshift(entry);
      continue;
    }
    const i = out.findIndex((e) => entryName(e) === at.after);
    if (i < 0)
      throw new EnvironmentError(
        `${scenario.name}: phase '${entryName(entry)}' goes after '${at.after}', which is not in the pipeline (${out.map(entryName).join(", ")})`,
      );
    out.splice(i + 1, 0, entry);
  }
  return out;
}

/**
 * Creates an environment over a scenario (a bundled name, a file path or a
 * scenario object) in which a learner drives one agent class (see
 * {@link AGENT_CLASSES}). Bad parameters, an unknown agent class or one the
 * scenario cannot host are refused here, before any step.
 *
 * ```ts
 * const env = await createEnvironment("cheating-attack", { agent: "cheaters", seed: 7 });
 * let obs = env.reset();
 * for (let done = false; !done; ) {
 *   const r = env.step(obs.catches > 0 ? 0 : env.actionSpace.n - 1);
 *   obs = r.observation;
 *   done = r.terminated || r.truncated;
 * }
 * ```
 */
export async function createEnvironment<A extends AgentName>(
  scenario: string | Scenario,
  opts: EnvironmentOptions<A>,
): Promise<Environment<ObservationOf[A]>> {
  const s = typeof scenario === "string" ? await loadScenario(scenario) : scenario;
  return environmentFor(s, resolveParams(s, opts.sets ?? []), opts);
}

/** {@link createEnvironment} for a loaded scenario and resolved parameters (synchronous). */
export function environmentFor<A extends AgentName>(
  scenario: Scenario,
  params: NetworkParams,
  opts: EnvironmentOptions<A>,
): Environment<ObservationOf[A]> {
  const agent = agentClass(opts.agent, params, opts) as unknown as AgentClass<ObservationOf[A]>;
  return new Environment(scenario, params, agent, {
    ...(opts.seed !== undefined ? { seed: opts.seed } : {}),
    ...(opts.decisionEverySteps !== undefined
      ? { decisionEverySteps: opts.decisionEverySteps }
      : {}),
  });
}

function agentClass(
  name: AgentName,
  params: NetworkParams,
  opts: EnvironmentOptions,
): AgentClass<CheaterObservation> | AgentClass<SpeculatorObservation> {
  if (name === "cheaters") return cheaterAgent(params, opts.actions);
  if (name === "speculator") return speculatorAgent(params, opts.actions, opts.speculator);
  throw new EnvironmentError(
    `unknown agent class '${String(name)}': one of ${AGENT_CLASSES.join(", ")}`,
  );
}
