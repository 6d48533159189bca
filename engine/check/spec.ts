import type { RunSummary } from "../pipeline/run.ts";

/** One completed run, as outcome functions see it. */
export interface RunView {
  readonly summary: RunSummary;
  /** A per-step column by name (see docs/output.md). */
  column(name: string): ArrayLike<number>;
  /** A column's value at `step`, or at the last recorded step if the run ended earlier. */
  at(name: string, step: number): number;
}

/** A per-run outcome metric computed from the run (units are the author's to state). */
export type Outcome = (run: RunView) => number;

/**
 * A Monte Carlo assertion over the distribution of one outcome metric across runs.
 * - `probability`: the share of runs in which `event` happens (metric below or above a value);
 * - `quantile`: the `q`-quantile of the metric;
 * - `mean`: the mean of the metric.
 * The statistic must be `lessThan` or `greaterThan` the threshold; its confidence
 * interval decides pass, fail or inconclusive.
 */
export interface Assertion {
  name: string;
  stat: "probability" | "quantile" | "mean";
  /** A headline figure of the run summary, or an outcome declared in `outcomes`. */
  metric: string;
  /** For `quantile`: which one, in (0, 1). */
  q?: number;
  /** For `probability`: the event, `metric < below` or `metric > above`. */
  event?: { below?: number; above?: number };
  lessThan?: number;
  greaterThan?: number;
}

/**
 * A rare-event assertion: "P(event) < lessThan at the check's confidence",
 * estimated by adaptive multilevel splitting (see docs/rare.md) rather than
 * from the check's runs. It passes when the upper end of the interval is below
 * `lessThan` (e.g. P(spiral) < 1e-4 at the 95% level), fails when the lower end
 * is at or above it, and is inconclusive otherwise.
 */
export interface RareAssertion {
  name: string;
  /** `spiral` (the death-spiral detector fires), `drawdown>X` or `exodus>X` (X a fraction). */
  event: string;
  /** The score the spiral event is split on: nearness (default), pressure, drawdown or exodus. */
  score?: string;
  lessThan: number;
  /** Particles per replica (default 100). */
  particles?: number;
  /** Independent replicas (default 10). */
  replicas?: number;
  /** Budget in trajectories or steps, split across the replicas (default: none). */
  budget?: { runs?: number; steps?: number };
  /** Root seed of the estimator (default: the checks' seed). */
  seed?: number;
}

/** A user invariant checked on every recorded step: a column stays within bounds. */
export interface StepInvariant {
  name: string;
  metric: string;
  min?: number;
  max?: number;
}

/** What a scenario declares for `tokensim check` (exported as `checks`). */
export interface CheckSpec {
  /** Parameter overrides for the check runs (e.g. a shorter horizon). */
  sets?: readonly string[];
  /** Runs in the first batch (default 30). */
  runs?: number;
  /** With --until-conclusive: runs added per batch (default `runs`) and the budget (default 10 × runs). */
  batchRuns?: number;
  maxRuns?: number;
  /** Confidence level of every interval (default 0.95). */
  confidence?: number;
  /** Root seed of the check runs (default 1); run i uses run index i. */
  seed?: number;
  /** Interval for probabilities: "wilson" (default) or "clopper-pearson". */
  probabilityInterval?: "wilson" | "clopper-pearson";
  outcomes?: Readonly<Record<string, Outcome>>;
  stepInvariants?: readonly StepInvariant[];
  assertions: readonly Assertion[];
  /** Rare-event assertions, each estimated by multilevel splitting at the check's `sets`. */
  rare?: readonly RareAssertion[];
  /** Metrics compared against the committed baseline (default: {@link DEFAULT_DRIFT_METRICS} and every outcome). */
  drift?: { metrics?: readonly string[]; alpha?: number };
}

/** Headline figures compared against the baseline when a scenario names none. */
export const DEFAULT_DRIFT_METRICS = [
  "priceEndUsd",
  "maxDrawdownPct",
  "supplyChangePct",
  "providersActiveEnd",
  "dropRate",
  "meanUtilisation",
] as const;

/** Declares a scenario's checks (identity function that type-checks the object). */
export function defineChecks(spec: CheckSpec): CheckSpec {
  return spec;
}
