import { existsSync, readFileSync, rmSync } from "node:fs";
import { tableFromIPC } from "apache-arrow";
import type { DeathSpiralEvent } from "../../engine/metrics/deathSpiral.ts";
import { inThreadRunExecutor } from "../../engine/sweep/inThread.ts";
import { sweepPaths } from "../../engine/sweep/manifest.ts";
import type { SweepRequest } from "../../engine/sweep/plan.ts";
import { type RunExecutor, runSweep, type SweepOutcome } from "../../engine/sweep/runner.ts";
import type { RunRecord } from "../../engine/sweep/runRecord.ts";
import type { RunResult, RunTask } from "../../engine/sweep/task.ts";
import { resultsDir, WORKERS } from "./config.ts";

interface DenoWorker {
  onmessage: ((e: { data: { id: number; result?: RunResult; error?: string } }) => void) | null;
  postMessage(message: unknown): void;
  terminate(): void;
}
type WorkerCtor = new (url: string, opts: { type: "module" }) => DenoWorker;

/**
 * A sweep executor on `n` Deno Web Workers (one run at a time each). Results are
 * plain data, so they equal the in-thread executor's byte for byte. Falls back
 * to the in-thread executor where there are no module workers.
 */
export function workerExecutor(n = WORKERS): { executor: RunExecutor; close(): void } {
  const Ctor = (globalThis as { Worker?: WorkerCtor }).Worker;
  if (!Ctor || n <= 1) return { executor: inThreadRunExecutor, close() {} };
  const url = new URL("./sweepWorker.ts", import.meta.url).href;
  const idle: DenoWorker[] = Array.from({ length: n }, () => new Ctor(url, { type: "module" }));
  const waiting: (() => void)[] = [];
  let nextId = 0;
  const executor: RunExecutor = async (task: RunTask) => {
    while (idle.length === 0) await new Promise<void>((r) => waiting.push(r));
    const w = idle.pop()!;
    const id = nextId++;
    try {
      return await new Promise<RunResult>((resolve, reject) => {
        w.onmessage = (e) => {
          if (e.data.id !== id) return;
          if (e.data.error !== undefined) reject(new Error(e.data.error));
          else resolve(e.data.result!);
        };
        w.postMessage({ id, task });
      });
    } finally {
      idle.push(w);
      waiting.shift()?.();
    }
  };
  return {
    executor,
    close: () => {
      for (const w of idle) w.terminate();
    },
  };
}

/** One run of a sweep as the notebooks use it: the record plus its parameter values. */
export interface Run {
  point: number;
  run: number;
  seed: number;
  status: RunRecord["status"];
  /** The point's swept values, by key. */
  params: Record<string, string>;
  h: NonNullable<RunRecord["headline"]>;
  spirals: DeathSpiralEvent[];
}

/** A finished sweep: its runs, its per-point table, and where it is on disk. */
export interface SweepResult {
  out: string;
  outcome: SweepOutcome;
  runs: Run[];
  /** sweep.arrow as rows: `param.<key>`, pDeathSpiral, `<metric>_p50`... */
  points: Record<string, unknown>[];
  seconds: number;
}

/**
 * Runs a sweep (engine/sweep/runner.ts `runSweep`) into
 * results/notebooks/<name>/ (replacing what is there) on this machine's cores,
 * and reads back its records and sweep table.
 */
export async function sweep(name: string, req: SweepRequest): Promise<SweepResult> {
  const out = resultsDir(name);
  rmSync(out, { recursive: true, force: true });
  const pool = workerExecutor();
  const t0 = performance.now();
  let outcome: SweepOutcome;
  try {
    outcome = await runSweep(req, { out, executor: pool.executor, concurrency: WORKERS });
  } finally {
    pool.close();
  }
  const seconds = (performance.now() - t0) / 1000;
  if (outcome.failures.length > 0)
    throw new Error(
      `${outcome.failures.length} run(s) failed: ${outcome.failures
        .slice(0, 3)
        .map((f) => `point ${f.point} run ${f.run}: ${f.message}`)
        .join("; ")}`,
    );
  const pts = outcome.manifest.points;
  const runs: Run[] = [];
  for (const p of pts) {
    for (let r = 0; r < outcome.manifest.runsPerPoint; r++) {
      const rec = JSON.parse(
        readFileSync(sweepPaths(out).summary(p.index, r), "utf8"),
      ) as RunRecord;
      runs.push({
        point: rec.point,
        run: rec.run,
        seed: rec.seed,
        status: rec.status,
        params: Object.fromEntries(Object.entries(p.values).map(([k, v]) => [k, String(v)])),
        h: rec.headline!,
        spirals: rec.deathSpirals,
      });
    }
  }
  const table = tableFromIPC(readFileSync(sweepPaths(out).sweepTable));
  const points = table.toArray().map((row) => row.toJSON() as Record<string, unknown>);
  return { out, outcome, runs, points, seconds };
}

/** Per-step metrics of one run of a sweep (kept with keepSteps), as column arrays. */
export function steps(
  res: SweepResult,
  point: number,
  run: number,
  columns: string[],
): Record<string, Float64Array> {
  const file = sweepPaths(res.out).steps(point, run);
  if (!existsSync(file)) throw new Error(`${file}: no per-step file (keepSteps off?)`);
  const t = tableFromIPC(readFileSync(file));
  const out: Record<string, Float64Array> = {};
  for (const c of columns) {
    const v = t.getChild(c);
    if (!v) throw new Error(`no column ${c}`);
    out[c] = Float64Array.from(v.toArray() as ArrayLike<number>);
  }
  return out;
}
