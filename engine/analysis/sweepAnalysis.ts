import { existsSync } from "node:fs";
import { join } from "node:path";
import { type DesignMethod, designTrajectories, type SweepDesign } from "../design/design.ts";
import { morrisDelta } from "../design/morris.ts";
import { ParameterError } from "../errors.ts";
import { createRng } from "../rng/source.ts";
import {
  readManifest,
  type SweepManifest,
  sweepPaths,
  writeFileAtomic,
} from "../sweep/manifest.ts";
import { readRunRecords } from "../sweep/tables.ts";
import { analysisTable } from "./analysisTable.ts";
import { checkOutcomes, checkOutcomeValues } from "./checkOutcomes.ts";
import { MAX_WIDTH } from "./convergence.ts";
import { type MorrisEffect, morrisEffects } from "./morrisEffects.ts";
import { chooseOutcomes, perPoint, pointMeans, readRunsTable } from "./outcomes.ts";
import {
  analyzeRules,
  type RuleAnalysis,
  type RuleOptions,
  sweepFeatures,
} from "./ruleAnalysis.ts";
import { type SobolResult, saltelliAnalysis } from "./saltelliAnalysis.ts";

/** Options of {@link analyzeSweep}. */
export interface AnalyzeOptions {
  /**
   * Outcomes: runs.arrow columns, pSpiral, or check outcomes of the scenario
   * (activeRatioEnd, priceRatioEnd, spiralled and its `checks.outcomes`);
   * default: pSpiral, priceEndUsd, providersActiveEnd and every outcome.* column.
   */
  outcomes?: readonly string[];
  /** Bootstrap resamples (default 1000). */
  resamples?: number;
  /** Confidence level of the intervals (default 0.95). */
  confidence?: number;
  /** Seed of the bootstrap (default: the sweep's root seed). */
  seed?: number;
  /** Sobol: the widest interval accepted by the convergence check (default 0.1). */
  maxWidth?: number;
  /**
   * A rule list of the settings that pass these `tokensim check` assertions
   * (`--require`): any sweep (grid, zip or any design); on a saltelli or
   * morris sweep the indices are computed as well. Confidence defaults to the
   * scenario's `checks.confidence`; the cross-validation folds are seeded by `seed`.
   */
  rules?: Omit<RuleOptions, "confidence">;
}

/** What `tokensim analyze` writes to `analysis.json`. */
export interface SweepAnalysis {
  format: "tokensim-analysis/1";
  scenario: string;
  /** The sweep's design (grid or zip for a sweep of plain axes). */
  method: DesignMethod | "grid" | "zip";
  /** Saltelli: base rows N; Morris: trajectories r; otherwise: points. */
  samples: number;
  parameters: string[];
  runsPerPoint: number;
  /** The estimators, in words (none without indices). */
  estimators: Record<string, string>;
  bootstrap: { resamples: number; confidence: number; seed: number; method: string };
  /** Per outcome: Sobol indices (saltelli) or Morris statistics (morris); none for other designs. */
  outcomes: { name: string; sobol?: SobolResult; morris?: MorrisEffect[] }[];
  /** With `--require`: which settings pass the assertions, as rules with their accuracy. */
  rules?: RuleAnalysis;
}

const ESTIMATORS = {
  saltelli: {
    outcome:
      "per point, the mean over its completed runs (pSpiral: the share with a death spiral; a check outcome: its value per run)",
    variance: "V = population variance of f(A) and f(B) together (2N values)",
    firstOrder:
      "S1_i = mean((f(B) - m) (f(A_B^i) - f(A))) / V, m = mean of f(A) and f(B) (Saltelli et al. 2010, table 2 (b), centred)",
    totalOrder:
      "ST_i = mean((f(A) - f(A_B^i))^2) / (2 V) (Jansen 1999; Saltelli et al. 2010, table 2 (f))",
  },
  morris: {
    outcome:
      "per point, the mean over its completed runs (pSpiral: the share with a death spiral; a check outcome: its value per run)",
    elementaryEffect:
      "EE = (y(x + delta e_i) - y(x)) / delta on the unit scale, delta = p / (2 (p - 1))",
    mu: "mean EE (Morris 1991)",
    muStar: "mean |EE| (Campolongo et al. 2007)",
    sigma: "sample standard deviation of EE (n - 1)",
  },
};

/**
 * Analyses a sweep directory: for a saltelli or morris sweep, Sobol indices
 * with bootstrap intervals and a convergence check, or Morris mu, mu* and
 * sigma, for each outcome (written to `analysis.arrow` too, one row per
 * outcome and parameter); with `rules` (any sweep), which settings pass the
 * required check assertions, as a rule list with its accuracy. Writes
 * `analysis.json` into the directory and returns the analysis.
 */
