import { TokensimError } from "../errors.ts";
import type { GovernanceEvent } from "../mechanisms/governance.ts";
import { ArrowFileStream, arrowSchema, type ByteSink } from "../metrics/arrow.ts";
import type { DeathSpiralEvent } from "../metrics/deathSpiral.ts";
import { Recorder } from "../metrics/recorder.ts";
import type { NetworkParams } from "../params/network.ts";
import type { Scenario } from "../scenario.ts";
import { version } from "../version.ts";
import { Simulation } from "./simulation.ts";

export { Simulation, type SimulationOptions, scenarioOutputs } from "./simulation.ts";

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
  /**
   * Every parameter change governance applied, scheduled or by its rule, in order
   * (present only with `governance.enabled`).
   */
  governanceEvents?: GovernanceEvent[];
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

/**
 * Simulates one run and streams its per-step metrics as an Arrow IPC file into
 * `sink`. An invariant violation stops the run: the rows recorded so far (the
 * failing step included) are kept, and the summary says `status: "failed"` with
 * the invariant, step and values. Other errors propagate. Built on
 * {@link Simulation}, which drives a run step by step.
 */
export async function runSimulation(
  spec: RunSpec,
  sink: ByteSink,
  opts: RunOptions = {},
): Promise<RunSummary> {
  const runIndex = spec.runIndex ?? 0;
  const pointIndex = spec.pointIndex ?? 0;
  const p = spec.params;
  let recorder: Recorder | undefined;
  const sim = new Simulation(spec, {
    auditEveryStep: opts.auditEveryStep === true,
    recordEvery: opts.recordEvery ?? 1,
    record: (w) => recorder!.record(w),
  });
  const schema = arrowSchema({
    intColumns: [
      { name: "run", unit: "index", description: "Monte Carlo run number" },
      { name: "point", unit: "index", description: "parameter point number in a sweep" },
      { name: "step", unit: "steps", description: "step number (0-based)" },
    ],
    floatColumns: sim.columns,
    metadata: {
      "tokensim.version": version,
      "tokensim.scenario": spec.scenario.name,
      "tokensim.seed": String(spec.seed),
      "tokensim.stepHours": String(p.sim.stepHours),
    },
  });
  const stream = new ArrowFileStream(schema, sink);
  recorder = new Recorder(sim.columns, stream, runIndex, pointIndex, opts.batchRows ?? 1024);
  const every = opts.progressEvery ?? Math.max(1, Math.floor(p.sim.steps / 100));
  let summary: RunSummary;
  try {
    while (!sim.done) {
      const step = sim.stepsCompleted;
      if (opts.signal?.aborted) throw new RunInterrupted(step);
      const flushed = sim.advance();
      if (sim.failure) break;
      if (flushed) await stream.drain();
      if (opts.onProgress && ((step + 1) % every === 0 || step + 1 === p.sim.steps))
        opts.onProgress(step + 1, p.sim.steps);
    }
    summary = sim.finish();
    recorder.flush();
    await stream.finish();
  } catch (err) {
    // A crash in a phase, a full disk, an interrupt: the sink removes what it wrote.
    await stream.abort().catch(() => {});
    throw err;
  }
  return summary;
}
