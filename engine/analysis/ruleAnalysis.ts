import { type AssertionResult, evaluateAssertion } from "../check/evaluate.ts";
import type { Assertion, CheckSpec } from "../check/spec.ts";
import { HEADLINE_METRICS } from "../check/validate.ts";
import { ParameterError, TokensimError } from "../errors.ts";
import { parseConstraint, toAssertion } from "../optimize/goals.ts";
import { closestPaths } from "../params/overrides.ts";
import { createRng } from "../rng/source.ts";
import { loadScenarioModule } from "../scenario.ts";
import type { SweepManifest } from "../sweep/manifest.ts";
import type { RunRecord } from "../sweep/runRecord.ts";
import type { Feature, Row } from "./cart.ts";
import { checkOutcomes, checkOutcomeValues } from "./checkOutcomes.ts";
import { type Accuracy, type Rule, ruleList } from "./rules.ts";

/** A point's label: every required assertion passes, one fails, or none fails and one is inconclusive. */
export type PointLabel = "pass" | "fail" | "inconclusive";

/** Settings of the rule list (`tokensim analyze --require`). */
export interface RuleOptions {
  /** Assertions every passing point must pass: `<statistic> < v` or `> v`, or the name of one of the scenario's `checks.assertions`. */
  require: readonly string[];
  /** Confidence level of each point's intervals (default: the scenario's `checks.confidence`, else 0.95). */
  confidence?: number;
  /** Deepest tree (default 3). */
  maxDepth?: number;
  /** Fewest labelled points in a leaf (default max(3, ceil(2% of them))). */
  minLeaf?: number;
  /** Folds of the cross-validation (default 5; fewer when a label has fewer points). */
  folds?: number;
}

/** One `--require` assertion and its verdicts over the points. */
export interface RequirementSummary {
  /** As given on the command line. */
  text: string;
  /** As `tokensim check` prints it, e.g. `P(spiralled > 0) < 0.05`. */
  statement: string;
  pass: number;
  fail: number;
  inconclusive: number;
}

/** The `rules` section of `analysis.json`: which settings pass the required assertions. */
export interface RuleAnalysis {
  requirements: RequirementSummary[];
  /** How each point's assertions are decided, as `tokensim check` decides them. */
  evaluation: {
    confidence: number;
    probabilityInterval: "wilson" | "clopper-pearson";
    method: string;
  };
  points: number;
  pass: number;
  fail: number;
  /** Points left out of the tree: some assertion's interval straddles its threshold and none fails. */
  inconclusive: number;
  /** pass / (pass + fail); null with no labelled point. */
  passShare: number | null;
  /** Runs not used: failed (an invariant broke) or errored. */
  runsLeftOut: number;
  /** Each point's label, by point index. */
  labels: PointLabel[];
  classifier: {
    method: string;
    maxDepth: number;
    minLeaf: number;
    depth: number;
    leaves: number;
  };
  /** Pass rules ("keeps") first, then fail rules, each by points covered. */
  rules: Rule[];
  /** Share of the labelled points the tree labels right; null with none. */
  training: Accuracy | null;
  crossValidation: (Accuracy & { folds: number; seed: number; method: string }) | null;
  /** Always guessing the more common label. */
  majority: Accuracy | null;
}

/** The swept parameters as tree features, and each point's values in that order. */
export function sweepFeatures(manifest: SweepManifest): { features: Feature[]; rows: Row[] } {
  const design = manifest.design;
  const keys = design
    ? design.ranges.map((r) => r.key)
    : [...manifest.grid, ...manifest.zip].map((a) => a.key);
  const values = (key: string) => manifest.points.map((p) => p.values[key]!);
  const features: Feature[] = keys.map((key) => {
    const range = design?.ranges.find((r) => r.key === key);
    const vs = values(key);
    if (range ? range.kind === "continuous" : vs.every((v) => typeof v === "number"))
      return { name: key, kind: "numeric", log: range?.kind === "continuous" && range.log };
    const order = range?.kind === "categorical" ? range.levels : [];
    const levels = [...new Set(vs.map(String))].sort(
      (a, b) =>
        (order.indexOf(a) + 1 || Number.MAX_SAFE_INTEGER) -
        (order.indexOf(b) + 1 || Number.MAX_SAFE_INTEGER),
    );
    return { name: key, kind: "categorical", levels };
  });
  const rows = manifest.points.map((p) =>
    features.map((f) => {
      const v = p.values[f.name]!;
      return f.kind === "numeric" ? Number(v) : String(v);
    }),
  );
  return { features, rows };
}

