/**
 * The calibration harness: runs the load levels of a workload against a target in piscina
 * worker threads, merges what the workers measured, fits it and builds the profile.
 *
 * Scheduling: against a shared server (HTTP, or the emulator paced on a real clock) levels run
 * one after another, each split across all workers; against the in-process emulator on a
 * virtual clock every level is independent (one emulated GPU each), so levels run in parallel,
 * one task per level.
 */
import { mkdirSync, renameSync, writeFileSync } from "node:fs";
import { availableParallelism } from "node:os";
import { basename, dirname } from "node:path";
import { Piscina } from "piscina";
import { version } from "../engine/version.ts";
import type { RetryPolicy, Timeouts } from "./backend.ts";
import { type LevelResult, mergeLevelResults } from "./driver.ts";
import { findGpu } from "./gpus.ts";
import { importNodeLlamaCpp } from "./llamaCpp.ts";
import { buildProfile, type CalibrationProfile, type PowerInput } from "./profile.ts";
import type { RooflineEfficiency } from "./roofline.ts";
import { type BackendConfig, parseTarget } from "./targets.ts";
import runTaskInline, { type WorkerResult, type WorkerTask } from "./worker.ts";
import { loadWorkload } from "./workload.ts";

/** Options of {@link runCalibration}. */
export interface CalibrationOptions {
  /** `http(s)://...`, `emulated:<gpu>:<model>` or `llama-cpp:<model.gguf>`. */
  readonly target: string;
  /** Workload module (.ts/.js default export) or .json. */
  readonly workloadPath: string;
  /** closed: levels are concurrencies; open: request rates (requests/s); trace: speed-ups. */
  readonly mode: "closed" | "open" | "trace";
  readonly levels: readonly number[];
  /** Duration of each level, model ms. */
  readonly durationMs: number;
  /** Warm-up at the start of each level excluded from measurements, model ms. */
  readonly warmupMs: number;
  /** Worker threads; 0 runs everything in the calling thread. Default: CPU count. */
  readonly workers?: number;
  /** Emulated: wall ms per model ms, 0 = virtual clock. HTTP: the server's time scale (1 for real servers). */
  readonly timeScale?: number;
  readonly api?: "chat" | "completions";
  /** Model name sent to an HTTP server. */
  readonly modelName?: string;
  readonly apiKey?: string;
  readonly timeouts?: Timeouts;
  readonly retries?: RetryPolicy;
  readonly extraBody?: Record<string, unknown>;
  readonly seed?: string;
  /** Profile key for this hardware (default: the GPU id, else "default"). */
  readonly hardwareClass?: string;
  /** GPU class of an HTTP server (gives the TDP for energy). */
  readonly gpu?: string;
  readonly power?: PowerInput;
  readonly efficiency?: RooflineEfficiency;
  readonly memoryUtilisation?: number;
  readonly maxBatch?: number;
  /** llama-cpp: CPU threads for llama.cpp (default CPU count − 1). */
  readonly threads?: number;
  /** Share of failed requests above which a level marks the profile degraded (default 0.05). */
  readonly maxErrorRate?: number;
  /** HTTP: the server's context window as discovered (recorded in the profile; otherwise the
   * one the backends sized requests to, when they knew it). */
  readonly contextTokens?: number;
  /** Aborting stops the run early; what was measured so far is returned (partial). */
  readonly signal?: AbortSignal;
  /** Called after each level with its merged result. */
  readonly onLevel?: (r: LevelResult) => void;
}

/** What {@link runCalibration} returns. */
export interface CalibrationRun {
  readonly profile: CalibrationProfile;
  readonly results: readonly LevelResult[];
  /** Thread ids the tasks ran on (0 = main thread). */
  readonly threadIds: readonly number[];
  /** Wall time of the run, ms. */
  readonly wallMs: number;
}

