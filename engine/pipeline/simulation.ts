import { InvariantViolation, ScenarioError } from "../errors.ts";
import { type InvariantChecker, invariantChecker } from "../invariants.ts";
import { attachMechanisms } from "../mechanisms/attach.ts";
import { genesis } from "../mechanisms/genesis.ts";
import { withMechanisms } from "../mechanisms/scenarioMechanisms.ts";
import { metricColumns } from "../metrics/columns.ts";
import { DeathSpiralDetector } from "../metrics/deathSpiral.ts";
import type { NetworkParams } from "../params/network.ts";
import type { Scenario } from "../scenario.ts";
import { Status } from "../state/providers.ts";
import { World } from "../state/world.ts";
import { version } from "../version.ts";
import { buildPhases } from "./buildPhases.ts";
import { type Column, type DeclaredOutputs, declaredOutputs } from "./outputs.ts";
import type { Phase } from "./phase.ts";
import type { RunSpec, RunSummary } from "./run.ts";

/** Key columns that precede the metrics in every row. */
const KEY_COLUMNS: readonly string[] = ["run", "point", "step"];

/** Options of a {@link Simulation}. */
export interface SimulationOptions {
  /**
   * Audit the provider columns after every step rather than at epoch ends
   * (see `checkInvariants`); slower, for tests and debugging.
   */
  auditEveryStep?: boolean;
  /**
   * Called with the world after each step to be recorded (every `recordEvery`-th
   * step, the last step, and a step an invariant stopped); returns true when the
   * caller should let its sink drain before the next step.
   */
  record?: (w: World) => boolean;
  /** Record every k-th step (default 1). */
  recordEvery?: number;
}

/**
 * One run of a scenario, one step at a time. `runSimulation` drives it to its end
 * and streams the recorded rows to Arrow; studies that act between steps (an
 * external learner, a rare-event splitting method that re-seeds a run part way)
 * drive it themselves:
 *
 * ```ts
 * const sim = new Simulation({ scenario, params, seed: 7 });
 * while (!sim.done) {
 *   // read or change sim.world here: the next step sees it
 *   sim.advance();
 * }
 * const summary = sim.finish();
 * ```
 *
 * The same spec and the same changes between steps give the same run, bit for
 * bit, as `runSimulation` (which is built on this class).
 */
export class Simulation {
  /** The run's state; phases read and write it during {@link advance}. */
  readonly world: World;
  /** The pipeline, in order. */
  readonly phases: readonly Phase[];
  /** The per-step columns: the built-in ones, then the scenario's own. */
  readonly columns: readonly Column[];
  /** The columns and outcomes the scenario and its phases declare. */
  readonly declared: DeclaredOutputs;
  /** Steps in the run (`sim.steps`). */
  readonly steps: number;
  /** The invariant that stopped the run, if one did. */
  failure: RunSummary["failure"];
  private readonly spec: RunSpec;
  private readonly opts: SimulationOptions;
  private readonly detector: DeathSpiralDetector;
  private readonly checkInvariants: InvariantChecker;
  private readonly auditEveryStep: boolean;
  private readonly recordEvery: number;
  private next = 0;
  private finished = false;
  private readonly priceStart: number;
  private readonly supplyStart: number;
  private peakPrice: number;
  private maxDrawdown = 0;
  private activePeak: number;
  private entrants = 0;
  private exits = 0;
  private arrived = 0;
  private served = 0;
  private dropped = 0;
  private revenue = 0;
  private utilSum = 0;
  private caught = 0;
  private falseFlags = 0;
  private readonly outcomes: Record<string, number> = {};

  constructor(spec: RunSpec, opts: SimulationOptions = {}) {
    this.spec = spec;
    this.opts = opts;
    const p = spec.params;
    const w = new World(p, spec.seed, spec.runIndex ?? 0);
    genesis(w);
    this.world = w;
    // The scenario's own mechanisms: state, streams, columns and invariants in this
    // world, and their phases resolved by name, also for a scenario spread with a
    // new pipeline after defineScenario (withMechanisms is idempotent).
    attachMechanisms(w, spec.scenario.mechanisms ?? []);
    this.phases = buildPhases(withMechanisms(spec.scenario), w);
    this.checkInvariants = invariantChecker(w.userMechanisms);
    this.auditEveryStep = opts.auditEveryStep === true;
    const builtIn = metricColumns(w);
    this.declared = declaredOutputs(
      spec.scenario.name,
      [spec.scenario, ...this.phases],
      [...KEY_COLUMNS, ...builtIn.map((c) => c.name)],
    );
    this.columns = [...builtIn, ...this.declared.columns];
    this.steps = p.sim.steps;
    this.detector = new DeathSpiralDetector(p.spiral);
    this.recordEvery = Math.max(1, Math.floor(opts.recordEvery ?? 1));
    this.priceStart = w.amm.price;
    this.supplyStart = w.ledger.supply;
    this.peakPrice = this.priceStart;
    this.activePeak = p.providers.initial;
  }

  /** Steps simulated without an invariant violation so far. */
  get stepsCompleted(): number {
    return this.next;
  }

  /** True after the last step, or after an invariant stopped the run. */
  get done(): boolean {
    return this.failure !== undefined || this.next >= this.steps;
  }

