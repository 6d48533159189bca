import type { NetworkParams } from "../params/network.ts";
import { resolveParams, type Scenario } from "../scenario.ts";
import type { RunExecutor } from "../sweep/runner.ts";
import type { RunResult, RunTask } from "../sweep/task.ts";
import type { Constraint, Objective } from "./goals.ts";
import type { MetricPlan } from "./metrics.ts";
import { pointSets } from "./ranges.ts";
import type { CandidateRecord, StudySettings } from "./record.ts";
import { scoreRuns } from "./score.ts";

/** What evaluating candidates needs: the study, where runs execute, and the budget left. */
export interface EvalContext {
  settings: StudySettings;
  scenario: Scenario;
  objectives: Objective[];
  constraints: Constraint[];
  plan: MetricPlan;
  executor: RunExecutor;
  concurrency: number;
  signal?: AbortSignal;
  /** Called after each run (executed or replayed from the record). */
  onRun?: () => void;
}

/** A run to do: candidate `c`, run index `run`. */
interface Job {
  c: number;
  run: number;
}

/**
 * Evaluates a generation's candidates on common random numbers: run r of every
 * candidate uses (seed, run index r). Each in-box candidate gets `runs` runs;
 * then, while a constraint's interval straddles its threshold, batches of
 * `batchRuns` more (up to `maxRuns`, while `budget.left` allows; candidates in
 * order). Runs found in `recorded` (a resumed study) are replayed, not run.
 * Returns undefined when stopped by the signal (the generation is discarded).
 */
export async function evaluateCandidates(
  ctx: EvalContext,
  label: string,
  seed: number,
  xs: readonly (readonly number[])[],
  inBox: readonly boolean[],
  budget: { left: number },
  recorded: CandidateRecord[] | undefined,
  firstRuns = ctx.settings.runs,
  adaptive = true,
): Promise<CandidateRecord[] | undefined> {
  const { settings } = ctx;
  const cands: CandidateRecord[] = xs.map((x, index) => {
    const sets = [...settings.sets, ...pointSets(settings.ranges, x)];
    return {
      index,
      x: [...x],
      evaluated: inBox[index]!,
      sets,
      runs: 0,
      failed: [],
      metrics: Object.fromEntries(ctx.plan.names.map((m) => [m, [] as number[]])),
    };
  });
  const params = new Map<number, NetworkParams>();
  for (const c of cands) if (c.evaluated) params.set(c.index, resolveParams(ctx.scenario, c.sets));
  const target = cands.map((c) => (c.evaluated ? firstRuns : 0));
  budget.left -= target.reduce((s, t) => s + t, 0);
  for (;;) {
    const jobs: Job[] = [];
    for (const c of cands)
      for (let r = c.runs; r < target[c.index]!; r++) jobs.push({ c: c.index, run: r });
    const results = await runJobs(jobs);
    if (!results) return undefined;
    for (const [k, job] of jobs.entries()) {
      const c = cands[job.c]!;
      const values = results[k]!;
      for (const m of ctx.plan.names) c.metrics[m]!.push(values.values[m]!);
      if (values.failed) c.failed.push(job.run);
      c.runs++;
    }
    if (!adaptive) break;
    let more = false;
    for (const c of cands) {
      if (!c.evaluated || c.runs >= settings.maxRuns) continue;
      const s = scoreRuns(
        c.metrics,
        [],
        ctx.constraints,
        settings.confidence,
        `${label}/${c.index}`,
      );
      if (!s.constraints.some((e) => e.verdict === "inconclusive")) continue;
      const add = Math.min(settings.batchRuns, settings.maxRuns - c.runs);
      if (add > budget.left) continue;
      budget.left -= add;
      target[c.index] = c.runs + add;
      more = true;
    }
    if (!more) break;
  }
  for (const c of cands) if (!c.evaluated) c.metrics = {};
  return cands;

  async function runOne(job: Job): Promise<{ values: Record<string, number>; failed: boolean }> {
    const c = cands[job.c]!;
    const old = recorded?.[job.c];
    if (old && job.run < old.runs) {
      ctx.onRun?.();
      const values = Object.fromEntries(ctx.plan.names.map((m) => [m, old.metrics[m]![job.run]!]));
      return { values, failed: old.failed.includes(job.run) };
    }
    const task: RunTask = {
      kind: "sweepRun",
      scenarioRef: settings.scenarioRef,
      scenarioSha256: settings.scenarioSha256,
      sets: c.sets,
      point: c.index,
      run: job.run,
      seed,
      keepSteps: ctx.plan.keepSteps,
      recordEvery: 1,
    };
    const result = await execute(ctx, task);
    if (!result) throw STOPPED;
    ctx.onRun?.();
    return {
      values: ctx.plan.values(result, params.get(c.index)!, ctx.scenario),
      failed: result.record.status === "failed",
    };
  }

  async function runJobs(jobs: Job[]) {
    const out: { values: Record<string, number>; failed: boolean }[] = new Array(jobs.length);
    let next = 0;
    let failed = false;
    const lane = async () => {
      // After a failure the other lanes start nothing new: the study is over.
      while (next < jobs.length && !failed && !ctx.signal?.aborted) {
        const k = next++;
        try {
          out[k] = await runOne(jobs[k]!);
        } catch (err) {
          failed = true;
          throw err;
        }
      }
    };
    try {
      await Promise.all(
        Array.from({ length: Math.max(1, Math.min(ctx.concurrency, jobs.length)) }, lane),
      );
    } catch (err) {
      if (err === STOPPED) return undefined;
      throw err;
    }
    return ctx.signal?.aborted ? undefined : out;
  }
}

const STOPPED = new Error("stopped");

/** Runs a task, retrying a lost run (its worker died) twice; undefined when stopped. */
async function execute(ctx: EvalContext, task: RunTask): Promise<RunResult | undefined> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await ctx.executor(task);
    } catch (err) {
      if (ctx.signal?.aborted) return undefined;
      if (attempt >= 3) throw err;
    }
  }
}