/** Runs a calibration and builds its profile (does not write it). */
export async function runCalibration(o: CalibrationOptions): Promise<CalibrationRun> {
  const wall0 = performance.now();
  const target = parseTarget(o.target);
  const workload = await loadWorkload(o.workloadPath);
  // Fail at once, with the install command, rather than losing every level in the workers.
  if (target.kind === "llama-cpp") await importNodeLlamaCpp();
  const seed = o.seed ?? "tokensim";
  const timeScale =
    target.kind === "llama-cpp" ? 1 : (o.timeScale ?? (target.kind === "emulated" ? 0 : 1));
  const virtual = target.kind === "emulated" && timeScale === 0;
  const cpus = availableParallelism();
  const workers = Math.max(0, o.workers ?? cpus);
  const backend: BackendConfig = {
    target,
    timeScale,
    ...(o.api ? { api: o.api } : {}),
    ...(o.modelName
      ? { modelName: o.modelName }
      : target.kind === "emulated"
        ? { modelName: target.model }
        : {}),
    ...(o.apiKey ? { apiKey: o.apiKey } : {}),
    ...(o.timeouts ? { timeouts: o.timeouts } : {}),
    ...(o.retries ? { retries: o.retries } : {}),
    ...(o.extraBody ? { extraBody: o.extraBody } : {}),
    ...(o.efficiency ? { efficiency: o.efficiency } : {}),
    ...(o.memoryUtilisation !== undefined ? { memoryUtilisation: o.memoryUtilisation } : {}),
    ...(o.maxBatch !== undefined ? { maxBatch: o.maxBatch } : {}),
    ...(o.threads !== undefined ? { threads: o.threads } : {}),
    seed,
  };
  const stop = new SharedArrayBuffer(4);
  const flag = new Int32Array(stop);
  const requestStop = () => Atomics.store(flag, 0, 1);
  if (o.signal?.aborted) requestStop();
  o.signal?.addEventListener("abort", requestStop, { once: true });

  const pool =
    workers > 0
      ? new Piscina<WorkerTask, WorkerResult>({
          filename: new URL(
            import.meta.url.endsWith(".ts") ? "./worker.mjs" : "../calibration/worker.js",
            import.meta.url,
          ).href,
          minThreads: virtual ? Math.min(workers, o.levels.length) : workers,
          maxThreads: virtual ? Math.min(workers, o.levels.length) : workers,
          idleTimeout: 1000,
        })
      : undefined;
  const exec = (task: WorkerTask, signal?: AbortSignal): Promise<WorkerResult> =>
    pool ? pool.run(task, signal ? { signal } : {}) : runTaskInline(task);

  const results: LevelResult[] = [];
  const threadIds = new Set<number>();
  const notes: string[] = [];
  const taskFor = (value: number, index: number, count: number): WorkerTask => ({
    backend,
    workloadPath: o.workloadPath,
    level: { mode: o.mode, value },
    share: { index, count },
    durationMs: o.durationMs,
    warmupMs: o.warmupMs,
    seed,
    stop,
  });

  try {
    if (virtual) {
      const done = await Promise.all(
        o.levels.map((v) =>
          exec(taskFor(v, 0, 1)).then((r) => {
            threadIds.add(r.threadId);
            return r as LevelResult;
          }),
        ),
      );
      results.push(...done);
      // reported in level order, whichever worker finished first
      for (const r of done) o.onLevel?.(r);
      notes.push("in-process emulator on a virtual clock: times are emulated GPU time");
    } else {
      // One in-process emulator or llama.cpp context is one GPU: it cannot be split.
      const shares = target.kind === "http" ? Math.max(1, workers) : 1;
      for (const v of o.levels) {
        if (Atomics.load(flag, 0) !== 0) break;
        // Watchdog: stop the level (timers everywhere should make this unnecessary).
        const wallLimit = o.durationMs * (timeScale > 0 ? timeScale : 1);
        const grace = (o.timeouts?.totalMs ?? 120_000) + 5_000;
        const ac = new AbortController();
        const soft = setTimeout(requestStop, wallLimit + grace);
        const hard = setTimeout(() => ac.abort(), wallLimit + grace + 15_000);
        try {
          const parts = await Promise.all(
            Array.from({ length: shares }, (_, i) => exec(taskFor(v, i, shares), ac.signal)),
          );
          for (const p of parts) threadIds.add(p.threadId);
          const merged = mergeLevelResults(parts);
          results.push(merged);
          o.onLevel?.(merged);
        } catch (err) {
          notes.push(`level ${v} lost: ${(err as Error).message}`);
        } finally {
          clearTimeout(soft);
          clearTimeout(hard);
        }
      }
    }
  } finally {
    o.signal?.removeEventListener("abort", requestStop);
    await pool?.destroy();
  }

  const interrupted = Atomics.load(flag, 0) !== 0;
  if (interrupted) notes.push("run interrupted: profile holds the levels measured so far");
  // what the caller discovered, else what the backends knew (in-process ones always do)
  const known = results.flatMap((r) => (r.contextTokens !== undefined ? [r.contextTokens] : []));
  const contextTokens = o.contextTokens ?? (known.length > 0 ? Math.min(...known) : undefined);
  const resized = results.reduce((n, r) => n + (r.resized ?? 0), 0);
  if (resized > 0) {
    notes.push(
      `${resized} request(s) shortened to fit the ${target.kind === "http" ? "server's" : "model's"} context window${contextTokens ? ` of ${contextTokens} tokens` : ""} (prompt first, then answer): the workload measured is shorter than asked`,
    );
  }
  const gpuId = target.kind === "emulated" ? target.gpu : o.gpu ? findGpu(o.gpu)?.id : undefined;
  const gpu = gpuId ? findGpu(gpuId) : undefined;
  const model =
    target.kind === "emulated"
      ? target.model
      : target.kind === "llama-cpp"
        ? (o.modelName ?? basename(target.modelPath, ".gguf"))
        : (o.modelName ?? "default");
  const power: PowerInput = {
    ...o.power,
    ...(o.power?.tdpW === undefined && gpu ? { tdpW: gpu.tdpW } : {}),
  };
  const profile = buildProfile({
    results,
    target: {
      kind: target.kind,
      ...(target.kind === "http"
        ? { url: redactUrl(target.url) }
        : target.kind === "llama-cpp"
          ? { modelPath: target.modelPath }
          : { gpu: target.gpu, model: target.model }),
      timeScale,
      ...(contextTokens !== undefined ? { contextTokens } : {}),
    },
    hardwareClass: o.hardwareClass ?? gpuId ?? "default",
    model,
    ...(gpuId ? { gpu: gpuId } : {}),
    workload: {
      name: workload.name,
      path: o.workloadPath,
      ...(workload.description ? { description: workload.description } : {}),
    },
    settings: {
      mode: o.mode,
      levels: [...o.levels],
      durationMs: o.durationMs,
      warmupMs: o.warmupMs,
      workers,
      seed,
    },
    power,
    toolVersion: version,
    partial: interrupted || results.length < o.levels.length || results.some((r) => r.interrupted),
    ...(o.maxErrorRate !== undefined ? { maxErrorRate: o.maxErrorRate } : {}),
    notes,
  });
  return { profile, results, threadIds: [...threadIds], wallMs: performance.now() - wall0 };
}

function redactUrl(url: string): string {
  const u = new URL(url);
  u.username = "";
  u.password = "";
  return u.href.replace(/\/+$/, "");
}

/** Writes a profile as pretty JSON, atomically (temporary file + rename), creating folders. */
export function writeProfile(path: string, profile: CalibrationProfile): void {
  mkdirSync(dirname(path), { recursive: true });
  const tmp = `${path}.${process.pid}.tmp`;
  writeFileSync(tmp, `${JSON.stringify(profile, null, 2)}\n`);
  renameSync(tmp, path);
}
