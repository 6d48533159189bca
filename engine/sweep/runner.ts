import { existsSync, readdirSync, readFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { TokensimError } from "../errors.ts";
import {
  readManifest,
  type SweepManifest,
  sameSweep,
  sweepPaths,
  writeFileAtomic,
} from "./manifest.ts";
import { outputProblem } from "./outputProblem.ts";
import { planSweep, type SweepRequest } from "./plan.ts";
import { errorRecord, type RunRecord } from "./runRecord.ts";
import { removeStaleTemps } from "./staleTemps.ts";
import { writeTables } from "./tables.ts";
import type { RunResult, RunTask } from "./task.ts";

/**
 * Runs one task somewhere; rejects only when the run was lost (a worker died).
 * An executor whose runs share this machine's file system sets `writesFiles`:
 * its runs then write their per-step files themselves (`RunTask.stepsFile`).
 */
export type RunExecutor = ((task: RunTask) => Promise<RunResult>) & { writesFiles?: boolean };

/** A static shard: this process runs tasks i, i+N, i+2N... of the sweep's task list. */
export interface Shard {
  index: number;
  count: number;
}

export interface SweepRunOptions {
  out: string;
  executor: RunExecutor;
  /** Runs in flight at once (default 2). */
  concurrency?: number;
  /** Continue the sweep already in `out`, skipping completed runs. */
  resume?: boolean;
  shard?: Shard;
  /** Attempts per run when its executor rejects (a dead worker); default 3. */
  maxAttempts?: number;
  onProgress?: (done: number, total: number) => void;
  /** Called when a lost run is retried. */
  onRetry?: (task: RunTask, error: Error, attempt: number) => void;
  /** Stops dispatching new runs; runs in flight finish and are written. */
  signal?: AbortSignal;
}

export interface SweepOutcome {
  out: string;
  manifest: SweepManifest;
  /** Runs this process is responsible for (the shard's, or all). */
  total: number;
  /** Runs found complete in `out` before starting (resume). */
  skipped: number;
  /** Runs executed now. */
  executed: number;
  /** Runs that did not complete ok (failed or error), in this directory. */
  failures: RunRecord[];
  /** True when stopped by the signal before every run completed. */
  interrupted: boolean;
}

/** A sweep's output directory is in the way, or does not match on --resume. */
export class SweepError extends TokensimError {
  constructor(message: string) {
    super("TOKENSIM_SWEEP", message);
  }
}

const key = (point: number, run: number) => `${point}/${run}`;

/**
 * Runs recorded complete in `out`: ok or failed (deterministic); errors are
 * retried, and so is a run whose record is damaged (it is written again).
 */
function completedRuns(out: string): Set<string> {
  const dir = sweepPaths(out).summaries;
  const done = new Set<string>();
  if (!existsSync(dir)) return done;
  for (const f of readdirSync(dir)) {
    if (!f.endsWith(".json")) continue;
    let r: RunRecord;
    try {
      r = JSON.parse(readFileSync(join(dir, f), "utf8")) as RunRecord;
    } catch {
      continue;
    }
    if (r.status !== "error") done.add(key(r.point, r.run));
  }
  return done;
}

function differences(a: SweepManifest, b: SweepManifest): string[] {
  const keys = Object.keys(a) as (keyof SweepManifest)[];
  return keys.filter(
    (k) => k !== "tokensimVersion" && JSON.stringify(a[k]) !== JSON.stringify(b[k]),
  );
}

function prepareOut(out: string, manifest: SweepManifest, resume: boolean): void {
  // A single run's folder (tokensim run) is not a sweep's: never mix the two.
  if (existsSync(join(out, "summary.json")) || existsSync(join(out, "steps.arrow")))
    throw new SweepError(
      `${out} holds a single run's result (summary.json, steps.arrow from 'tokensim run'); choose another --out for the sweep`,
    );
  const existing = readManifest(out);
  if (existing && !sameSweep(existing, manifest)) {
    if (resume)
      throw new SweepError(
        `${out} holds a different sweep (${differences(existing, manifest).join(", ")} differ); --resume needs the same scenario, axes, runs, seed and options`,
      );
  }
  if (existing && !resume && completedRuns(out).size > 0)
    throw new SweepError(
      `${out} already holds a sweep with completed runs; pass --resume to continue it, or choose another --out`,
    );
  writeFileAtomic(sweepPaths(out).manifest, `${JSON.stringify(manifest, null, 2)}\n`);
}

/**
 * Runs a sweep into `out`. Each completed run is written at once (its per-step
 * Arrow file, then its record: the record marks it complete), so an
 * interrupted sweep loses at most the runs in flight and `resume` picks up
 * where it stopped. A run whose executor rejects (its worker died) is retried
 * up to `maxAttempts` times, then recorded as an error. When every run is
 * complete, the run and sweep tables are written.
 */
export async function runSweep(req: SweepRequest, opts: SweepRunOptions): Promise<SweepOutcome> {
  const { manifest, tasks } = await planSweep(req);
  const { out } = opts;
  prepareOut(out, manifest, opts.resume === true);
  removeStaleTemps(out);
  const shard = opts.shard;
  const mine = shard ? tasks.filter((_, i) => i % shard.count === shard.index) : tasks;
  const done = completedRuns(out);
  const todo = mine.filter((t) => !done.has(key(t.point, t.run)));
  const skipped = mine.length - todo.length;
  const paths = sweepPaths(out);
  const maxAttempts = opts.maxAttempts ?? 3;
  let finished = skipped;
  let executed = 0;
  opts.onProgress?.(finished, mine.length);

  // undefined: the run was lost after an interrupt; it stays to do (--resume).
  const execute = async (task: RunTask): Promise<RunResult | undefined> => {
    const sent: RunTask = opts.executor.writesFiles
      ? { ...task, stepsFile: resolve(paths.steps(task.point, task.run)) }
      : task;
    for (let attempt = 1; ; attempt++) {
      try {
        return await opts.executor(sent);
      } catch (err) {
        const e = err as Error;
        // Stopping: an executor that drops its queued runs rejects them; they are
        // neither retried nor recorded as errors.
        if (opts.signal?.aborted) return undefined;
        if (attempt >= maxAttempts)
          return {
            record: errorRecord(
              task.point,
              task.run,
              task.seed,
              task.sets,
              `run lost ${attempt} times (worker died): ${e.message}`,
            ),
            steps: null,
          };
        opts.onRetry?.(task, e, attempt);
      }
    }
  };

  // Set when the output cannot be written (a full disk...): no run is started
  // after it, since each would fail the same way; the runs done are kept.
  let fatal: string | undefined;
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < todo.length && !opts.signal?.aborted && fatal === undefined) {
      const task = todo[next++]!;
      const result = await execute(task);
      if (result === undefined) continue;
      if (result.fatal !== undefined) {
        fatal ??= result.fatal;
        continue;
      }
      try {
        if (result.steps) writeFileAtomic(paths.steps(task.point, task.run), result.steps);
        writeFileAtomic(paths.summary(task.point, task.run), `${JSON.stringify(result.record)}\n`);
      } catch (err) {
        const problem = outputProblem(err);
        if (problem === undefined) throw err;
        fatal ??= problem;
        continue;
      }
      executed++;
      finished++;
      opts.onProgress?.(finished, mine.length);
    }
  };
  const lanes = Math.max(1, opts.concurrency ?? 2);
  await Promise.all(Array.from({ length: Math.min(lanes, todo.length) }, worker));

  const interrupted = finished < mine.length;
  // A run lost for good (its worker died every time) may have left a temp file;
  // no run is in flight now, so this process's own are stale too.
  removeStaleTemps(out, true);
  const stopped = (problem: string) =>
    new SweepError(
      `cannot write the sweep's output in ${out}: ${problem}. The ${finished} runs complete so far are kept; make room and continue with the same command and --resume`,
    );
  if (fatal !== undefined) throw stopped(fatal);
  let failures: RunRecord[] = [];
  try {
    if (!interrupted) failures = writeTables(out, manifest);
  } catch (err) {
    const problem = outputProblem(err);
    if (problem === undefined) throw err;
    removeStaleTemps(out, true);
    throw stopped(problem);
  }
  return { out, manifest, total: mine.length, skipped, executed, failures, interrupted };
}
