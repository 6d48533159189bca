import { InvariantViolation, ScenarioError, TokensimError } from "../errors.ts";
import { checkInvariants } from "../invariants.ts";
import { genesis } from "../mechanisms/genesis.ts";
import { ArrowFileStream, arrowSchema, type ByteSink } from "../metrics/arrow.ts";
import { metricColumns } from "../metrics/columns.ts";
import { DeathSpiralDetector, type DeathSpiralEvent } from "../metrics/deathSpiral.ts";
import { Recorder } from "../metrics/recorder.ts";
import type { NetworkParams } from "../params/network.ts";
import type { Scenario } from "../scenario.ts";
import { Status } from "../state/providers.ts";
import { World } from "../state/world.ts";
import { version } from "../version.ts";
import { checkDependencies } from "./dependencies.ts";
import { declaredOutputs } from "./outputs.ts";
import { DEFAULT_PHASES, type Phase, phaseRegistry } from "./phases.ts";

/** One run to simulate: a scenario at resolved parameters, a seed, and its place in a sweep. */
export interface RunSpec {
  scenario: Scenario;
  params: NetworkParams;
  /** Root seed: every random stream derives from (seed, runIndex, component). */
  seed: number;
  /** Monte Carlo run number (default 0). */
  runIndex?: number;
  /** Parameter-point number in a sweep (default 0). */
  pointIndex?: number;
}

/** Headline figures of a run. */
export interface RunHeadline {
  priceStartUsd: number;
  priceEndUsd: number;
  priceChangePct: number;
  /** Largest fall from a running peak (percent of the peak). */
  maxDrawdownPct: number;
  supplyStartTokens: number;
  supplyEndTokens: number;
  supplyChangePct: number;
  mintedTokens: number;
  burnedTokens: number;
  slashedTokens: number;
  providersStart: number;
  providersActiveEnd: number;
  providersActivePeak: number;
  entrants: number;
  exits: number;
  jobsArrived: number;
  jobsServed: number;
  jobsDropped: number;
  /** Dropped / arrived (fraction). */
  dropRate: number;
  revenueUsd: number;
  meanUtilisation: number;
  cheatersCaught: number;
  falseFlags: number;
}

/** A run's summary, written as summary.json. Deterministic: no clock readings. */
export interface RunSummary {
  tokensimVersion: string;
  scenario: string;
  seed: number;
  runIndex: number;
  pointIndex: number;
  steps: number;
  stepsCompleted: number;
  status: "ok" | "failed";
  failure?: { invariant: string; step: number; message: string; values: Record<string, number> };
  headline: RunHeadline;
  /** Death spirals detected (see `engine/metrics/deathSpiral.ts`); empty when none. */
  deathSpirals: DeathSpiralEvent[];
  /**
   * The outcomes the scenario and its phases declare (see `RunOutcome`), by name;
   * absent when none is declared. NaN is written as null.
   */
  outcomes?: Record<string, number>;
  /** Each declared outcome's unit and meaning (present with `outcomes`). */
  outcomeInfo?: Record<string, { unit: string; description: string }>;
  params: NetworkParams;
}

/** Options of {@link runSimulation}. */
export interface RunOptions {
  /** Called every `progressEvery` steps and at the end. */
  onProgress?: (stepsDone: number, steps: number) => void;
  progressEvery?: number;
  /** Rows per Arrow record batch (default 1024). */
  batchRows?: number;
  /**
   * Audit the provider columns after every step rather than at epoch ends
   * (see `checkInvariants`); slower, for tests and debugging.
   */
  auditEveryStep?: boolean;
  /**
   * Record every k-th step's row (steps k-1, 2k-1, ..., and always the last
   * step run); default 1, every step. A kept row holds that step's values: flows
   * in it (jobs served, minted...) are the step's, not sums over the k steps.
   * Headline figures always cover every step.
   */
  recordEvery?: number;
  /**
   * Stops the run before its next step (Ctrl-C): the promise rejects with
   * {@link RunInterrupted} and the sink removes what it wrote.
   */
  signal?: AbortSignal;
}

/** A run stopped by its signal before its last step; nothing of it is kept. */
export class RunInterrupted extends TokensimError {
  constructor(readonly step: number) {
    super("TOKENSIM_INTERRUPTED", `interrupted at step ${step}; nothing written`);
  }
}

