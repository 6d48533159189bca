import { type Table, tableFromArrays } from "apache-arrow";
import { quantile } from "simple-statistics";
import { ScenarioError } from "../errors.ts";
import { resolveParams, type Scenario } from "../scenario.ts";
import { iso, parseTime, readSeries } from "../series/read.ts";
import type { FitResult, FitTarget } from "./fit.ts";
import { bandOf, type Hindcast, isoTimes } from "./hindcast.ts";
import { indexed, readAt, sampleAll } from "./moments.ts";
import { type FitRunner, runBatch } from "./runs.ts";

const HOUR = 3_600_000;

/** A replay of history under the observed parameters and under changed ones. */
export interface CounterfactualRequest {
  scenario: Scenario;
  /** The observed world: the fit's fixed overrides, then its fitted values. */
  observedSets: readonly string[];
  /** What the counterfactual changes, on top of `observedSets` (`key=value`). */
  changes: readonly string[];
  /** The date of step 0. */
  start: string;
  /** The observed series (drawn against both worlds; their columns are kept). */
  targets: readonly FitTarget[];
  /** More per-step columns to keep and compare (e.g. `supplyTokens`). */
  columns?: readonly string[];
  /** Dates at which to compare, besides the last step. */
  at?: readonly string[];
  /** Runs per world, on common random numbers (run indices 0..R-1). Default 20. */
  runs?: number;
  seed?: number;
  runner?: FitRunner;
  signal?: AbortSignal;
  onRun?: (done: number, planned: number) => void;
}

/** Quantiles over runs. */
/** The 10th, 50th and 90th percentiles of a {@link Comparison}'s runs. */
export interface Quantiles {
  p10: number;
  p50: number;
  p90: number;
}

/** One column compared at one date. */
/** One column compared at one date in a {@link CounterfactualSummary}. */
export interface Comparison {
  date: string;
  step: number;
  asObserved: Quantiles;
  counterfactual: Quantiles;
  /** Run by run (same seed and run index): counterfactual − as observed. */
  difference: Quantiles;
  /** Run by run: counterfactual / as observed − 1 (absent where a value is 0). */
  relative?: Quantiles;
}

/** `counterfactual.json`: what changed, and each kept column at the end and at the chosen dates. */
export interface CounterfactualSummary {
  kind: "counterfactual";
  scenario: string;
  start: string;
  runs: number;
  seed: number;
  observedSets: string[];
  changes: string[];
  columns: { column: string; comparisons: Comparison[] }[];
}

/** What {@link runCounterfactual} gives: the summary, the hindcast and the three tables. */
export interface CounterfactualOutcome {
  summary: CounterfactualSummary;
  hindcast: Hindcast;
  /** Per run and step, the kept columns: as observed, and with the changes. */
  factual: Table;
  counterfactual: Table;
  /** The observed series, long: column, time, value. */
  history: Table;
}

/** The overrides that replay a fit: its fixed `sets`, then each fitted value. */
export function fittedSets(fit: Pick<FitResult, "sets" | "parameters">): string[] {
  return [...fit.sets, ...fit.parameters.map((p) => `${p.key}=${p.value}`)];
}

/**
 * Replays a scenario under the observed parameters and under changed ones with
 * common random numbers (run r of both worlds has the same seed and run index,
 * so the per-run differences are the change's, not the noise's). Keeps the
 * targets' columns and `columns` per step, compares them at the `at` dates and
 * at the last step (quantiles of each world and of the paired differences),
 * and draws the observed series against both worlds' bands.
 */
