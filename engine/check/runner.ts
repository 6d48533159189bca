import { basename, join } from "node:path";
import { ScenarioError, TokensimError } from "../errors.ts";
import { scenarioOutputs } from "../pipeline/run.ts";
import { createRng } from "../rng/source.ts";
import { loadScenario, loadScenarioModule, resolveParams, scenarioPath } from "../scenario.ts";
import { version } from "../version.ts";
import {
  type BaselineFile,
  baselineSamples,
  compareToBaseline,
  type DriftResult,
  readBaseline,
  writeBaseline,
} from "./baseline.ts";
import { type AssertionResult, evaluateAssertion } from "./evaluate.ts";
import { evaluateRareAssertion } from "./rare.ts";
import type { CheckRunResult } from "./runOne.ts";
import { type CheckSpec, DEFAULT_DRIFT_METRICS } from "./spec.ts";
import { validateChecks } from "./validate.ts";

/** Runs a batch of check runs of a scenario file and returns their results (any order). */
export type CheckExecutor = (
  file: string,
  seed: number,
  runIndices: readonly number[],
) => Promise<CheckRunResult[]>;

/** Options of {@link checkScenario}. */
export interface CheckOptions {
  executor: CheckExecutor;
  /** Add batches of runs until every assertion is decided or the budget is spent. */
  untilConclusive?: boolean;
  /** Record this run's distributions as the new baseline instead of comparing. */
  updateBaseline?: boolean;
  /** Where baselines live (default `<scenario dir>/baselines`). */
  baselineDir?: string;
  /** Overrides the scenario's `checks.runs`. */
  runs?: number;
  onProgress?: (done: number, total: number) => void;
}

/** A scenario's check results. */
export interface ScenarioReport {
  file: string;
  scenario: string;
  status: "pass" | "fail" | "error";
  error?: string;
  runs: number;
  seed: number;
  assertions: AssertionResult[];
  builtinFailures: { runIndex: number; seed: number; message: string }[];
  stepInvariants: {
    name: string;
    violations: { runIndex: number; metric: string; step: number; value: number }[];
  }[];
  drift: DriftResult[] | null;
  baseline: { path: string; action: "compared" | "updated" | "missing" };
}

/** Loads a scenario file's `scenario` and `checks` exports and validates the checks. */
export async function loadChecks(
  file: string,
): Promise<{ scenarioName: string; spec: CheckSpec; runOutcomes: string[] }> {
  const scenario = await loadScenario(file);
  const mod = (await loadScenarioModule(file)).module as { checks?: unknown };
  if (mod.checks === undefined)
    throw new ScenarioError(`${file}: exports no 'checks' (see docs/check.md)`);
  const params = resolveParams(scenario, []);
  // The scenario's and its phases' own columns and outcomes are metrics too.
  const own = scenarioOutputs(scenario, params);
  const spec = validateChecks(file, mod.checks, own.columns, own.outcomes);
  resolveParams(scenario, [...(spec.sets ?? [])]);
  return { scenarioName: scenario.name, spec, runOutcomes: own.outcomes };
}

/** The baseline file path of a scenario. */
export function baselinePath(file: string, scenarioName: string, dir?: string): string {
  return join(dir ?? join(scenarioPath(file), "..", "baselines"), `${scenarioName}.json`);
}

/**
 * Runs a scenario's Monte Carlo checks: its runs (in batches with
 * `untilConclusive`), every assertion with a confidence interval, the user step
 * invariants and the built-in ones, and drift against the committed baseline.
 * Problems with the scenario itself come back as status "error", with the file
 * and the problem named.
 */
