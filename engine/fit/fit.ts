import { tableFromIPC } from "apache-arrow";
import { quantile } from "simple-statistics";
import { ScenarioError } from "../errors.ts";
import { MemorySink } from "../metrics/arrow.ts";
import { CmaEs } from "../optimize/cmaes.ts";
import { symmetricEigen } from "../optimize/eigen.ts";
import { type ParamRange, pointSets, toValue } from "../optimize/ranges.ts";
import { runSimulation } from "../pipeline/run.ts";
import { createRng } from "../rng/source.ts";
import { resolveParams, type Scenario } from "../scenario.ts";
import { parseTime, readSeries } from "../series/read.ts";
import { MOMENT_NAMES, moments, type Sampling, sampleRun, type Transform } from "./moments.ts";

/** An observed series to match: a per-step column of `steps.arrow` against a file. */
export interface FitTarget {
  /** The simulated column, e.g. `priceUsd` (see docs/output.md). */
  column: string;
  /** The observed series (CSV, JSON or Arrow; see `readSeries`). */
  file: string;
  /** Compare in logs (default; relative errors) or in levels. */
  transform: Transform;
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
}

interface FittedParameter {
  key: string;
  value: number;
  /** Asymptotic standard error (method of simulated moments). */
  se: number;
  ci95: [number, number];
  /** False when the targets barely constrain it (see `note`). */
  identified: boolean;
  note?: string;
}

interface MomentFit {
  name: (typeof MOMENT_NAMES)[number];
  observed: number;
  simulated: number;
  /** Standard deviation of one run's moment at the fitted parameters. */
  sd: number;
  /** (observed − simulated) / sd·√(1 + 1/R). */
  z: number;
}

interface TargetFit {
  column: string;
  file: string;
  transform: Transform;
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
}

/**
 * Fits the ranged parameters of a scenario so that its simulated series match
 * observed ones (see {@link METHOD}); reports each parameter with a standard
 * error and whether the targets identify it, each target's moments and band
 * coverage, and with `until`, the backtest on the later observations.
 */