export async function runCounterfactual(
  req: CounterfactualRequest,
): Promise<CounterfactualOutcome> {
  const R = req.runs ?? 20;
  const seed = req.seed ?? 1;
  if (req.changes.length === 0)
    throw new ScenarioError("counterfactual: give at least one change (--set key=value)");
  const observed = resolveParams(req.scenario, [...req.observedSets]);
  // Resolving here reports a bad change before any run.
  resolveParams(req.scenario, [...req.observedSets, ...req.changes]);
  const { stepHours, steps } = observed.sim;
  const startMs = parseTime(req.start, "counterfactual --start");
  const columns = [...new Set([...req.targets.map((t) => t.column), ...(req.columns ?? [])])];
  const atSteps = (req.at ?? []).map((date) => {
    const k = Math.floor((parseTime(date, "counterfactual --at") - startMs) / (stepHours * HOUR));
    if (k < 0 || k >= steps)
      throw new ScenarioError(
        `counterfactual --at ${date}: outside the run (${iso(startMs)} to ${iso(startMs + steps * stepHours * HOUR)})`,
      );
    return { date, step: k };
  });
  atSteps.push({ date: iso(startMs + (steps - 1) * stepHours * HOUR), step: steps - 1 });
  const series = req.targets.map((t) => {
    const s = readSeries(t.file);
    return { s, sampling: sampleAll(s, startMs, stepHours, steps, t.aggregate ?? "point") };
  });

  let done = 0;
  const jobs = [req.observedSets, [...req.observedSets, ...req.changes]].flatMap((sets) =>
    Array.from({ length: R }, (_, run) => ({ sets, run })),
  );
  const tables = await runBatch(
    req.scenario,
    req.runner,
    seed,
    jobs,
    "counterfactual",
    () => {
      done++;
      req.onRun?.(done, jobs.length);
    },
    req.signal,
  );
  const column = (t: Table, name: string): Float64Array => {
    const col = t.getChild(name);
    if (!col)
      throw new ScenarioError(
        `counterfactual: no column '${name}' (columns: ${t.schema.fields.map((f) => f.name).join(", ")})`,
      );
    return Float64Array.from({ length: t.numRows }, (_, k) => Number(col.get(k)));
  };
  const worlds = [tables.slice(0, R), tables.slice(R)].map((runs) =>
    runs.map((t) => Object.fromEntries(columns.map((c) => [c, column(t, c)]))),
  );
  const [fact, counter] = worlds as [
    Record<string, Float64Array>[],
    Record<string, Float64Array>[],
  ];

  const q = (xs: number[]): Quantiles => ({
    p10: quantile(xs, 0.1),
    p50: quantile(xs, 0.5),
    p90: quantile(xs, 0.9),
  });
  const summary: CounterfactualSummary = {
    kind: "counterfactual",
    scenario: req.scenario.name,
    start: req.start,
    runs: R,
    seed,
    observedSets: [...req.observedSets],
    changes: [...req.changes],
    columns: columns.map((c) => ({
      column: c,
      comparisons: atSteps.map(({ date, step }) => {
        const a = fact.map((r) => r[c]![step]!);
        const b = counter.map((r) => r[c]![step]!);
        const rel = a.every((v) => v !== 0) ? q(b.map((v, i) => v / a[i]! - 1)) : undefined;
        return {
          date,
          step,
          asObserved: q(a),
          counterfactual: q(b),
          difference: q(b.map((v, i) => v - a[i]!)),
          ...(rel && { relative: rel }),
        };
      }),
    })),
  };

  const hindcast: Hindcast = {
    kind: "hindcast",
    scenario: req.scenario.name,
    start: req.start,
    runs: R,
    series: req.targets.map((t, i) => {
      const { s, sampling } = series[i]!;
      const at = (runs: Record<string, Float64Array>[]) =>
        runs.map((r) => readAt((k) => r[t.column]![k]!, sampling));
      const a = indexed(t.transform, at(fact), sampling.observed);
      const b = indexed(t.transform, at(counter), sampling.observed);
      return {
        column: t.column,
        file: t.file,
        unit: t.transform === "index" ? "index (first value = 1)" : s.unit,
        aggregate: t.aggregate ?? "point",
        times: isoTimes(sampling.times),
        observed: Array.from(a.observed),
        fitted: Array.from(sampling.observed, () => true),
        bands: [
          bandOf("as observed", a.runs),
          bandOf(`counterfactual: ${req.changes.join(", ")}`, b.runs),
        ],
      };
    }),
  };

  const long = (runs: Record<string, Float64Array>[]) => {
    const n = runs.length * steps;
    const run = new Int32Array(n);
    const step = new Int32Array(n);
    const time: Date[] = new Array(n);
    const values = Object.fromEntries(columns.map((c) => [c, new Float64Array(n)]));
    runs.forEach((r, ri) => {
      for (let k = 0; k < steps; k++) {
        const i = ri * steps + k;
        run[i] = ri;
        step[i] = k;
        time[i] = new Date(startMs + k * stepHours * HOUR);
        for (const c of columns) values[c]![i] = r[c]![k]!;
      }
    });
    return tableFromArrays({ run, step, time, ...values });
  };
  const hist = series.flatMap(({ s }, i) =>
    Array.from(s.times, (t, j) => ({ column: req.targets[i]!.column, t, v: s.values[j]! })),
  );
  const history = tableFromArrays({
    column: hist.map((h) => h.column),
    time: hist.map((h) => new Date(h.t)),
    value: Float64Array.from(hist, (h) => h.v),
  });
  return { summary, hindcast, factual: long(fact), counterfactual: long(counter), history };
}