/** Builds a scenario's pipeline for one run; an ordering constraint it breaks is an error. */
function buildPhases(scenario: Scenario, w: World): Phase[] {
  const entries = scenario.phases ?? DEFAULT_PHASES;
  const phases = entries.map((e) =>
    typeof e === "string" ? phaseRegistry.get(e)(w) : e.create(w),
  );
  const at = new Map<string, number>();
  phases.forEach((ph, i) => {
    if (at.has(ph.name))
      throw new ScenarioError(`${scenario.name}: phase '${ph.name}' is in the pipeline twice`);
    at.set(ph.name, i);
  });
  phases.forEach((ph, i) => {
    for (const before of ph.after ?? []) {
      const j = at.get(before);
      if (j !== undefined && j > i)
        throw new ScenarioError(
          `${scenario.name}: phase '${ph.name}' must run after '${before}' (pipeline: ${phases.map((x) => x.name).join(", ")})`,
        );
    }
  });
  checkDependencies(scenario.name, phases, w);
  return phases;
}

/** Key columns that precede the metrics in every row. */
const KEY_COLUMNS = ["run", "point", "step"];

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
  const w = new World(params, 0, 0);
  genesis(w);
  const phases = buildPhases(scenario, w);
  const builtIn = metricColumns(w).map((c) => c.name);
  const d = declaredOutputs(scenario.name, [scenario, ...phases], [...KEY_COLUMNS, ...builtIn]);
  return {
    columns: [...KEY_COLUMNS, ...builtIn, ...d.columns.map((c) => c.name)],
    outcomes: d.outcomes.map(([n]) => n),
  };
}

/**
 * Simulates one run and streams its per-step metrics as an Arrow IPC file into
 * `sink`. An invariant violation stops the run: the rows recorded so far (the
 * failing step included) are kept, and the summary says `status: "failed"` with
 * the invariant, step and values. Other errors propagate.
 */
