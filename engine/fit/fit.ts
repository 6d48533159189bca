import type { Table } from "apache-arrow";
import { quantile } from "simple-statistics";
import { ScenarioError } from "../errors.ts";
import { CmaEs } from "../optimize/cmaes.ts";
import { symmetricEigen } from "../optimize/eigen.ts";
import { type ParamRange, pointSets, toValue } from "../optimize/ranges.ts";
import { createRng } from "../rng/source.ts";
import { resolveParams, type Scenario } from "../scenario.ts";
import { parseTime, readSeries } from "../series/read.ts";
import { bandOf, type Hindcast, isoTimes } from "./hindcast.ts";
import {
  type Aggregate,
  indexed,
  MOMENT_NAMES,
  moments,
  readAt,
  type Sampling,
  sampleAll,
  subset,
  type Transform,
} from "./moments.ts";
import { type FitRunner, runBatch } from "./runs.ts";

/** An observed series to match: a per-step column of `steps.arrow` against a file. */
export interface FitTarget {
  /** The simulated column, e.g. `priceUsd` (see docs/output.md). */
  column: string;
  /** The observed series (CSV, JSON or Arrow; see `readSeries`). */
  file: string;
  /** Compare in logs (default; relative errors), in levels, or as an index (shape only). */
  transform: Transform;
  /**
   * `point` (default): each observation is a value at its time, compared with
   * the step it falls in; `total`: each is a total over the period up to the
   * next observation, compared with the column summed over that period.
   */
  aggregate?: Aggregate;
}

export interface FitRequest {
  scenario: Scenario;
  /** Fixed overrides (`key=value`), applied before the fitted parameters. */
  sets: readonly string[];
  ranges: readonly ParamRange[];
  targets: readonly FitTarget[];
  /** The date of step 0 (ISO 8601). */
  start: string;
  /** Fit on observations up to this date only; later ones are the backtest. */
  until?: string;
  /** Runs per candidate, on common random numbers (run indices 0..R-1). Default 8. */
  replications?: number;
  /** CMA-ES generations. Default 20. */
  generations?: number;
  /** Candidates per generation (default CMA-ES's 4 + 3 ln d). */
  population?: number;
  /** Root seed of the runs and of the search. Default 1. */
  seed?: number;
  signal?: AbortSignal;
  /** Called after every run with the runs done and the runs planned. */
  onRun?: (done: number, planned: number) => void;
  /** Worker threads or a queue (see {@link FitRunner}); default: this thread. */
  runner?: FitRunner;
}

/** One fitted parameter of {@link FitResult}. */
export interface FittedParameter {
  key: string;
  value: number;
  /** Asymptotic standard error (method of simulated moments). */
  se: number;
  ci95: [number, number];
  /** False when the targets barely constrain it (see `note`). */
  identified: boolean;
  note?: string;
}

/** One moment of a {@link TargetFit}: observed, simulated and their z-score. */
export interface MomentFit {
  name: (typeof MOMENT_NAMES)[number];
  observed: number;
  simulated: number;
  /** Standard deviation of one run's moment at the fitted parameters. */
  sd: number;
  /** (observed − simulated) / sd·√(1 + 1/R). */
  z: number;
}

/** One target of {@link FitResult}: its moments, observed and simulated. */
export interface TargetFit {
  column: string;
  file: string;
  transform: Transform;
  aggregate: Aggregate;
  observations: number;
  moments: MomentFit[];
  /** Share of the fitted window's observations inside the runs' 5-95% band. */
  inBand90: number;
  /** The backtest, when `until` was given: observations after it. */
  holdout?: {
    observations: number;
    /** Mean absolute error of the runs' median path, in the transform's units (logs: relative). */
    meanAbsError: number;
    inBand90: number;
  };
}

export interface FitResult {
  method: string;
  /** The scenario's name and the fixed overrides (what `tokensim counterfactual` replays). */
  scenario: string;
  sets: string[];
  start: string;
  until?: string;
  parameters: FittedParameter[];
  targets: TargetFit[];
  /** J = Σ z² over the moments, with moments − rank(G'WG) degrees of freedom. */
  j: number;
  df: number;
  replications: number;
  generations: number;
  runs: number;
  seed: number;
}

const METHOD =
  "method of simulated moments (McFadden 1989; Pakes and Pollard 1989): per target the mean, trend and volatility of the (log) series; diagonal weights from the moments' run-to-run variance; CMA-ES over the ranges on common random numbers; standard errors from the moments' Jacobian, (1 + 1/R)(G'WG)^-1";

interface Prepared {
  sampling: Sampling[];
  holdout: (Sampling | undefined)[];
  observed: number[];
  units: string[];
}

