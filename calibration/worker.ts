/**
 * Piscina worker task: builds the backend and workload, drives one share of one load level
 * and returns what it measured. Loaded through the `worker.mjs` bootstrap (tsx).
 */
import { isMainThread, threadId } from "node:worker_threads";
import { driveLevel, type LevelResult, type LevelSpec, type ShareSpec } from "./driver.ts";
import { type BackendConfig, createBackend } from "./targets.ts";
import { loadTrace, loadWorkload, type TraceEntry, type Workload } from "./workload.ts";

/** One unit of work for a worker (structured-clone safe). */
export interface WorkerTask {
  readonly backend: BackendConfig;
  readonly workloadPath: string;
  readonly level: LevelSpec;
  readonly share: ShareSpec;
  /** Level duration, model ms. */
  readonly durationMs: number;
  /** Warm-up excluded from measurements, model ms. */
  readonly warmupMs: number;
  readonly seed: string;
  /** Int32Array[0] !== 0 asks the task to stop early and return what it has. */
  readonly stop?: SharedArrayBuffer;
}

/** A worker's result: the level measurement plus where it ran. */
export interface WorkerResult extends LevelResult {
  readonly threadId: number;
  readonly isMainThread: boolean;
}

const workloads = new Map<string, Promise<{ workload: Workload; trace?: TraceEntry[] }>>();

function getWorkload(path: string) {
  let p = workloads.get(path);
  if (!p) {
    p = loadWorkload(path).then((workload) =>
      workload.trace !== undefined ? { workload, trace: loadTrace(workload.trace) } : { workload },
    );
    workloads.set(path, p);
  }
  return p;
}

/** Runs one task (in a worker thread, or inline when the harness runs without workers). */
export default async function runTask(task: WorkerTask): Promise<WorkerResult> {
  const { workload, trace } = await getWorkload(task.workloadPath);
  const backend = await createBackend(
    task.backend.target.kind === "llama-cpp" && task.backend.sequences === undefined
      ? {
          ...task.backend,
          sequences: task.level.mode === "closed" ? Math.max(1, Math.ceil(task.level.value)) : 16,
        }
      : task.backend,
  );
  const flag = task.stop ? new Int32Array(task.stop) : undefined;
  try {
    const result = await driveLevel({
      backend,
      workload,
      ...(trace ? { trace } : {}),
      level: task.level,
      share: task.share,
      durationMs: task.durationMs,
      warmupMs: task.warmupMs,
      seed: task.seed,
      shouldStop: () => (flag ? Atomics.load(flag, 0) !== 0 : false),
    });
    return { ...result, threadId, isMainThread };
  } finally {
    await backend.close();
  }
}
