import type { RunSummary } from "../pipeline/run.ts";
import { Simulation } from "../pipeline/simulation.ts";
import { componentRng, type Rng } from "../rng/source.ts";
import { Status } from "../state/providers.ts";
import type { World } from "../state/world.ts";
import { joinNetwork, leaveNetwork, stillOn } from "./moves.ts";
import { initialOwners, OUTSIDE, type OwnerPopulation } from "./owners.ts";
import type { ResolvedStudy } from "./resolve.ts";
import {
  type ClassFigures,
  classFigures,
  moveGain,
  NetworkReturns,
  outsideReturn,
} from "./returns.ts";

/** One per-step column of `networks.arrow`: name, unit, meaning. */
export interface CompeteColumn {
  readonly name: string;
  readonly unit: string;
  readonly description: string;
}

/** Options of a {@link Competition}. */
export interface CompetitionOptions {
  /** Root seed; network k runs on (seed, run index k). */
  seed: number;
  /** Called with network k's world after each of its steps (its `steps.arrow` row). */
  record?: (k: number, w: World) => void;
  /** Audit every network's provider columns after every step (see `Simulation`); for tests. */
  auditEveryStep?: boolean;
}

/** Counts of owners' moves over a run. */
export interface MoveCounts {
  /** Moves by owners' choice (network to network, to or from the outside option). */
  moves: number;
  /** GPUs taken off a network by that network's own exit rule (to the outside option). */
  networkExits: number;
  /** Moves into each network, in the study's order, then into the outside option. */
  movesIn: number[];
}

/**
 * Two or more networks stepped in lock-step, one {@link Simulation} each, sharing
 * one population of GPU owners ({@link OwnerPopulation}). Every
 * `owners.decisionEveryHours` (once every network has finished an epoch) each
 * owner reconsiders with probability `owners.reviewShare` and moves its GPU to
 * the place (network or outside option) with the largest positive
 * {@link moveGain} over its horizon, net of the switching cost and downtime.
 * Deterministic given the seed: the owners' draws come from their own streams
 * (`networks/owners`, `networks/join`), one per owner per decision point.
 */
export class Competition {
  /** The networks' runs, in the study's order. */
  readonly sims: readonly Simulation[];
  /** The shared owners. */
  readonly owners: OwnerPopulation;
  /** Per-step columns of `networks.arrow`, in order (`step` first). */
  readonly columns: readonly CompeteColumn[];
  /** The recorded values, one array per column, one entry per step simulated. */
  readonly values: Float64Array[];
  /** Moves so far. */
  readonly counts: MoveCounts;
  /** The network whose invariant stopped the study, and the violation. */
  failure: { network: string; failure: NonNullable<RunSummary["failure"]> } | undefined;
  private readonly worlds: readonly World[];
  private readonly returns: readonly NetworkReturns[];
  private readonly figures: ClassFigures;
  private readonly ownerRng: Rng;
  private readonly joinRng: Rng;
  /** Owners per place: index 0 the outside option, k + 1 network k. */
  private readonly at: Float64Array;
  /** Mean expected return per place over all owners at the last decision (USD per GPU-hour). */
  private readonly meanReturn: Float64Array;
  private readonly stepMovesIn: Float64Array;
  private stepMoves = 0;
  private stepExits = 0;
  private next = 0;