/**
 * Fits the ranged parameters of a scenario so that its simulated series match
 * observed ones by the method of simulated moments (docs/fit.md; the
 * result's `method` says it in full); reports each parameter with a standard
 * error and whether the targets identify it, each target's moments and band
 * coverage, and with `until`, the backtest on the later observations. Also
 * returns the hindcast: the observations against the runs' band at the fitted
 * values. A generation's candidates run as one batch on `runner` (default this
 * thread): the result does not depend on the number of workers.
 */
export async function runFit(req: FitRequest): Promise<FitResult & { hindcast: Hindcast }> {
  const R = req.replications ?? 8;
  const G = req.generations ?? 20;
  const seed = req.seed ?? 1;
  if (req.targets.length === 0) throw new ScenarioError("fit: give at least one --target");
  const base = resolveParams(req.scenario, [...req.sets]);
  const startMs = parseTime(req.start, "fit --start");
  const untilMs = req.until === undefined ? undefined : parseTime(req.until, "fit --until");
  const prep = prepare(req, base.sim.stepHours, base.sim.steps, startMs, untilMs);
  const d = req.ranges.length;
  const cma = new CmaEs({
    mean: new Array(d).fill(0.5),
    sigma: 0.3,
    ...(req.population !== undefined && { population: req.population }),
    rng: createRng(`fit:${seed}`),
  });
  const planned = (G * cma.lambda + 1 + 2 * d + 1) * R;
  let done = 0;
  /** Each point's runs' targeted columns (fitted window, then holdout), points in order. */
  const simulate = async (xs: readonly (readonly number[])[]): Promise<Float64Array[][][]> => {
    const jobs = xs.flatMap((x) => {
      const sets = [...req.sets, ...pointSets(req.ranges, x)];
      return Array.from({ length: R }, (_, run) => ({ sets, run }));
    });
    const tables = await runBatch(
      req.scenario,
      req.runner,
      seed,
      jobs,
      `fit at ${pointSummary(req)}`,
      () => {
        done++;
        req.onRun?.(done, planned);
      },
      req.signal,
    );
    return xs.map((_, p) =>
      tables.slice(p * R, (p + 1) * R).map((t) => sampleColumns(req, t, prep)),
    );
  };
  const momentsOf = (runs: Float64Array[][]): number[][] =>
    runs.map((columns) =>
      columns
        .slice(0, req.targets.length)
        .flatMap((v, t) =>
          moments(v, prep.sampling[t]!.years, req.targets[t]!.transform, req.targets[t]!.column),
        ),
    );

  // Weights from the moments' run-to-run spread at the centre of the ranges.
  const centre = new Array(d).fill(0.5);
  const [atCentre] = await simulate([centre]);
  const w = weights(momentsOf(atCentre!), prep.observed);
  const loss = (m: number[][]) => {
    const mean = meanOf(m);
    return mean.reduce((s, v, k) => s + w[k]! * (v - prep.observed[k]!) ** 2, 0);
  };
  let best = { x: centre, j: Number.POSITIVE_INFINITY };
  for (let g = 0; g < G; g++) {
    const xs = cma.ask();
    // Outside the ranges: ranked behind every candidate inside, and not run.
    const outside = xs.map((x) => x.reduce((s, u) => s + (u < 0 ? -u : u > 1 ? u - 1 : 0), 0));
    const inside = xs.filter((_, i) => outside[i] === 0);
    const runs = await simulate(inside);
    let next = 0;
    const scored = xs.map((x, i) => ({
      x,
      j: outside[i]! > 0 ? 1e12 * (1 + outside[i]!) : loss(momentsOf(runs[next++]!)),
    }));
    for (const c of scored) if (c.j < best.j) best = { x: [...c.x], j: c.j };
    scored.sort((a, b) => a.j - b.j);
    cma.tell(scored.map((c) => c.x));
    if (cma.sigma < 1e-3) break;
  }

  // At the optimum: the moments' spread (Ω), their Jacobian (G), the bands.
  const ups: number[][] = [];
  const downs: number[][] = [];
  for (let i = 0; i < d; i++) {
    const up = [...best.x];
    const down = [...best.x];
    up[i] = Math.min(1, best.x[i]! + 0.05);
    down[i] = Math.max(0, best.x[i]! - 0.05);
    ups.push(up);
    downs.push(down);
  }
  const [atBest, ...around] = await simulate([best.x, ...ups, ...downs]);
  const mBest = momentsOf(atBest!);
  const mean = meanOf(mBest);
  const sd = sdOf(mBest, mean);
  const jac: number[][] = mean.map(() => new Array(d).fill(0));
  for (let i = 0; i < d; i++) {
    const dv = toValue(req.ranges[i]!, ups[i]![i]!) - toValue(req.ranges[i]!, downs[i]![i]!);
    const mu = meanOf(momentsOf(around[i]!));
    const md = meanOf(momentsOf(around[d + i]!));
    for (let k = 0; k < mean.length; k++) jac[k]![i] = dv === 0 ? 0 : (mu[k]! - md[k]!) / dv;
  }
  const omega = sd.map((s, k) => s * s + floor(prep.observed[k]!));
  const { parameters, rank } = standardErrors(req.ranges, best.x, jac, omega, R);
  const inflate = Math.sqrt(1 + 1 / R);
  const nT = req.targets.length;
  const targets: TargetFit[] = req.targets.map((t, ti) => {
    const ms = MOMENT_NAMES.map((name, j) => {
      const k = ti * MOMENT_NAMES.length + j;
      return {
        name,
        observed: prep.observed[k]!,
        simulated: mean[k]!,
        sd: sd[k]!,
        z: (prep.observed[k]! - mean[k]!) / (Math.sqrt(omega[k]!) * inflate),
      };
    });
    const s = prep.sampling[ti]!;
    const fittedRuns = indexed(
      t.transform,
      atBest!.map((r) => r[ti]!),
      s.observed,
    );
    const fit: TargetFit = {
      column: t.column,
      file: t.file,
      transform: t.transform,
      aggregate: t.aggregate ?? "point",
      observations: s.observed.length,
      moments: ms,
      inBand90: band(fittedRuns.runs, fittedRuns.observed).inBand,
    };
    const h = prep.holdout[ti];
    if (h) {
      // Under `index`, the backtest's paths are over the fitted window's first values.
      const later = indexed(
        t.transform,
        atBest!.map((r) => [r[ti]![0]!, ...r[nT + ti]!]),
        [s.observed[0]!, ...h.observed],
      );
      const b = band(
        later.runs.map((r) => r.subarray(1)),
        later.observed.subarray(1),
        t.transform,
      );
      fit.holdout = { observations: h.observed.length, meanAbsError: b.mae, inBand90: b.inBand };
    }
    return fit;
  });
  const j = targets.reduce((s, t) => s + t.moments.reduce((a, m) => a + m.z * m.z, 0), 0);
  const hindcast: Hindcast = {
    kind: "hindcast",
    scenario: req.scenario.name,
    start: req.start,
    ...(req.until !== undefined && { until: req.until }),
    runs: R,
    series: req.targets.map((t, ti) => {
      const s = prep.sampling[ti]!;
      const h = prep.holdout[ti];
      const both = indexed(
        t.transform,
        atBest!.map((r) => [...r[ti]!, ...(h ? r[nT + ti]! : [])]),
        [...s.observed, ...(h?.observed ?? [])],
      );
      return {
        column: t.column,
        file: t.file,
        unit: t.transform === "index" ? "index (first fitted value = 1)" : prep.units[ti]!,
        aggregate: t.aggregate ?? "point",
        times: isoTimes([...s.times, ...(h?.times ?? [])]),
        observed: Array.from(both.observed),
        fitted: [
          ...Array.from(s.observed, () => true),
          ...Array.from(h?.observed ?? [], () => false),
        ],
        bands: [bandOf("fitted", both.runs)],
      };
    }),
  };
  return {
    method: METHOD,
    scenario: req.scenario.name,
    sets: [...req.sets],
    start: req.start,
    ...(req.until !== undefined && { until: req.until }),
    parameters,
    targets,
    j,
    df: mean.length - rank,
    replications: R,
    generations: cma.generation,
    runs: done,
    seed,
    hindcast,
  };
}