export async function analyzeSweep(dir: string, opts: AnalyzeOptions = {}): Promise<SweepAnalysis> {
  const manifest = readManifest(dir);
  if (!manifest) throw new ParameterError(`${dir}: no manifest.json (not a sweep directory)`);
  const design = manifest.design;
  const gsa = design?.method === "saltelli" || design?.method === "morris";
  const method = design?.method ?? (manifest.grid.length > 0 ? "grid" : "zip");
  if (!gsa && !opts.rules)
    throw new ParameterError(
      `${dir}: analyze needs a sweep made with --design saltelli or morris (this one is ${design ? design.method : "a grid/zip sweep"}), or --require for a rule list of the settings that pass`,
    );
  if (!gsa && (opts.outcomes?.length ?? 0) > 0)
    throw new ParameterError(
      `${dir}: --outcome needs a sweep made with --design saltelli or morris (this one is ${design ? design.method : "a grid/zip sweep"}); --require works on any sweep`,
    );
  if (!existsSync(sweepPaths(dir).runsTable))
    throw new ParameterError(
      `${dir}: no runs.arrow yet (the sweep is incomplete: finish it with --resume)`,
    );
  const seed = opts.seed ?? manifest.rootSeed;
  const boot = { resamples: opts.resamples ?? 1000, confidence: opts.confidence ?? 0.95 };
  if (!Number.isSafeInteger(boot.resamples) || boot.resamples < 10)
    throw new ParameterError(`--bootstrap must be an integer >= 10 (got ${boot.resamples})`);
  const results = gsa && design ? await indices(dir, manifest, design, opts, boot, seed) : [];
  const rules = opts.rules
    ? await analyzeRules(
        dir,
        manifest,
        readRunRecords(dir),
        {
          ...opts.rules,
          ...(opts.confidence !== undefined ? { confidence: opts.confidence } : {}),
        },
        seed,
      )
    : undefined;
  const analysis: SweepAnalysis = {
    format: "tokensim-analysis/1",
    scenario: manifest.scenario,
    method,
    samples: gsa && design ? design.samples : manifest.points.length,
    parameters: sweepFeatures(manifest).features.map((f) => f.name),
    runsPerPoint: manifest.runsPerPoint,
    estimators: gsa ? ESTIMATORS[method as "saltelli" | "morris"] : {},
    bootstrap: {
      ...boot,
      seed,
      method:
        'percentile intervals over resampled base rows (saltelli) or trajectories (morris), from Alea("tokensim/analyze/<seed>")',
    },
    outcomes: results,
    ...(rules ? { rules } : {}),
  };
  writeFileAtomic(join(dir, "analysis.json"), `${JSON.stringify(analysis, jsonNumbers, 2)}\n`);
  if (gsa) writeFileAtomic(join(dir, "analysis.arrow"), analysisTable(analysis));
  return analysis;
}

/** Sobol indices or Morris effects of each outcome of a saltelli or morris sweep. */
async function indices(
  dir: string,
  manifest: SweepManifest,
  design: SweepDesign,
  opts: AnalyzeOptions,
  boot: { resamples: number; confidence: number },
  seed: number,
): Promise<SweepAnalysis["outcomes"]> {
  const runs = readRunsTable(dir);
  const named = opts.outcomes ?? [];
  // The scenario is loaded only for an outcome runs.arrow does not hold.
  const checks = named.some((n) => !runs.outcomes.includes(n))
    ? await checkOutcomes(manifest)
    : undefined;
  const outcomes = chooseOutcomes(runs, named, Object.keys(checks?.outcomes ?? {}));
  const records = checks ? readRunRecords(dir) : [];
  /** An outcome's value per point: a runs.arrow column's, or a check outcome's mean over the point's runs. */
  const pointValues = (name: string): Float64Array => {
    if (runs.outcomes.includes(name) || !checks) return perPoint(runs, manifest, name);
    const f = checks.outcomes[name]!;
    const v = checkOutcomeValues(dir, manifest, checks.scenario, records, name, f);
    return pointMeans(manifest, name, records.length, (k) => ({
      point: records[k]!.point,
      value: v[k]!,
    }));
  };
  const keys = design.ranges.map((r) => r.key);
  // Every outcome sees the same resamples: one stream per outcome, from the same seed.
  const rng = () => createRng(`tokensim/analyze/${seed}`);
  const trajectories = design.method === "morris" ? designTrajectories(design) : [];
  return outcomes.map((name) => {
    const y = pointValues(name);
    if (design.method === "saltelli")
      return {
        name,
        sobol: saltelliAnalysis(y, keys, design.samples, boot, rng(), opts.maxWidth ?? MAX_WIDTH),
      };
    const delta = morrisDelta(design.levels ?? 4);
    return { name, morris: morrisEffects(y, keys, trajectories, delta, boot, rng()) };
  });
}

/** NaN (a constant outcome's indices) is written as null. */
const jsonNumbers = (_: string, v: unknown) =>
  typeof v === "number" && !Number.isFinite(v) ? null : v;
