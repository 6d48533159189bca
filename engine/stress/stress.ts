import { existsSync, readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import type { SpiralLeg } from "../metrics/deathSpiral.ts";
import { parseConstraint } from "../optimize/goals.ts";
import type { StudyRequest } from "../optimize/plan.ts";
import { parseRange } from "../optimize/ranges.ts";
import {
  type CandidateRecord,
  type GenerationRecord,
  OptimizeError,
  studyJson,
  writeFileAtomic,
} from "../optimize/record.ts";
import { scoreRuns } from "../optimize/score.ts";
import { type OptimizeResult, runStudy, type StudyOptions } from "../optimize/study.ts";
import { loadScenario, resolveParams } from "../scenario.ts";
import type { RunTask } from "../sweep/task.ts";
import { version } from "../version.ts";
import { type ShockCost, shockCost } from "./cost.ts";
import { SHOCK_COST } from "./outcomes.ts";
import { stressPointsArrow } from "./pointsArrow.ts";
import { portableStressExecutor } from "./portable.ts";
import { FIRST_LEG, legsOf, NEARNESS, START_STEP } from "./probe.ts";
import { type StressTrajectories, writeStressTrajectories } from "./trajectories.ts";
import { writeStressScenario } from "./wrapper.ts";

/**
 * The shock families the search knows: the parameters each searches (full keys),
 * and the parameter that switches it off (`on` set to `off`) when it is not searched.
 */
const FAMILIES = {
  crash: {
    on: "shocks.crashStartStep",
    off: -1,
    keys: ["shocks.crashDrop", "shocks.crashSteps", "shocks.crashStartStep"],
  },
  liquidity: {
    on: "shocks.liquidityStep",
    off: -1,
    keys: ["shocks.liquidityWithdrawShare", "shocks.liquidityStep"],
  },
  power: {
    on: "shocks.powerStartStep",
    off: -1,
    keys: ["shocks.powerMultiplier", "shocks.powerSteps", "shocks.powerStartStep"],
  },
  hardware: {
    on: "shocks.hardwareGenStep",
    off: -1,
    keys: ["shocks.hardwareGenShare", "shocks.hardwareGenStep"],
  },
  demand: {
    on: "shocks.demandDropStartStep",
    off: -1,
    keys: ["shocks.demandDropShare", "shocks.demandDropSteps", "shocks.demandDropStartStep"],
  },
  // Coordinated cheating: the share of the scenario's cheaters that form rings, and the rings' size.
  cheating: { on: "rings.share", off: 0, keys: ["rings.share", "rings.size"] },
} as const;
type Family = keyof typeof FAMILIES;

/** A stress search as asked for; see docs/stress.md. The study settings are the optimiser's. */
export interface StressRequest
  extends Omit<StudyRequest, "scenario" | "ranges" | "objectives" | "constraints"> {
  scenario: string;
  /** What the shock must cause; only "spiral" (a death spiral) for now. */
  target?: string;
  /** The probability the shock must exceed (default 0.5). */
  p?: number;
  /** Shock families to search (default crash); the others are switched off unless `sets` turn them on. */
  shocks?: readonly string[];
  /** `shocks.key=lo:hi[:log]`, replacing a family's default range. */
  ranges?: readonly string[];
  /** Spiralled final runs per minimal shock re-run with their steps to find the leg that started the spiral (default 16). */
  legRuns?: number;
}

/** A probability with its interval. */
export interface Probability {
  estimate: number;
  lower: number;
  upper: number;
  method: string;
}

/** One evaluated candidate of the search, as the frontier lists it. */
export interface FrontierPoint {
  parameters: Record<string, number>;
  costUsd: number;
  runs: number;
  spirals: number;
  pSpiral: Probability;
  /** Search generation (or "final" for a re-evaluated one). */
  generation: number | "final";
}

/** A minimal shock: a finalist re-evaluated on fresh seeds. */
export interface MinimalShock {
  source: string;
  parameters: Record<string, number>;
  sets: string[];
  cost: ShockCost;
  pSpiral: Probability & { verdict: string };
  /** P(spiral) above p on the fresh runs. */
  feasible: boolean;
  runs: number;
  spirals: number;
  /** Which leg started the spiral, over the spiralled runs re-run with their steps. */
  firstLeg: {
    runsExamined: number;
    /** Runs whose spiral this leg started (a tie counts for each leg). */
    counts: Record<SpiralLeg, number>;
    /** The most frequent first leg (null when no run spiralled). */
    mostly: SpiralLeg | null;
    meanStartStep: number | null;
  };
}

/** What `stress.json` holds. */
export interface StressResult {
  format: "tokensim-stress-result/1";
  tokensimVersion: string;
  scenario: string;
  target: "spiral";
  p: number;
  confidence: number;
  families: Family[];
  costMeasure: string;
  /** The optimiser's study (optimize.json, history.arrow, generations/) in this folder. */
  study: {
    objective: string;
    constraint: string;
    /** The second constraint, implied by the first: it ranks shocks that never spiral. */
    nearness: string;
    ranges: string[];
    sets: string[];
  };
  stopped: OptimizeResult["stopped"];
  runs: { search: number; final: number; legs: number };
  /** Finalists, feasible first, then by cost (the first feasible one is the breaking point). */
  minimal: MinimalShock[];
  /** The cheapest shock that spiralled with P > p on fresh seeds (null: none found within the ranges). */
  breakingPoint: MinimalShock | null;
  /**
   * The cheapest evaluated candidate whose own runs put P(spiral) at p or above (search
   * or final runs; unconfirmed on fresh seeds unless it is a finalist); null when none.
   */
  searchCheapest: FrontierPoint | null;
  /** Non-dominated evaluated candidates: no other is cheaper with a P(spiral) as high; by cost. */
  frontier: FrontierPoint[];
  evaluated: number;
  /** Every evaluated candidate, one row each, with `onFrontier` (file in this folder). */
  points: "stress-points.arrow";
  /**
   * The breaking point's first spiralled run and the same run without shocks, per
   * step (files in this folder); null when there is no breaking point.
   */
  trajectories: StressTrajectories | null;
}

const COST_MEASURE =
  "USD: crash = value at the initial price of the tokens one sale must hold to move the initial AMM (USD reserve market.ammUsdDepth, fee market.feeRate) down by the depth the crash reaches; liquidity = withdrawn share × market.ammUsdDepth; power = (multiplier − 1) × region price × power drawn by the region's initial providers at base-demand utilisation × hours; hardware generation = 0; demand drop = share × demand.baseGpuHoursPerHour × hours of the drop × pricing.usdPerGpuHour (client payments lost at base demand and price); cheating = rings.share × providers.cheaterShare × providers.initial × staking.minStakeTokens × market.initialPriceUsd (the stake the ring members put at risk); total = sum";

/** The default search range of a shock parameter (key without its section), for a run of `steps` steps. */
function defaultRange(key: string, steps: number): string {
  const half = Math.max(1, Math.floor(steps / 2));
  const start = `0:${half}`;
  switch (key) {
    case "crashDrop":
      return "0.05:0.95";
    case "crashSteps":
      return `1:${Math.max(2, Math.min(336, steps))}`;
    case "liquidityWithdrawShare":
      return "0.05:0.95";
    case "powerMultiplier":
      return "1:10";
    case "powerSteps":
      return `1:${Math.max(2, Math.min(2160, steps))}`;
    case "hardwareGenShare":
      return "0.05:1";
    case "demandDropShare":
      return "0.05:0.95";
    case "demandDropSteps":
      return `1:${Math.max(2, Math.min(2160, steps))}`;
    case "share":
      return "0.05:1";
    case "size":
      return "2:100";
    default:
      return start;
  }
}

const bad = (msg: string) => new OptimizeError(msg);

/** Whether the resolved parameters have `key` (`section.field`), e.g. a scenario without rings has no `rings.share`. */
function hasParam(params: object, key: string): boolean {
  const [section, field] = key.split(".") as [string, string];
  const sec = (params as Record<string, unknown>)[section];
  return typeof sec === "object" && sec !== null && field in sec;
}

/** The optimiser's request for a stress search, and what it needs to read the result. */
async function planStress(req: StressRequest, out: string) {
  const target = req.target ?? "spiral";
  if (target !== "spiral") throw bad(`--target ${target}: only 'spiral' is supported`);
  const p = req.p ?? 0.5;
  if (!(p >= 0 && p < 1)) throw bad(`--p ${p}: expected a probability in [0, 1)`);
  const families = [...new Set(req.shocks ?? ["crash"])];
  if (families.length === 0) throw bad("give at least one shock family");
  for (const f of families)
    if (!(f in FAMILIES))
      throw bad(`--shocks ${f}: unknown shock family (one of ${Object.keys(FAMILIES).join(", ")})`);
  const fams = families as Family[];
  const scenario = await loadScenario(req.scenario);
  const userSets = [...(req.sets ?? [])];
  const setKeys = new Set(userSets.map((s) => s.split("=")[0]!.trim()));
  const params = resolveParams(scenario, userSets);
  if (!("shocks" in params) || typeof params.shocks?.crashDrop !== "number")
    throw bad(`${scenario.name} has no shocks.* parameters to search`);
  for (const f of fams)
    if (!hasParam(params, FAMILIES[f].on))
      throw bad(`--shocks ${f}: ${scenario.name} has no ${FAMILIES[f].on} parameter`);
  // Families not searched are off, unless the user's --set turns them on (or the scenario lacks them).
  const off = Object.entries(FAMILIES)
    .filter(
      ([f, fam]) => !fams.includes(f as Family) && !setKeys.has(fam.on) && hasParam(params, fam.on),
    )
    .map(([, fam]) => `${fam.on}=${fam.off}`);
  const sets = [...off, ...userSets];
  const steps = resolveParams(scenario, sets).sim.steps;
  const userRanges = (req.ranges ?? []).map(parseRange);
  for (const r of userRanges)
    if (!r.key.startsWith("shocks.") && !r.key.startsWith("rings."))
      throw bad(
        `--range ${r.key}: a stress search ranges over rings.* and shocks.* parameters only`,
      );
  const ranges: string[] = [];
  const seen = new Set<string>();
  for (const f of fams)
    for (const key of FAMILIES[f].keys) {
      const k = key.slice(key.indexOf(".") + 1);
      seen.add(key);
      const user = (req.ranges ?? []).find((r) => r.split("=")[0]!.trim() === key);
      if (user) ranges.push(user);
      else if (!setKeys.has(key)) ranges.push(`${key}=${defaultRange(k, steps)}`);
    }
  for (const r of req.ranges ?? []) if (!seen.has(r.split("=")[0]!.trim())) ranges.push(r);
  const objective = `min:mean(${SHOCK_COST})`;
  const constraint = `probability(spiralled>0)>${p}`;
  // Implied by the first (nearness >= spiralled in every run); it ranks shocks that never spiral.
  const nearness = `mean(${NEARNESS})>${p}`;
  const ref = writeStressScenario(req.scenario, out);
  const opt = <T>(key: string, value: T | undefined) =>
    value === undefined ? {} : { [key]: value };
  const study = {
    scenario: ref,
    ranges,
    objectives: [objective],
    constraints: [constraint, nearness],
    sets,
    ...opt("seed", req.seed),
    ...opt("budget", req.budget),
    ...opt("population", req.population),
    ...opt("maxGenerations", req.maxGenerations),
    ...opt("runs", req.runs),
    ...opt("batchRuns", req.batchRuns),
    ...opt("maxRuns", req.maxRuns),
    ...opt("finalRuns", req.finalRuns),
    ...opt("confidence", req.confidence),
  };
  const legRuns = req.legRuns ?? 16;
  if (!Number.isSafeInteger(legRuns) || legRuns < 0)
    throw bad(`leg-runs must be a non-negative integer (got ${legRuns})`);
  return { p, fams, scenario, study, objective, constraint, nearness, legRuns };
}

// JSON has no Infinity or NaN: the study files write them as strings.
const decode = (_: string, v: unknown) =>
  v === "Infinity" ? Number.POSITIVE_INFINITY : v === "NaN" ? Number.NaN : v;

function readGenerations(out: string): GenerationRecord[] {
  const dir = join(out, "generations");
  if (!existsSync(dir)) return [];
  return readdirSync(dir)
    .filter((f) => f.endsWith(".json"))
    .sort()
    .map((f) => JSON.parse(readFileSync(join(dir, f), "utf8"), decode) as GenerationRecord);
}

const parameters = (sets: readonly string[], keys: readonly string[]) =>
  Object.fromEntries(
    sets
      .map((s) => s.split("="))
      .filter(([k]) => keys.includes(k!))
      .map(([k, v]) => [k!, Number(v)]),
  );

/** Non-dominated points: none cheaper (or as cheap) with a P(spiral) as high or higher. */
function frontierOf(points: FrontierPoint[]): FrontierPoint[] {
  const sorted = [...points].sort(
    (a, b) => a.costUsd - b.costUsd || b.pSpiral.estimate - a.pSpiral.estimate,
  );
  const front: FrontierPoint[] = [];
  let best = Number.NEGATIVE_INFINITY;
  for (const pt of sorted) {
    if (pt.pSpiral.estimate > best) {
      front.push(pt);
      best = pt.pSpiral.estimate;
    }
  }
  return front;
}

/**
 * Runs a stress search into `out`: the optimiser minimises the shocks' cost
 * (the `shockCostUsd` outcome of a wrapper scenario) subject to
 * `probability(spiralled>0) > p`, then the finalists' spiralled runs are re-run
 * with their steps to find the leg that started each spiral, and `stress.json`
 * is written. Undefined when stopped by the signal.
 */
export async function runStress(
  req: StressRequest,
  opts: StudyOptions,
): Promise<StressResult | undefined> {
  const plan = await planStress(req, opts.out);
  // The study reads the wrapper file here; its runs load the scenario the user gave.
  opts = { ...opts, executor: portableStressExecutor(opts.executor, req.scenario) };
  const result = await runStudy(plan.study, opts);
  if (!result) return undefined;
  const s = result.settings;
  const keys = s.ranges.map((r) => r.key);
  const constraint = parseConstraint(plan.constraint);
  const pOf = (c: CandidateRecord, key: string): Probability => {
    const e = scoreRuns(c.metrics, [], [constraint], s.confidence, key).constraints[0]!;
    return { estimate: e.estimate, lower: e.lower, upper: e.upper, method: e.method };
  };
  const gens = readGenerations(opts.out);
  const points: FrontierPoint[] = [];
  for (const g of gens)
    for (const c of g.candidates) {
      if (!c.evaluated || c.runs === 0) continue;
      points.push({
        parameters: parameters(c.sets.slice(s.sets.length), keys),
        costUsd: c.metrics[SHOCK_COST]![0]!,
        runs: c.runs,
        spirals: c.metrics.spiralled!.filter((v) => v > 0).length,
        pSpiral: pOf(c, `stress/${g.generation}/${c.index}`),
        generation: g.generation,
      });
    }
  const final = gens.find((g) => g.generation === "final");
  let legRunsDone = 0;
  const minimal: MinimalShock[] = [];
  /** Each finalist's re-evaluation record and its first spiralled run. */
  const spiralRun = new Map<MinimalShock, { rec: CandidateRecord; run: number }>();
  for (const f of result.finalists) {
    const rec = final?.candidates.find(
      (c) => JSON.stringify(c.sets.slice(s.sets.length)) === JSON.stringify(f.sets),
    );
    const spiralled = rec ? rec.metrics.spiralled!.flatMap((v, r) => (v > 0 ? [r] : [])) : [];
    const counts: Record<SpiralLeg, number> = {
      priceDrawdown: 0,
      providerExodus: 0,
      demandChurn: 0,
    };
    const params = resolveParams(plan.scenario, [...s.sets, ...f.sets]);
    const examined = spiralled.slice(0, plan.legRuns);
    let startSum = 0;
    let started = 0;
    for (const run of examined) {
      if (opts.signal?.aborted) return undefined;
      // The same task as the final run: the same run, whose probe outcomes say how it spiralled.
      const task: RunTask = {
        kind: "sweepRun",
        scenarioRef: s.scenarioRef,
        scenarioSha256: s.scenarioSha256,
        sets: rec!.sets,
        point: rec!.index,
        run,
        seed: final!.seed,
        keepSteps: false,
        recordEvery: 1,
      };
      const res = await opts.executor(task);
      legRunsDone++;
      const mask = res.record.outcomes?.[FIRST_LEG] ?? 0;
      const start = res.record.outcomes?.[START_STEP] ?? Number.NaN;
      if (mask === 0 || !Number.isFinite(start)) continue;
      for (const leg of legsOf(mask)) counts[leg]++;
      startSum += start;
      started++;
    }
    const top = (Object.entries(counts) as [SpiralLeg, number][]).sort((a, b) => b[1] - a[1])[0]!;
    const c = f.constraints[0]!;
    minimal.push({
      source: f.source,
      // A stress search ranges over numeric shocks.* and rings.* parameters only (checked above).
      parameters: f.parameters as Record<string, number>,
      sets: f.sets,
      cost: shockCost(params),
      pSpiral: {
        estimate: c.estimate,
        lower: c.lower,
        upper: c.upper,
        method: c.method,
        verdict: c.verdict,
      },
      feasible: f.feasible,
      runs: f.runs,
      spirals: spiralled.length,
      firstLeg: {
        runsExamined: examined.length,
        counts,
        mostly: top[1] > 0 ? top[0] : null,
        meanStartStep: started > 0 ? startSum / started : null,
      },
    });
    if (rec && spiralled[0] !== undefined)
      spiralRun.set(minimal.at(-1)!, { rec, run: spiralled[0] });
  }
  minimal.sort(
    (a, b) => Number(b.feasible) - Number(a.feasible) || a.cost.totalUsd - b.cost.totalUsd,
  );
  const breakingPoint = minimal.find((m) => m.feasible) ?? null;
  let trajectories: StressTrajectories | null = null;
  const broke = breakingPoint ? spiralRun.get(breakingPoint) : undefined;
  if (broke) {
    if (opts.signal?.aborted) return undefined;
    // The same run with every family's shock off: shocks on at step -1 never happen, rings of share 0 never form.
    const params = resolveParams(plan.scenario, s.sets);
    const offFams = Object.values(FAMILIES).filter((fam) => hasParam(params, fam.on));
    const onKeys = offFams.map((fam) => fam.on as string);
    const baselineSets = [
      ...s.sets.filter((x) => !onKeys.includes(x.split("=")[0]!.trim())),
      ...offFams.map((fam) => `${fam.on}=${fam.off}`),
    ];
    trajectories =
      (await writeStressTrajectories(
        opts.executor,
        {
          kind: "sweepRun",
          scenarioRef: s.scenarioRef,
          scenarioSha256: s.scenarioSha256,
          point: broke.rec.index,
          run: broke.run,
          seed: final!.seed,
          recordEvery: 1,
        },
        broke.rec.sets,
        baselineSets,
        opts.out,
      )) ?? null;
  }
  const frontier = frontierOf(points);
  const stress: StressResult = {
    format: "tokensim-stress-result/1",
    tokensimVersion: version,
    scenario: plan.scenario.name,
    target: "spiral",
    p: plan.p,
    confidence: s.confidence,
    families: plan.fams,
    costMeasure: COST_MEASURE,
    study: {
      objective: plan.objective,
      constraint: plan.constraint,
      nearness: plan.nearness,
      ranges: plan.study.ranges,
      sets: plan.study.sets,
    },
    stopped: result.stopped,
    runs: { search: result.runs.search, final: result.runs.final, legs: legRunsDone },
    minimal,
    breakingPoint,
    searchCheapest:
      [...points]
        .filter((pt) => pt.pSpiral.estimate >= plan.p)
        .sort((a, b) => a.costUsd - b.costUsd)[0] ?? null,
    frontier,
    evaluated: points.length,
    points: "stress-points.arrow",
    trajectories,
  };
  writeFileAtomic(
    join(opts.out, "stress-points.arrow"),
    stressPointsArrow(stress.scenario, keys, points, new Set(frontier), s.confidence),
  );
  writeFileAtomic(join(opts.out, "stress.json"), studyJson(stress));
  return stress;
}