/** `--require` text: the name of a declared assertion, else `<statistic> < v` / `> v` (the `optimize --constraint` language). */
function parseRequirement(text: string, declared: readonly Assertion[]): Assertion {
  const named = declared.find((a) => a.name === text.trim());
  if (named) return named;
  try {
    return toAssertion(parseConstraint(text));
  } catch (err) {
    if (!(err instanceof TokensimError)) throw err;
    const names = declared.length
      ? `, or the name of one of the scenario's checks.assertions (${declared.map((a) => JSON.stringify(a.name)).join(", ")})`
      : "";
    throw new ParameterError(`${err.message.replace(/^--constraint /, "--require ")}${names}`);
  }
}

/**
 * Labels every point of a sweep pass, fail or inconclusive by the required
 * assertions (each evaluated over the point's completed runs exactly as
 * `tokensim check` evaluates it over its runs: Wilson or Clopper-Pearson
 * intervals for probabilities, a seeded percentile bootstrap for quantiles
 * and means), then fits a CART tree over the swept parameters to the
 * labelled points and reads it as rules.
 */
export async function analyzeRules(
  dir: string,
  manifest: SweepManifest,
  records: readonly RunRecord[],
  opts: RuleOptions,
  seed: number,
): Promise<RuleAnalysis> {
  if (opts.require.length === 0) throw new ParameterError("--require: give at least one assertion");
  const { module } = await loadScenarioModule(manifest.scenarioRef);
  const spec = (module.checks ?? {}) as Partial<CheckSpec>;
  const declared = Array.isArray(spec.assertions) ? spec.assertions : [];
  const assertions = opts.require.map((t) => parseRequirement(t, declared));
  const confidence = opts.confidence ?? spec.confidence ?? 0.95;
  const probabilityInterval = spec.probabilityInterval ?? "wilson";

  // Every metric's value per run record (NaN for a run not ok).
  const ok = records.map((r) => r.status === "ok" && r.headline !== null);
  const runOutcomes = new Set(records.flatMap((r) => Object.keys(r.outcomes ?? {})));
  const headline = new Set<string>(HEADLINE_METRICS);
  let checks: Awaited<ReturnType<typeof checkOutcomes>> | undefined;
  const metricValues = new Map<string, Float64Array>();
  for (const a of assertions) {
    const m = a.metric;
    if (metricValues.has(m)) continue;
    if (headline.has(m) || runOutcomes.has(m)) {
      metricValues.set(
        m,
        Float64Array.from(records, (r, k) => {
          if (!ok[k]) return Number.NaN;
          return headline.has(m)
            ? r.headline![m as keyof NonNullable<RunRecord["headline"]>]
            : (r.outcomes?.[m] ?? Number.NaN);
        }),
      );
      continue;
    }
    checks ??= await checkOutcomes(manifest);
    const f = checks.outcomes[m];
    if (!f) {
      const known = [...headline, ...runOutcomes, ...Object.keys(checks.outcomes)];
      throw new ParameterError(
        `--require ${JSON.stringify(a.name)}: unknown metric '${m}' in ${manifest.scenario}: use a headline figure, a run outcome or a checks outcome. Closest: ${closestPaths(m, known).join(", ")}`,
      );
    }
    metricValues.set(m, checkOutcomeValues(dir, manifest, checks.scenario, records, m, f));
  }

  // Per point, the values of its completed runs.
  const n = manifest.points.length;
  const runsOf: number[][] = Array.from({ length: n }, () => []);
  for (const [k, r] of records.entries()) if (ok[k]) runsOf[r.point]!.push(k);
  const verdicts: AssertionResult[][] = assertions.map((a, j) => {
    const v = metricValues.get(a.metric)!;
    return runsOf.map((ks) =>
      evaluateAssertion(
        a,
        ks.map((k) => v[k]!).filter((x) => !Number.isNaN(x)),
        confidence,
        probabilityInterval,
        createRng(`tokensim/check/bootstrap/${j}`),
      ),
    );
  });
  const labels: PointLabel[] = runsOf.map((_, p) => {
    const vs = verdicts.map((v) => v[p]!.verdict);
    if (vs.includes("fail")) return "fail";
    return vs.includes("inconclusive") ? "inconclusive" : "pass";
  });
  const count = (l: PointLabel) => labels.filter((x) => x === l).length;
  const requirements = assertions.map((a, j) => {
    const vs = verdicts[j]!;
    const c = (v: string) => vs.filter((r) => r.verdict === v).length;
    return {
      text: opts.require[j]!.trim(),
      statement: vs[0]?.statement ?? a.name,
      pass: c("pass"),
      fail: c("fail"),
      inconclusive: c("inconclusive"),
    };
  });

  // The tree over the labelled points.
  const { features, rows } = sweepFeatures(manifest);
  const labelled = labels.flatMap((l, p) => (l === "inconclusive" ? [] : [p]));
  const maxDepth = opts.maxDepth ?? 3;
  const minLeaf = opts.minLeaf ?? Math.max(3, Math.ceil(0.02 * labelled.length));
  const folds = opts.folds ?? 5;
  for (const [name, v, lo] of [
    ["--max-depth", maxDepth, 0],
    ["--min-leaf", minLeaf, 1],
    ["--folds", folds, 2],
  ] as const)
    if (!Number.isSafeInteger(v) || v < lo)
      throw new ParameterError(`${name} must be an integer >= ${lo} (got ${v})`);
  const seedText = `tokensim/analyze/rules/${seed}`;
  const fit =
    labelled.length > 0
      ? ruleList(
          features,
          labelled.map((p) => rows[p]!),
          labelled.map((p) => labels[p] === "pass"),
          { maxDepth, minLeaf, folds, seedText },
        )
      : undefined;
  const pass = count("pass");
  const fail = count("fail");
  return {
    requirements,
    evaluation: {
      confidence,
      probabilityInterval,
      method:
        "per point, each assertion over the point's completed runs as tokensim check decides it: pass when its whole interval is on the right side of the threshold, fail when all on the wrong side, else inconclusive (Wilson or Clopper-Pearson for probabilities, a 2,000-resample percentile bootstrap seeded per assertion for quantiles and means); a point passes when every assertion passes, fails when one fails",
    },
    points: n,
    pass,
    fail,
    inconclusive: count("inconclusive"),
    passShare: pass + fail > 0 ? pass / (pass + fail) : null,
    runsLeftOut: ok.filter((x) => !x).length,
    labels,
    classifier: {
      method:
        "CART classification tree (Breiman et al. 1984): binary splits by the largest Gini decrease, numeric parameters at a threshold halfway between neighbouring values (geometric on a log range), categorical ones by equality; sibling leaves with the same label merged",
      maxDepth,
      minLeaf,
      depth: fit?.depth ?? 0,
      leaves: fit?.leaves ?? 0,
    },
    rules: fit?.rules ?? [],
    training: fit?.training ?? null,
    crossValidation: fit?.crossValidation
      ? {
          ...fit.crossValidation,
          seed,
          method: `stratified k-fold: the passing and the failing points each shuffled (Fisher-Yates from Alea("${seedText}")) and dealt to the folds in turn; each fold predicted by a tree fitted on the others`,
        }
      : null,
    majority: fit?.majority ?? null,
  };
}