  /**
   * Simulates the next step: the phases, the clock, the death-spiral detector, the
   * row (when recorded) and the invariants. An invariant violation ends the run
   * (see {@link failure}); other errors propagate. Returns true when the `record`
   * hook asked for a drain.
   */
  advance(): boolean {
    if (this.done) throw new ScenarioError(`${this.spec.scenario.name}: the run has ended`);
    const w = this.world;
    const step = this.next;
    const last = step === this.steps - 1;
    w.step = step;
    w.ledger.step = step;
    w.totals.reset();
    let recorded = false;
    let drain = false;
    const record = this.opts.record;
    try {
      for (const phase of this.phases) phase.run(w);
      // The step loop owns the clock: an epoch is counted whatever the pipeline holds.
      if (w.isEpochEnd) w.epochsCompleted++;
      w.spiral.active = this.detector.observe(
        step,
        w.amm.price,
        w.roster.statusCounts[Status.Active]!,
        w.totals.jobsServed,
      )
        ? 1
        : 0;
      w.spiral.legs = this.detector.legCount;
      if (record && ((step + 1) % this.recordEvery === 0 || last)) {
        drain = record(w);
        recorded = true;
      }
      this.checkInvariants(w, this.auditEveryStep || w.isEpochEnd || last);
    } catch (err) {
      if (!(err instanceof InvariantViolation)) throw err;
      // The failing step's row is kept whatever the recording interval.
      if (record && !recorded) drain = record(w) || drain;
      this.failure = {
        invariant: err.invariant,
        step: err.step,
        message: err.message,
        values: { ...err.values },
      };
      return drain;
    }
    this.next++;
    this.accumulate();
    return drain;
  }

  /** Adds the step's figures to the headline's running totals. */
  private accumulate(): void {
    const w = this.world;
    const t = w.totals;
    const price = w.amm.price;
    if (price > this.peakPrice) this.peakPrice = price;
    this.maxDrawdown = Math.max(this.maxDrawdown, 1 - price / this.peakPrice);
    this.entrants += t.entrants;
    this.exits += t.exits;
    this.arrived += t.jobsArrived;
    this.served += t.jobsServed;
    this.dropped += t.jobsDropped;
    this.revenue += t.revenueUsd;
    this.utilSum += t.capacity > 0 ? t.workServed / (t.capacity * w.params.sim.stepHours) : 0;
    this.caught += t.cheatersCaught;
    this.falseFlags += t.falseFlags;
    this.activePeak = Math.max(this.activePeak, w.roster.statusCounts[Status.Active]!);
  }

  /**
   * Ends the run: calls each phase's `end`, reads the declared outcomes and
   * returns the summary. Call it once, after the last step or a failure (or
   * earlier, to summarise a run cut short on purpose: `steps` stays the planned
   * count and `stepsCompleted` says how far it got).
   */
  finish(): RunSummary {
    if (this.finished)
      throw new ScenarioError(`${this.spec.scenario.name}: the run is already finished`);
    this.finished = true;
    const w = this.world;
    for (const phase of this.phases) phase.end?.(w);
    for (const [name, o] of this.declared.outcomes) this.outcomes[name] = o.read(w);
    return this.summary();
  }

  private summary(): RunSummary {
    const w = this.world;
    const spec = this.spec;
    const p = spec.params;
    const n = this.next;
    const priceEnd = w.amm.price;
    const supplyEnd = w.ledger.supply;
    const activeEnd = w.roster.statusCounts[Status.Active]!;
    const summary: RunSummary = {
      tokensimVersion: version,
      scenario: spec.scenario.name,
      seed: spec.seed,
      runIndex: spec.runIndex ?? 0,
      pointIndex: spec.pointIndex ?? 0,
      steps: p.sim.steps,
      stepsCompleted: n,
      status: this.failure ? "failed" : "ok",
      headline: {
        priceStartUsd: this.priceStart,
        priceEndUsd: priceEnd,
        priceChangePct: 100 * (priceEnd / this.priceStart - 1),
        maxDrawdownPct: 100 * this.maxDrawdown,
        supplyStartTokens: this.supplyStart,
        supplyEndTokens: supplyEnd,
        supplyChangePct: 100 * (supplyEnd / this.supplyStart - 1),
        mintedTokens: w.ledger.minted,
        burnedTokens: w.ledger.burned,
        slashedTokens: w.ledger.slashed,
        providersStart: p.providers.initial,
        providersActiveEnd: activeEnd,
        providersActivePeak: Math.max(this.activePeak, activeEnd),
        entrants: this.entrants,
        exits: this.exits,
        jobsArrived: this.arrived,
        jobsServed: this.served,
        jobsDropped: this.dropped,
        dropRate: this.arrived > 0 ? this.dropped / this.arrived : 0,
        revenueUsd: this.revenue,
        meanUtilisation: n > 0 ? this.utilSum / n : 0,
        cheatersCaught: this.caught,
        falseFlags: this.falseFlags,
      },
      deathSpirals: this.detector.events(),
      params: p,
    };
    if (this.failure) summary.failure = this.failure;
    if (p.governance.enabled) summary.governanceEvents = w.governance.events.map((e) => ({ ...e }));
    const declared = this.declared.outcomes;
    if (declared.length > 0) {
      summary.outcomes = this.outcomes;
      summary.outcomeInfo = Object.fromEntries(
        declared.map(([name, o]) => [name, { unit: o.unit, description: o.description }]),
      );
    }
    return summary;
  }
}

/**
 * A run's per-step column names at these parameters (the key columns, the
 * built-in ones, then the scenario's own) and the per-run outcomes the scenario
 * declares (its phases are built on a fresh world to ask them). Errors are the
 * ones a run would raise at its start.
 */
export function scenarioOutputs(
  scenario: Scenario,
  params: NetworkParams,
): { columns: string[]; outcomes: string[] } {
  const sim = new Simulation({ scenario, params, seed: 0 });
  return {
    columns: [...KEY_COLUMNS, ...sim.columns.map((c) => c.name)],
    outcomes: sim.declared.outcomes.map(([n]) => n),
  };
}