export async function runSimulation(
  spec: RunSpec,
  sink: ByteSink,
  opts: RunOptions = {},
): Promise<RunSummary> {
  const runIndex = spec.runIndex ?? 0;
  const pointIndex = spec.pointIndex ?? 0;
  const p = spec.params;
  const w = new World(p, spec.seed, runIndex);
  genesis(w);
  const phases = buildPhases(spec.scenario, w);
  const builtIn = metricColumns(w);
  const declared = declaredOutputs(
    spec.scenario.name,
    [spec.scenario, ...phases],
    [...KEY_COLUMNS, ...builtIn.map((c) => c.name)],
  );
  const columns = [...builtIn, ...declared.columns];
  const schema = arrowSchema({
    intColumns: [
      { name: "run", unit: "index", description: "Monte Carlo run number" },
      { name: "point", unit: "index", description: "parameter point number in a sweep" },
      { name: "step", unit: "steps", description: "step number (0-based)" },
    ],
    floatColumns: columns,
    metadata: {
      "tokensim.version": version,
      "tokensim.scenario": spec.scenario.name,
      "tokensim.seed": String(spec.seed),
      "tokensim.stepHours": String(p.sim.stepHours),
    },
  });
  const stream = new ArrowFileStream(schema, sink);
  const recorder = new Recorder(columns, stream, runIndex, pointIndex, opts.batchRows ?? 1024);

  const priceStart = w.amm.price;
  const supplyStart = w.ledger.supply;
  let peakPrice = priceStart;
  let maxDrawdown = 0;
  let activePeak = p.providers.initial;
  let entrants = 0;
  let exits = 0;
  let arrived = 0;
  let served = 0;
  let dropped = 0;
  let revenue = 0;
  let utilSum = 0;
  let caught = 0;
  let falseFlags = 0;
  let stepsCompleted = 0;
  let failure: RunSummary["failure"];
  const spirals = new DeathSpiralDetector(p.spiral);
  const every = opts.progressEvery ?? Math.max(1, Math.floor(p.sim.steps / 100));
  const recordEvery = Math.max(1, Math.floor(opts.recordEvery ?? 1));
  let flushed = false;
  const outcomes: Record<string, number> = {};

  try {
    for (let step = 0; step < p.sim.steps; step++) {
      if (opts.signal?.aborted) throw new RunInterrupted(step);
      w.step = step;
      w.ledger.step = step;
      w.totals.reset();
      let recorded = false;
      try {
        for (const phase of phases) phase.run(w);
        // The step loop owns the clock: an epoch is counted whatever the pipeline holds.
        if (w.isEpochEnd) w.epochsCompleted++;
        w.spiral.active = spirals.observe(
          step,
          w.amm.price,
          w.roster.statusCounts[Status.Active]!,
          w.totals.jobsServed,
        )
          ? 1
          : 0;
        w.spiral.legs = spirals.legCount;
        if ((step + 1) % recordEvery === 0 || step === p.sim.steps - 1) {
          flushed = recorder.record(w) || flushed;
          recorded = true;
        }
        checkInvariants(
          w,
          opts.auditEveryStep === true || w.isEpochEnd || step === p.sim.steps - 1,
        );
      } catch (err) {
        if (!(err instanceof InvariantViolation)) throw err;
        // The failing step's row is kept whatever the recording interval.
        if (!recorded) recorder.record(w);
        failure = {
          invariant: err.invariant,
          step: err.step,
          message: err.message,
          values: { ...err.values },
        };
        break;
      }
      stepsCompleted++;
      const t = w.totals;
      const price = w.amm.price;
      if (price > peakPrice) peakPrice = price;
      maxDrawdown = Math.max(maxDrawdown, 1 - price / peakPrice);
      entrants += t.entrants;
      exits += t.exits;
      arrived += t.jobsArrived;
      served += t.jobsServed;
      dropped += t.jobsDropped;
      revenue += t.revenueUsd;
      utilSum += t.capacity > 0 ? t.workServed / (t.capacity * p.sim.stepHours) : 0;
      caught += t.cheatersCaught;
      falseFlags += t.falseFlags;
      activePeak = Math.max(activePeak, w.roster.statusCounts[Status.Active]!);
      if (flushed) {
        flushed = false;
        await stream.drain();
      }
      if (opts.onProgress && ((step + 1) % every === 0 || step + 1 === p.sim.steps))
        opts.onProgress(step + 1, p.sim.steps);
    }
    for (const phase of phases) phase.end?.(w);
    for (const [name, o] of declared.outcomes) outcomes[name] = o.read(w);
    recorder.flush();
    await stream.finish();
  } catch (err) {
    // A crash in a phase, a full disk, an interrupt: the sink removes what it wrote.
    await stream.abort().catch(() => {});
    throw err;
  }

  const priceEnd = w.amm.price;
  const supplyEnd = w.ledger.supply;
  const activeEnd = w.roster.statusCounts[Status.Active]!;
  const summary: RunSummary = {
    tokensimVersion: version,
    scenario: spec.scenario.name,
    seed: spec.seed,
    runIndex,
    pointIndex,
    steps: p.sim.steps,
    stepsCompleted,
    status: failure ? "failed" : "ok",
    headline: {
      priceStartUsd: priceStart,
      priceEndUsd: priceEnd,
      priceChangePct: 100 * (priceEnd / priceStart - 1),
      maxDrawdownPct: 100 * maxDrawdown,
      supplyStartTokens: supplyStart,
      supplyEndTokens: supplyEnd,
      supplyChangePct: 100 * (supplyEnd / supplyStart - 1),
      mintedTokens: w.ledger.minted,
      burnedTokens: w.ledger.burned,
      slashedTokens: w.ledger.slashed,
      providersStart: p.providers.initial,
      providersActiveEnd: activeEnd,
      providersActivePeak: Math.max(activePeak, activeEnd),
      entrants,
      exits,
      jobsArrived: arrived,
      jobsServed: served,
      jobsDropped: dropped,
      dropRate: arrived > 0 ? dropped / arrived : 0,
      revenueUsd: revenue,
      meanUtilisation: stepsCompleted > 0 ? utilSum / stepsCompleted : 0,
      cheatersCaught: caught,
      falseFlags,
    },
    deathSpirals: spirals.events(),
    params: p,
  };
  if (failure) summary.failure = failure;
  if (declared.outcomes.length > 0) {
    summary.outcomes = outcomes;
    summary.outcomeInfo = Object.fromEntries(
      declared.outcomes.map(([n, o]) => [n, { unit: o.unit, description: o.description }]),
    );
  }
  return summary;
}