/**
 * Each target's observations inside the run, sampled once: those up to `until`
 * are fitted, the later ones are the backtest (a period total counts as later
 * when its period ends after `until`).
 */
function prepare(
  req: FitRequest,
  stepHours: number,
  steps: number,
  startMs: number,
  untilMs: number | undefined,
): Prepared {
  const sampling: Sampling[] = [];
  const holdout: (Sampling | undefined)[] = [];
  const observed: number[] = [];
  const units: string[] = [];
  for (const t of req.targets) {
    const series = readSeries(t.file);
    units.push(series.unit);
    const all = sampleAll(series, startMs, stepHours, steps, t.aggregate ?? "point");
    const until = untilMs ?? Number.POSITIVE_INFINITY;
    const early: number[] = [];
    const late: number[] = [];
    for (let i = 0; i < all.ends.length; i++) (all.ends[i]! <= until ? early : late).push(i);
    if (early.length < 3)
      throw new ScenarioError(
        `series ${series.file}: ${early.length} observation(s) fall inside the fitted window; at least 3 are needed`,
      );
    const s = subset(all, early);
    sampling.push(s);
    observed.push(...moments(s.observed, s.years, t.transform, `${t.file}`));
    holdout.push(late.length === 0 ? undefined : subset(all, late));
  }
  return { sampling, holdout, observed, units };
}

