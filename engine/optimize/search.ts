import { createRng } from "../rng/source.ts";
import { CmaEs } from "./cmaes.ts";
import { type EvalContext, evaluateCandidates } from "./evaluate.ts";
import { Nsga2 } from "./nsga2.ts";
import { generationSeed } from "./plan.ts";
import {
  type CandidateRecord,
  checkReplay,
  type GenerationRecord,
  writeGeneration,
} from "./record.ts";
import { compareScores, type Score, scoreRuns } from "./score.ts";

/** An evaluated candidate of the search, with its score (none when it was not run). */
export interface Scored {
  generation: number | "final";
  seed: number;
  record: CandidateRecord;
  score: Score | undefined;
}

/** How the search ended, what it evaluated, and what the final re-evaluation starts from. */
export interface SearchOutcome {
  stopped: "budget" | "converged" | "generations" | "interrupted";
  generations: number;
  history: Scored[];
  /** Points to re-evaluate on fresh seeds, with where each comes from. */
  shortlist: { x: number[]; source: string }[];
}

/** Where the search records and replays its generations. */
export interface SearchIo {
  out: string;
  recorded: Map<number | "final", GenerationRecord>;
  onGeneration?: (g: number) => void;
}

const inCube = (x: readonly number[]) => x.every((v) => v >= 0 && v <= 1);
const boxDistance = (x: readonly number[]) => Math.hypot(...x.map((v) => Math.max(0, -v, v - 1)));

/** Evaluates (or replays) one generation and records it; undefined when stopped. */
async function generation(
  ctx: EvalContext,
  io: SearchIo,
  g: number,
  xs: number[][],
  budget: { left: number },
) {
  const { settings } = ctx;
  const rec = io.recorded.get(g);
  checkReplay(io.out, `generation ${g}`, rec, xs);
  const seed = generationSeed(settings.seed, g);
  const cands = await evaluateCandidates(
    ctx,
    `g${g}`,
    seed,
    xs,
    xs.map(inCube),
    budget,
    rec?.candidates,
  );
  if (!cands) return undefined;
  if (!rec) writeGeneration(io.out, { generation: g, seed, candidates: cands });
  const scored: Scored[] = cands.map((c) => ({
    generation: g,
    seed,
    record: c,
    score: c.evaluated
      ? scoreRuns(
          c.metrics,
          ctx.objectives,
          ctx.constraints,
          settings.confidence,
          `g${g}/${c.index}`,
        )
      : undefined,
  }));
  io.onGeneration?.(g);
  return scored;
}

const affordable = (ctx: EvalContext, xs: number[][], budget: { left: number }) =>
  xs.filter(inCube).length * ctx.settings.runs <= budget.left;

/** Orders candidates best first: Deb's rules among those run, then those outside the cube by distance. */
function ranked(scored: readonly Scored[]): Scored[] {
  return [...scored].sort((a, b) => {
    if (a.score && b.score)
      return compareScores(a.score, b.score) || a.record.index - b.record.index;
    if (a.score || b.score) return a.score ? -1 : 1;
    return boxDistance(a.record.x) - boxDistance(b.record.x) || a.record.index - b.record.index;
  });
}

/** One optimiser's side of the generation loop: propose points, learn from their scores. */
interface Optimiser {
  ask(): number[][];
  /** Learns from a generation; true when the search has converged. */
  tell(xs: number[][], scored: Scored[]): boolean;
}

/** The generation loop both searches share: budget, replay, interruption, convergence. */
async function generations(ctx: EvalContext, io: SearchIo, opt: Optimiser) {
  const budget = { left: ctx.settings.budget };
  const history: Scored[] = [];
  let stopped: SearchOutcome["stopped"] = "generations";
  let g = 0;
  for (; g < ctx.settings.maxGenerations; g++) {
    const xs = opt.ask();
    if (!affordable(ctx, xs, budget)) {
      stopped = "budget";
      break;
    }
    const scored = await generation(ctx, io, g, xs, budget);
    if (!scored) return { stopped: "interrupted" as const, generations: g, history };
    history.push(...scored);
    if (opt.tell(xs, scored)) {
      stopped = "converged";
      g++;
      break;
    }
  }
  return { stopped, generations: g, history };
}

/** Single objective: CMA-ES over the unit cube, started at its centre with step size sigma0. */
export async function searchCmaEs(ctx: EvalContext, io: SearchIo): Promise<SearchOutcome> {
  const { settings } = ctx;
  const n = settings.ranges.length;
  const es = new CmaEs({
    mean: new Array(n).fill(0.5),
    sigma: settings.sigma0,
    population: settings.population,
    rng: createRng(`tokensim/optimize/${settings.seed}/cma-es`),
  });
  let last: Scored[] = [];
  const run = await generations(ctx, io, {
    ask: () => es.ask(),
    tell: (_xs, scored) => {
      const order = ranked(scored);
      if (order[0]?.score) last = order;
      es.tell(order.map((s) => s.record.x));
      return es.spread() < 1e-3;
    },
  });
  if (run.stopped === "interrupted") return { ...run, shortlist: [] };
  const shortlist: SearchOutcome["shortlist"] = [];
  if (last[0]) shortlist.push({ x: last[0].record.x, source: "best of the last generation" });
  const best = ranked(run.history.filter((s) => s.score))[0];
  if (best)
    shortlist.push({
      x: best.record.x,
      source: `best of the search (generation ${best.generation})`,
    });
  shortlist.push({ x: es.mean.map((v) => Math.min(1, Math.max(0, v))), source: "CMA-ES mean" });
  return { ...run, shortlist };
}

/** Two or more objectives: NSGA-II; the shortlist is the final population's first front. */
export async function searchNsga2(ctx: EvalContext, io: SearchIo): Promise<SearchOutcome> {
  const { settings } = ctx;
  const ga = new Nsga2({
    dimensions: settings.ranges.length,
    population: settings.population,
    rng: createRng(`tokensim/optimize/${settings.seed}/nsga-ii`),
  });
  const run = await generations(ctx, io, {
    ask: () => ga.ask(),
    tell: (xs, scored) => {
      ga.tell(
        xs,
        scored.map((s) => ({ objectives: s.score!.minimise, violation: s.score!.violation })),
      );
      return false;
    },
  });
  if (run.stopped === "interrupted") return { ...run, shortlist: [] };
  const shortlist = ga.front().map((i) => ({ x: ga.population[i]!, source: "first front" }));
  return { ...run, shortlist };
}