  constructor(
    readonly study: ResolvedStudy,
    opts: CompetitionOptions,
  ) {
    const record = opts.record;
    const audit = opts.auditEveryStep === true;
    this.sims = study.networks.map(
      (n, k) =>
        new Simulation(
          { scenario: n.scenario, params: n.params, seed: opts.seed, runIndex: k },
          record
            ? {
                auditEveryStep: audit,
                record: (w) => {
                  record(k, w);
                  return false;
                },
              }
            : { auditEveryStep: audit },
        ),
    );
    this.worlds = this.sims.map((s) => s.world);
    this.ownerRng = componentRng(opts.seed, 0, "networks/owners");
    this.joinRng = componentRng(opts.seed, 0, "networks/join");
    this.owners = initialOwners(
      this.worlds,
      study.classNames,
      study.regionNames,
      study.owners.outsideInitial,
      this.ownerRng,
    );
    this.returns = this.worlds.map(
      (w) =>
        new NetworkReturns(
          w,
          study.regionNames.map((r) => w.regionNames.indexOf(r)),
          study.owners.returnWindowDecisions,
        ),
    );
    this.figures = classFigures(this.worlds[0]!, study.classNames);
    const K = study.networks.length;
    this.at = new Float64Array(K + 1);
    for (let o = 0; o < this.owners.size; o++) this.at[this.owners.loc[o]! + 1]!++;
    this.meanReturn = new Float64Array(K + 1).fill(Number.NaN);
    this.stepMovesIn = new Float64Array(K + 1);
    this.counts = { moves: 0, networkExits: 0, movesIn: new Array<number>(K + 1).fill(0) };
    const cols: CompeteColumn[] = [
      { name: "step", unit: "steps", description: "step number (0-based)" },
    ];
    const place = (name: string, what: string) => {
      cols.push(
        { name: `${name}.owners`, unit: "GPUs", description: `GPUs ${what} (onboarding included)` },
        {
          name: `${name}.returnUsdPerGpuHour`,
          unit: "USD per GPU-hour",
          description: `mean over all owners of the expected return ${what}, net of power, at the last decision point (NaN before the first)`,
        },
        {
          name: `${name}.movesIn`,
          unit: "GPUs",
          description: `owners' moves ${what.replace("on", "onto")} in the step`,
        },
      );
    };
    for (const n of study.networks) {
      place(n.name, `on network ${n.name}`);
      cols.push(
        {
          name: `${n.name}.active`,
          unit: "providers",
          description: `active providers of ${n.name}`,
        },
        {
          name: `${n.name}.priceUsd`,
          unit: "USD per token",
          description: `${n.name}'s token price (AMM)`,
        },
      );
    }
    place("outside", "on the outside option (cloud rental)");
    cols.push(
      { name: "moves", unit: "GPUs", description: "owners' moves in the step (by choice)" },
      {
        name: "networkExits",
        unit: "GPUs",
        description:
          "GPUs a network's own exit rule took off it in the step (to the outside option)",
      },
    );
    this.columns = cols;
    this.values = cols.map(() => new Float64Array(study.steps));
  }

  /** Steps simulated in every network so far. */
  get stepsCompleted(): number {
    return this.next;
  }

  /** True after the last step, or once an invariant stopped one of the networks. */
  get done(): boolean {
    return this.failure !== undefined || this.next >= this.study.steps;
  }

  /** Simulates the next step in every network, then lets owners decide at a decision point. */
  advance(): void {
    const step = this.next;
    this.stepMovesIn.fill(0);
    this.stepMoves = 0;
    this.stepExits = 0;
    for (let k = 0; k < this.sims.length; k++) {
      const sim = this.sims[k]!;
      sim.advance();
      if (sim.failure) {
        this.failure = { network: this.study.networks[k]!.name, failure: sim.failure };
        return;
      }
    }
    this.next++;
    const decisionPoint = (step + 1) % this.study.decisionEverySteps === 0;
    if (
      decisionPoint &&
      this.next < this.study.steps &&
      this.worlds.every((w) => w.epochsCompleted > 0)
    )
      this.decide();
    this.recordRow(step);
  }

  /** Runs every step and returns each network's summary (see `Simulation.finish`). */
  runToEnd(): RunSummary[] {
    while (!this.done) this.advance();
    return this.finish();
  }

  /** Ends every network's run; returns their summaries in the study's order. */
  finish(): RunSummary[] {
    return this.sims.map((s) => s.finish());
  }

