import { type EvalContext, evaluateCandidates } from "./evaluate.ts";
import { nondominatedFronts } from "./nsga2.ts";
import { generationSeed } from "./plan.ts";
import { searchValue } from "./ranges.ts";
import { checkReplay, type GenerationRecord, writeGeneration } from "./record.ts";
import { type ConstraintEstimate, compareScores, type Estimate, scoreRuns } from "./score.ts";
import type { Scored, SearchOutcome } from "./search.ts";

/** A re-evaluated candidate as optimize.json reports it. */
export interface Finalist {
  source: string;
  parameters: Record<string, number | string>;
  sets: string[];
  runs: number;
  failedRuns: number;
  objectives: (Estimate & { spec: string })[];
  constraints: (ConstraintEstimate & { spec: string })[];
  /** Every constraint's estimate on its right side (Deb's feasibility, on the fresh runs). */
  feasible: boolean;
  /** Multi-objective: another finalist dominates it on the fresh runs. */
  dominated?: boolean;
}

/**
 * Re-evaluates the shortlist on fresh seeds (the final seed, run indices
 * 0..finalRuns-1 for every finalist: common random numbers among them, none
 * shared with the search) and reports each with its intervals, best first for
 * one objective (Deb's rules), the first front first for several.
 */
export async function finalEvaluation(
  ctx: EvalContext,
  search: SearchOutcome,
  out: string,
  recorded: GenerationRecord | undefined,
  onPlanned?: (finalists: number) => void,
): Promise<{ finalists: Finalist[]; scored: Scored[] } | undefined> {
  const { settings } = ctx;
  const seen = new Map<string, number>();
  const shortlist: { x: number[]; sources: string[] }[] = [];
  for (const s of search.shortlist) {
    const key = settings.ranges.map((r, i) => searchValue(r, s.x[i]!)).join(",");
    const at = seen.get(key);
    if (at !== undefined) shortlist[at]!.sources.push(s.source);
    else {
      seen.set(key, shortlist.length);
      shortlist.push({ x: s.x, sources: [s.source] });
    }
  }
  const xs = shortlist.map((s) => s.x);
  onPlanned?.(xs.length);
  checkReplay(out, "the final re-evaluation", recorded, xs);
  const seed = generationSeed(settings.seed, "final");
  const budget = { left: Number.POSITIVE_INFINITY };
  const inBox = xs.map(() => true);
  const cands = await evaluateCandidates(
    ctx,
    "final",
    seed,
    xs,
    inBox,
    budget,
    recorded?.candidates,
    settings.finalRuns,
    false,
  );
  if (!cands) return undefined;
  if (!recorded) writeGeneration(out, { generation: "final", seed, candidates: cands });
  const scored: Scored[] = cands.map((c) => ({
    generation: "final",
    seed,
    record: c,
    score: scoreRuns(
      c.metrics,
      ctx.objectives,
      ctx.constraints,
      settings.confidence,
      `final/${c.index}`,
    ),
  }));
  const finalists = scored.map((s, i): Finalist => {
    const score = s.score!;
    return {
      source: shortlist[i]!.sources.join("; "),
      parameters: Object.fromEntries(
        settings.ranges.map((r, k) => [r.key, searchValue(r, s.record.x[k]!)]),
      ),
      sets: s.record.sets.slice(settings.sets.length),
      runs: s.record.runs,
      failedRuns: s.record.failed.length,
      objectives: score.objectives.map((e, k) => ({ spec: settings.objectives[k]!, ...e })),
      constraints: score.constraints.map((e, k) => ({ spec: settings.constraints[k]!, ...e })),
      feasible: score.violation === 0,
    };
  });
  let order = finalists.map((_, i) => i);
  if (settings.objectives.length === 1)
    order.sort((a, b) => compareScores(scored[a]!.score!, scored[b]!.score!) || a - b);
  else {
    const fit = scored.map((s) => ({
      objectives: s.score!.minimise,
      violation: s.score!.violation,
    }));
    const fronts = nondominatedFronts(fit);
    for (const [r, front] of fronts.entries())
      for (const i of front) finalists[i]!.dominated = r > 0;
    // Each front along the first objective, so the table reads as the trade-off curve.
    order = fronts.flatMap((f) =>
      [...f].sort((a, b) => fit[a]!.objectives[0]! - fit[b]!.objectives[0]! || a - b),
    );
  }
  return { finalists: order.map((i) => finalists[i]!), scored };
}
