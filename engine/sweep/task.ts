import { createHash } from "node:crypto";
import { readFileSync } from "node:fs";
import { dirname } from "node:path";
import { makeDir } from "../makeDir.ts";
import { AtomicFileSink, type ByteSink, DISCARD_SINK, MemorySink } from "../metrics/arrow.ts";
import { runSimulation } from "../pipeline/run.ts";
import type { RareReplicaResult, RareReplicaSpec } from "../rare/replicaTask.ts";
import { loadScenario, resolveParams, type Scenario, scenarioPath } from "../scenario.ts";
import { outputProblem } from "./outputProblem.ts";
import { errorRecord, type RunRecord, recordFromSummary } from "./runRecord.ts";

/**
 * One run of a sweep, as plain JSON: any executor (this thread, a worker
 * thread, a queue worker on another machine) can carry it.
 */
export interface RunTask {
  kind: "sweepRun";
  /** The scenario as the sweep was given it: a path relative to the working directory, or a bundled name. */
  scenarioRef: string;
  /** sha256 of the scenario file: a worker with a different file refuses the task. */
  scenarioSha256: string;
  /** Overrides: the sweep's `--set`s, then the point's values. */
  sets: string[];
  point: number;
  run: number;
  /** The run's root seed (see `sweepRunSeed`). */
  seed: number;
  /** Keep per-step metrics (else only the record). */
  keepSteps: boolean;
  recordEvery: number;
  /**
   * Write the per-step Arrow file here (atomically) instead of sending its bytes
   * back. The sweep sets it only for executors that share its file system
   * (see {@link RunExecutor}'s `writesFiles`); a queue worker never gets it.
   */
  stepsFile?: string;
  /**
   * Set for a replica of `tokensim rare`: the task runs that AMS replica (with
   * `seed` as the estimate's root seed and `run` as the replica index) instead of
   * one simulation, and sends its result back in `RunResult.rare`.
   * @internal
   */
  rare?: RareReplicaSpec;
  /**
   * Run `scenarioRef` as a stress search's scenario: with the `shockCostUsd`
   * outcome and the `stressProbe` phase (see `stressScenario`). The shock itself
   * is in `sets`, so the task needs no file of the search's `--out` and a queue
   * worker on another machine can run it.
   */
  stress?: boolean;
}

/**
 * What a run sends back: its record and, when kept and not written to the
 * task's `stepsFile`, its per-step Arrow IPC file.
 */
export interface RunResult {
  record: RunRecord;
  steps: Uint8Array | null;
  /**
   * Set when the run could not write its output (a full disk...): the sweep
   * stops, and this run is not recorded (a resume runs it again).
   */
  fatal?: string;
  /**
   * The replica's result, for a task with `RunTask.rare`.
   * @internal
   */
  rare?: RareReplicaResult;
}

export { scenarioPath };

/** sha256 (hex) of a scenario's file. */
export function scenarioSha256(ref: string): string {
  return createHash("sha256")
    .update(readFileSync(scenarioPath(ref)))
    .digest("hex");
}

const cache = new Map<string, Promise<Scenario>>();

function cachedScenario(task: RunTask): Promise<Scenario> {
  const key = `${task.scenarioRef}#${task.scenarioSha256}${task.stress ? "#stress" : ""}`;
  let s = cache.get(key);
  if (!s) {
    s = (async () => {
      const sha = scenarioSha256(task.scenarioRef);
      if (sha !== task.scenarioSha256)
        throw new Error(
          `scenario ${task.scenarioRef} differs from the sweep's (sha256 ${sha.slice(0, 12)} here, ${task.scenarioSha256.slice(0, 12)} in the sweep)`,
        );
      // A stress search's and a rare estimate's modules load only in the
      // threads that run such tasks: a sweep's workers start with less.
      if (!task.stress) return loadScenario(task.scenarioRef);
      const { loadStressScenario } = await import("../stress/outcomes.ts");
      return loadStressScenario(task.scenarioRef);
    })();
    cache.set(key, s);
  }
  return s;
}

/**
 * Executes one run. Deterministic failures (an invariant breaks) and errors
 * thrown by the simulation come back as records, so that the caller can tell
 * them from a worker that died (the promise rejects only then).
 */
export async function executeRun(task: RunTask): Promise<RunResult> {
  try {
    const scenario = await cachedScenario(task);
    const params = resolveParams(scenario, task.sets);
    if (task.rare) {
      const { runRareReplica } = await import("../rare/replicaTask.ts");
      return rareReplicaResult(task, runRareReplica(scenario, params, task.seed, task.rare));
    }
    // Streaming to the file costs a few milliseconds; collecting a run's bytes in
    // memory and writing them from the main thread costs tens (fresh pages).
    // Without per-step output the recorder's batches are not even encoded.
    let sink: ByteSink = DISCARD_SINK;
    if (task.keepSteps && task.stepsFile) {
      makeDir(dirname(task.stepsFile));
      sink = new AtomicFileSink(task.stepsFile);
    } else if (task.keepSteps) sink = new MemorySink();
    const summary = await runSimulation(
      { scenario, params, seed: task.seed, runIndex: task.run, pointIndex: task.point },
      sink,
      { recordEvery: task.recordEvery },
    );
    return {
      record: recordFromSummary(task.point, task.run, task.sets, summary),
      steps: sink instanceof MemorySink ? sink.bytes() : null,
    };
  } catch (err) {
    const e = err as Error;
    const fatal = outputProblem(err);
    return {
      record: errorRecord(task.point, task.run, task.seed, task.sets, `${e.name}: ${e.message}`),
      steps: null,
      ...(fatal !== undefined ? { fatal } : {}),
    };
  }
}

/** A rare replica's result as a run's: an `ok` record that names the replica, and the result. */
function rareReplicaResult(task: RunTask, rare: RareReplicaResult): RunResult {
  return {
    record: {
      point: task.point,
      run: task.run,
      seed: task.seed,
      status: "ok",
      message: "",
      sets: [...task.sets],
      stepsCompleted: rare.steps,
      headline: null,
      deathSpirals: [],
    },
    steps: null,
    rare,
  };
}