  /** Owners per place now: the outside option first, then each network. */
  placeCounts(): { outside: number; networks: number[] } {
    return { outside: this.at[0]!, networks: Array.from(this.at.subarray(1)) };
  }

  private decide(): void {
    const pop = this.owners;
    const worlds = this.worlds;
    const st = this.study;
    const K = worlds.length;
    const rules = st.owners;
    for (const r of this.returns) r.observe();
    for (let o = 0; o < pop.size; o++) {
      if (pop.loc[o] !== OUTSIDE && !stillOn(pop, worlds, o)) {
        this.at[pop.loc[o]! + 1]!--;
        this.at[0]!++;
        pop.loc[o] = OUTSIDE;
        pop.slot[o] = -1;
        this.stepExits++;
        this.counts.networkExits++;
      }
    }
    const expected = new Float64Array(K + 1);
    const downtime = new Float64Array(K + 1);
    downtime[0] = rules.downtimeDays;
    for (let k = 0; k < K; k++)
      downtime[k + 1] =
        rules.downtimeDays + (worlds[k]!.params.economics.onboardingSteps * st.stepHours) / 24;
    const downtimeSteps = Math.round((rules.downtimeDays * 24) / st.stepHours);
    const sums = new Float64Array(K + 1);
    for (let o = 0; o < pop.size; o++) {
      const c = pop.hwClass[o]!;
      const r = pop.region[o]!;
      const pi = pop.powerPrice[o]!;
      expected[0] = outsideReturn(st.outside, st.classNames[c]!, this.figures, c, pi);
      for (let k = 0; k < K; k++)
        expected[k + 1] = this.returns[k]!.expected(this.figures, c, r, pi);
      for (let k = 0; k <= K; k++) sums[k]! += expected[k]!;
      // One draw per owner per decision point, whether it reviews or not.
      if (this.ownerRng.next() >= rules.reviewShare) continue;
      const here = pop.loc[o]! + 1;
      let best = here;
      let bestGain = 0;
      for (let k = 0; k <= K; k++) {
        if (k === here) continue;
        const gain = moveGain(
          expected[here]!,
          expected[k]!,
          rules.horizonDays,
          downtime[k]!,
          rules.switchCostUsd,
        );
        if (gain > bestGain) {
          bestGain = gain;
          best = k;
        }
      }
      if (best === here) continue;
      leaveNetwork(pop, worlds, o, this.next);
      this.at[here]!--;
      let to = 0;
      if (best > 0) {
        const joined = joinNetwork(
          pop,
          worlds[best - 1]!,
          best - 1,
          o,
          st.classNames,
          st.regionNames,
          this.next,
          downtimeSteps,
          this.joinRng,
        );
        if (joined) to = best;
      }
      this.at[to]!++;
      if (to === here) continue;
      this.stepMoves++;
      this.counts.moves++;
      this.stepMovesIn[to]!++;
      this.counts.movesIn[to === 0 ? K : to - 1]!++;
    }
    for (let k = 0; k <= K; k++) this.meanReturn[k] = pop.size > 0 ? sums[k]! / pop.size : 0;
  }

  private recordRow(step: number): void {
    const v = this.values;
    let c = 0;
    v[c++]![step] = step;
    const K = this.worlds.length;
    for (let k = 0; k < K; k++) {
      const w = this.worlds[k]!;
      v[c++]![step] = this.at[k + 1]!;
      v[c++]![step] = this.meanReturn[k + 1]!;
      v[c++]![step] = this.stepMovesIn[k + 1]!;
      v[c++]![step] = w.roster.statusCounts[Status.Active]!;
      v[c++]![step] = w.amm.price;
    }
    v[c++]![step] = this.at[0]!;
    v[c++]![step] = this.meanReturn[0]!;
    v[c++]![step] = this.stepMovesIn[0]!;
    v[c++]![step] = this.stepMoves;
    v[c++]![step] = this.stepExits;
  }
}