export async function runFit(req: FitRequest): Promise<FitResult> {
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
  const simulate = async (x: readonly number[]): Promise<Float64Array[][]> => {
    const params = resolveParams(req.scenario, [...req.sets, ...pointSets(req.ranges, x)]);
    const out: Float64Array[][] = [];
    for (let r = 0; r < R; r++) {
      if (req.signal?.aborted) throw new ScenarioError("fit: interrupted");
      out.push(await sampleColumns(req, params, seed, r, prep));
      done++;
      req.onRun?.(done, planned);
    }
    return out;
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
  const w = weights(momentsOf(await simulate(centre)), prep.observed);
  const loss = (m: number[][]) => {
    const mean = meanOf(m);
    return mean.reduce((s, v, k) => s + w[k]! * (v - prep.observed[k]!) ** 2, 0);
  };
  let best = { x: centre, j: Number.POSITIVE_INFINITY };
  for (let g = 0; g < G; g++) {
    const xs = cma.ask();
    const scored: { x: number[]; j: number }[] = [];
    for (const x of xs) {
      const outside = x.reduce((s, u) => s + (u < 0 ? -u : u > 1 ? u - 1 : 0), 0);
      // Outside the ranges: ranked behind every candidate inside, and not run.
      const j = outside > 0 ? 1e12 * (1 + outside) : loss(momentsOf(await simulate(x)));
      scored.push({ x, j });
      if (j < best.j) best = { x: [...x], j };
    }
    scored.sort((a, b) => a.j - b.j);
    cma.tell(scored.map((s) => s.x));
    if (cma.sigma < 1e-3) break;
  }

  // At the optimum: the moments' spread (Ω), their Jacobian (G), the bands.
  const atBest = await simulate(best.x);
  const mBest = momentsOf(atBest);
  const mean = meanOf(mBest);
  const sd = sdOf(mBest, mean);
  const jac: number[][] = mean.map(() => new Array(d).fill(0));
  for (let i = 0; i < d; i++) {
    const up = [...best.x];
    const down = [...best.x];
    up[i] = Math.min(1, best.x[i]! + 0.05);
    down[i] = Math.max(0, best.x[i]! - 0.05);
    const dv = toValue(req.ranges[i]!, up[i]!) - toValue(req.ranges[i]!, down[i]!);
    const mu = meanOf(momentsOf(await simulate(up)));
    const md = meanOf(momentsOf(await simulate(down)));
    for (let k = 0; k < mean.length; k++) jac[k]![i] = dv === 0 ? 0 : (mu[k]! - md[k]!) / dv;
  }
  const omega = sd.map((s, k) => s * s + floor(prep.observed[k]!));
  const { parameters, rank } = standardErrors(req.ranges, best.x, jac, omega, R);
  const inflate = Math.sqrt(1 + 1 / R);
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
    const fit: TargetFit = {
      column: t.column,
      file: t.file,
      transform: t.transform,
      observations: s.observed.length,
      moments: ms,
      inBand90: band(
        atBest.map((r) => r[ti]!),
        s.observed,
      ).inBand,
    };
    const h = prep.holdout[ti];
    if (h) {
      const b = band(
        atBest.map((r) => r[req.targets.length + ti]!),
        h.observed,
        t.transform,
      );
      fit.holdout = { observations: h.observed.length, meanAbsError: b.mae, inBand90: b.inBand };
    }
    return fit;
  });
  const j = targets.reduce((s, t) => s + t.moments.reduce((a, m) => a + m.z * m.z, 0), 0);
  return {
    method: METHOD,
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
  };
}

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
  for (const t of req.targets) {
    const series = readSeries(t.file);
    const s = sampleRun(series, startMs, stepHours, steps, untilMs);
    sampling.push(s);
    observed.push(...moments(s.observed, s.years, t.transform, `${t.file}`));
    if (untilMs === undefined) holdout.push(undefined);
    else {
      const later = { ...series, times: series.times, values: series.values };
      const all = sampleRun(later, startMs, stepHours, steps);
      const keep = Array.from(all.years, (_, i) => i).filter(
        (i) => all.years[i]! * 8760 * 3_600_000 + startMs > untilMs,
      );
      holdout.push(
        keep.length === 0
          ? undefined
          : {
              steps: Int32Array.from(keep, (i) => all.steps[i]!),
              years: Float64Array.from(keep, (i) => all.years[i]!),
              observed: Float64Array.from(keep, (i) => all.observed[i]!),
            },
      );
    }
  }
  return { sampling, holdout, observed };
}

/** One run's targeted columns at the sampled steps (fitted window, then holdout). */
async function sampleColumns(
  req: FitRequest,
  params: ReturnType<typeof resolveParams>,
  seed: number,
  runIndex: number,
  prep: Prepared,
): Promise<Float64Array[]> {
  const sink = new MemorySink();
  const summary = await runSimulation({ scenario: req.scenario, params, seed, runIndex }, sink);
  if (summary.status !== "ok")
    throw new ScenarioError(
      `fit: a run failed (${summary.failure?.message ?? "invariant"}) at ${pointSummary(req)}`,
    );
  const table = tableFromIPC(sink.bytes());
  const pick = (column: string, s: Sampling) => {
    const col = table.getChild(column);
    if (!col)
      throw new ScenarioError(
        `fit --target ${column}: no such column (columns: ${table.schema.fields.map((f) => f.name).join(", ")})`,
      );
    return Float64Array.from(s.steps, (k) => Number(col.get(k)));
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
      transform === "log" && o > 0 && med > 0
        ? Math.abs(Math.log(o) - Math.log(med))
        : Math.abs(o - med);
  }
  return { inBand: inside / observed.length, mae: err / observed.length };
}
