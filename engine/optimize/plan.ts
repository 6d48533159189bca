import { hash53 } from "../rng/seed.ts";
import { loadScenario, resolveParams, type Scenario } from "../scenario.ts";
import { scenarioSha256 } from "../sweep/task.ts";
import { type Constraint, type Objective, parseConstraint, parseObjective } from "./goals.ts";
import { type MetricPlan, planMetrics } from "./metrics.ts";
import { checkSearchRanges, parseSearchRange } from "./ranges.ts";
import { OptimizeError, type StudySettings } from "./record.ts";

/** A study as asked for (the CLI's flags, or a program's call); see docs/optimize.md. */
export interface StudyRequest {
  /** Scenario file or bundled name. */
  scenario: string;
  /** `key=lo:hi[:log]` or `key=a,b,c` (a choice of levels), one per searched parameter. */
  ranges: readonly string[];
  /** `min:<statistic>` or `max:<statistic>`; two or more make a multi-objective study (NSGA-II). */
  objectives: readonly string[];
  /** `<statistic> < v` or `> v`. */
  constraints?: readonly string[];
  /** Fixed overrides of every run. */
  sets?: readonly string[];
  seed?: number;
  budget?: number;
  population?: number;
  maxGenerations?: number;
  runs?: number;
  batchRuns?: number;
  maxRuns?: number;
  finalRuns?: number;
  confidence?: number;
}

/** A planned study: its settings and what evaluating it needs. */
export interface StudyPlan {
  settings: StudySettings;
  scenario: Scenario;
  objectives: Objective[];
  constraints: Constraint[];
  metrics: MetricPlan;
}

/** How run seeds are chosen, as recorded in study.json. */
const SEED_RULE =
  "generation g: seed = hash53('tokensim/optimize/<seed>/g/<g>') mod 2^32 for every candidate (common random numbers), run index r = 0, 1, ...; final re-evaluation: hash53('tokensim/optimize/<seed>/final') mod 2^32";

/** The root seed of a generation's runs (or of the final re-evaluation's, on fresh seeds). */
export const generationSeed = (seed: number, g: number | "final"): number =>
  hash53(g === "final" ? `tokensim/optimize/${seed}/final` : `tokensim/optimize/${seed}/g/${g}`) %
  4294967296;

const positive = (name: string, v: number) => {
  if (!Number.isSafeInteger(v) || v < 1)
    throw new OptimizeError(`${name} must be a positive integer (got ${v})`);
  return v;
};

/**
 * Plans a study: parses and checks the ranges, objectives, constraints and
 * metrics against the scenario, and fills in the defaults, before any run.
 */
export async function planStudy(req: StudyRequest): Promise<StudyPlan> {
  const scenario = await loadScenario(req.scenario);
  const sets = [...(req.sets ?? [])];
  const params = resolveParams(scenario, sets);
  const ranges = checkSearchRanges(scenario, req.ranges.map(parseSearchRange), sets);
  if (req.objectives.length === 0)
    throw new OptimizeError("give at least one --objective, e.g. min:probability(spiralled>0)");
  const objectives = req.objectives.map(parseObjective);
  const constraints = (req.constraints ?? []).map(parseConstraint);
  const names = [...objectives, ...constraints].map((g) => g.statistic.metric);
  const metrics = await planMetrics(req.scenario, scenario, params, names);
  const multi = objectives.length > 1;
  const n = ranges.length;
  const population = positive(
    "population",
    req.population ?? (multi ? Math.max(12, 4 * n) : 4 + Math.floor(3 * Math.log(n))),
  );
  if (multi && population % 2 === 1)
    throw new OptimizeError(`NSGA-II needs an even population (got ${population})`);
  if (!multi && population < 2) throw new OptimizeError("CMA-ES needs a population of 2 or more");
  const runs = positive("runs", req.runs ?? 8);
  const maxRuns = positive("max-runs", req.maxRuns ?? Math.max(32, runs));
  if (maxRuns < runs) throw new OptimizeError(`max-runs (${maxRuns}) is below runs (${runs})`);
  const budget = positive("budget", req.budget ?? 600);
  if (budget < population * runs)
    throw new OptimizeError(
      `budget ${budget} runs is too small for one generation: ${population} candidates × ${runs} runs = ${population * runs}`,
    );
  const confidence = req.confidence ?? 0.95;
  if (!(confidence > 0 && confidence < 1))
    throw new OptimizeError(`confidence must be in (0, 1) (got ${confidence})`);
  const seed = req.seed ?? 42;
  if (!Number.isSafeInteger(seed) || seed < 0)
    throw new OptimizeError(`seed must be a non-negative integer (got ${seed})`);
  const settings: StudySettings = {
    format: "tokensim-optimize/1",
    scenario: scenario.name,
    scenarioRef: req.scenario,
    scenarioSha256: scenarioSha256(req.scenario),
    sets,
    ranges,
    objectives: objectives.map((o) => o.text),
    constraints: constraints.map((c) => c.text),
    algorithm: multi ? "nsga-ii" : "cma-es",
    seed,
    budget,
    population,
    maxGenerations: positive("generations", req.maxGenerations ?? 100),
    runs,
    batchRuns: positive("batch-runs", req.batchRuns ?? runs),
    maxRuns,
    finalRuns: positive("final-runs", req.finalRuns ?? 64),
    confidence,
    sigma0: 0.3,
    seedRule: SEED_RULE,
  };
  return { settings, scenario, objectives, constraints, metrics };
}