/** One run's targeted columns at the sampled observations (fitted window, then holdout). */
function sampleColumns(req: FitRequest, table: Table, prep: Prepared): Float64Array[] {
  const pick = (column: string, s: Sampling) => {
    const col = table.getChild(column);
    if (!col)
      throw new ScenarioError(
        `fit --target ${column}: no such column (columns: ${table.schema.fields.map((f) => f.name).join(", ")})`,
      );
    return readAt((k) => Number(col.get(k)), s);
  };
  const fitted = req.targets.map((t, i) => pick(t.column, prep.sampling[i]!));
  const later = req.targets.map((t, i) => {
    const h = prep.holdout[i];
    return h ? pick(t.column, h) : new Float64Array(0);
  });
  return [...fitted, ...later];
}

function pointSummary(req: FitRequest): string {
  return req.ranges.map((r) => r.key).join(", ");
}

function meanOf(m: number[][]): number[] {
  return m[0]!.map((_, k) => m.reduce((s, row) => s + row[k]!, 0) / m.length);
}

function sdOf(m: number[][], mean: number[]): number[] {
  return mean.map((mu, k) =>
    Math.sqrt(m.reduce((s, row) => s + (row[k]! - mu) ** 2, 0) / Math.max(1, m.length - 1)),
  );
}

/** A floor under a moment's variance, so a moment no run varies does not dominate. */
function floor(observed: number): number {
  return (1e-3 * Math.max(1, Math.abs(observed))) ** 2;
}

function weights(m: number[][], observed: number[]): number[] {
  const sd = sdOf(m, meanOf(m));
  return sd.map((s, k) => 1 / (s * s + floor(observed[k]!)));
}

function standardErrors(
  ranges: readonly ParamRange[],
  x: readonly number[],
  jac: number[][],
  omega: number[],
  R: number,
): { parameters: FittedParameter[]; rank: number } {
  const d = ranges.length;
  // M = G' W G with W = Ω^-1 (diagonal); Cov = (1 + 1/R) M^-1.
  const m = Array.from({ length: d }, (_, i) =>
    Array.from({ length: d }, (_, j) =>
      jac.reduce((s, row, k) => s + (row[i]! * row[j]!) / omega[k]!, 0),
    ),
  );
  const { values, vectors } = symmetricEigen(m);
  // Pseudo-inverse: directions the moments do not move (eigenvalue ~0) are left
  // out, and a parameter with weight on one of them is not identified.
  const maxEig = Math.max(...values.map(Math.abs), 0);
  const kept = values.map((v) => v > maxEig * 1e-10);
  const cov = Array.from({ length: d }, (_, i) =>
    Array.from({ length: d }, (_, j) =>
      values.reduce((s, v, k) => (kept[k] ? s + (vectors[i]![k]! * vectors[j]![k]!) / v : s), 0),
    ),
  );
  const inNull = Array.from({ length: d }, (_, i) =>
    values.reduce((s, _v, k) => (kept[k] ? s : s + vectors[i]![k]! ** 2), 0),
  );
  const parameters = ranges.map((r, i): FittedParameter => {
    const value = toValue(r, x[i]!);
    const se = inNull[i]! > 0.01 ? Number.POSITIVE_INFINITY : Math.sqrt((1 + 1 / R) * cov[i]![i]!);
    const width = r.hi - r.lo;
    const identified = Number.isFinite(se) && se < width / 2;
    return {
      key: r.key,
      value,
      se,
      ci95: [value - 1.96 * se, value + 1.96 * se],
      identified,
      ...(!identified && {
        note: Number.isFinite(se)
          ? "the targets barely move it: its standard error is over half its range"
          : "the targets do not move it, or only together with another parameter",
      }),
    };
  });
  return { parameters, rank: kept.filter(Boolean).length };
}

/** The share of observations inside the runs' 5-95% band, and the median path's error. */
function band(
  runs: Float64Array[],
  observed: Float64Array,
  transform: Transform = "level",
): { inBand: number; mae: number } {
  let inside = 0;
  let err = 0;
  for (let i = 0; i < observed.length; i++) {
    const xs = runs.map((r) => r[i]!);
    const lo = quantile(xs, 0.05);
    const hi = quantile(xs, 0.95);
    const med = quantile(xs, 0.5);
    const o = observed[i]!;
    if (o >= lo && o <= hi) inside++;
    err +=
      transform !== "level" && o > 0 && med > 0
        ? Math.abs(Math.log(o) - Math.log(med))
        : Math.abs(o - med);
  }
  return { inBand: inside / observed.length, mae: err / observed.length };
}