export async function checkScenario(file: string, opts: CheckOptions): Promise<ScenarioReport> {
  const report: ScenarioReport = {
    file,
    scenario: basename(file).replace(/\.ts$/, ""),
    status: "error",
    runs: 0,
    seed: 0,
    assertions: [],
    builtinFailures: [],
    stepInvariants: [],
    drift: null,
    baseline: { path: "", action: "missing" },
  };
  let spec: CheckSpec;
  let runOutcomes: string[];
  try {
    const loaded = await loadChecks(file);
    spec = loaded.spec;
    runOutcomes = loaded.runOutcomes;
    report.scenario = loaded.scenarioName;
  } catch (err) {
    if (err instanceof TokensimError) {
      report.error = err.message;
      return report;
    }
    report.error = `${file}: ${(err as Error).message}`;
    return report;
  }
  const seed = spec.seed ?? 1;
  const firstRuns = opts.runs ?? spec.runs ?? 30;
  const batch = spec.batchRuns ?? firstRuns;
  const budget = Math.max(firstRuns, spec.maxRuns ?? 10 * firstRuns);
  const confidence = spec.confidence ?? 0.95;
  const results: CheckRunResult[] = [];
  let target = firstRuns;
  for (;;) {
    const indices = Array.from({ length: target - results.length }, (_, k) => results.length + k);
    const fresh = await opts.executor(file, seed, indices);
    results.push(...fresh);
    results.sort((a, b) => a.runIndex - b.runIndex);
    opts.onProgress?.(results.length, opts.untilConclusive ? budget : target);
    report.assertions = evaluateAll(spec, results, confidence);
    const undecided = report.assertions.some((a) => a.verdict === "inconclusive");
    if (!opts.untilConclusive || !undecided || results.length >= budget) break;
    target = Math.min(budget, results.length + batch);
  }
  if (spec.rare !== undefined && spec.rare.length > 0) {
    // Rare-event assertions: estimated by splitting in this thread, not from the runs above.
    try {
      const scenario = await loadScenario(file);
      const params = resolveParams(scenario, [...(spec.sets ?? [])]);
      for (const a of spec.rare)
        report.assertions.push(evaluateRareAssertion(scenario, params, a, confidence, seed));
    } catch (err) {
      if (!(err instanceof TokensimError || err instanceof RangeError)) throw err;
      report.error = `${file}: rare assertion: ${err.message}`;
      report.assertions = [];
      return report;
    }
  }
  report.runs = results.length;
  report.seed = seed;
  for (const r of results) {
    if (r.status === "failed")
      report.builtinFailures.push({ runIndex: r.runIndex, seed, message: r.failure ?? "failed" });
  }
  report.stepInvariants = (spec.stepInvariants ?? []).map((inv) => ({
    name: inv.name,
    violations: results.flatMap((r) =>
      r.stepViolations
        .filter((v) => v.invariant === inv.name)
        .map((v) => ({ runIndex: r.runIndex, metric: inv.metric, step: v.step, value: v.value })),
    ),
  }));
  const driftMetrics = spec.drift?.metrics ?? [
    ...DEFAULT_DRIFT_METRICS,
    ...runOutcomes,
    ...Object.keys(spec.outcomes ?? {}),
  ];
  const samples: Record<string, number[]> = {};
  for (const m of driftMetrics) samples[m] = results.map((r) => r.values[m]!);
  const path = baselinePath(file, report.scenario, opts.baselineDir);
  report.baseline = { path, action: "missing" };
  if (opts.updateBaseline) {
    const b: BaselineFile = {
      format: "tokensim-baseline/1",
      scenario: report.scenario,
      tokensimVersion: version,
      seed,
      runs: results.length,
      sets: [...(spec.sets ?? [])],
      metrics: baselineSamples(samples),
    };
    writeBaseline(path, b);
    report.baseline.action = "updated";
  } else {
    const b = readBaseline(path);
    if (b) {
      report.drift = compareToBaseline(b, samples, spec.drift?.alpha ?? 0.01);
      report.baseline.action = "compared";
    }
  }
  const failed =
    report.assertions.some((a) => a.verdict === "fail") ||
    report.builtinFailures.length > 0 ||
    report.stepInvariants.some((s) => s.violations.length > 0) ||
    (report.drift ?? []).some((d) => d.drifted);
  report.status = failed ? "fail" : "pass";
  return report;
}

function evaluateAll(
  spec: CheckSpec,
  results: readonly CheckRunResult[],
  confidence: number,
): AssertionResult[] {
  // The bootstrap's own stream: fixed, so the same runs give the same intervals.
  return spec.assertions.map((a, k) =>
    evaluateAssertion(
      a,
      results.map((r) => r.values[a.metric]!),
      confidence,
      spec.probabilityInterval ?? "wilson",
      createRng(`tokensim/check/bootstrap/${k}`),
    ),
  );
}

/** Whether a report counts as failing, given the inconclusive policy. */
export function reportFails(r: ScenarioReport, allowInconclusive: boolean): boolean {
  return (
    r.status !== "pass" ||
    (!allowInconclusive && r.assertions.some((a) => a.verdict === "inconclusive"))
  );
}
