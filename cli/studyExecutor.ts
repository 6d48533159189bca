import { hostname } from "node:os";
import { resolve } from "node:path";
import { createExecutor, type SweepExecutor } from "../workers/executor.ts";
import type { QueueExecutorOptions } from "../workers/queue/coordinator.ts";
import { UsageError } from "./command.ts";
import { integerFlag } from "./flags.ts";
import { interruptible } from "./stopSignal.ts";
import { rethrowAsUsage } from "./usageErrors.ts";

/** The parseArgs options of `--queue`, `--queue-name` and `--chunk` (see {@link StudyExecutorFlags}). */
export const QUEUE_OPTIONS = {
  queue: { type: "string" },
  "queue-name": { type: "string" },
  chunk: { type: "string" },
} as const;

/** The flags that choose where a study's runs go: worker threads, or a Redis queue. */
export interface StudyExecutorFlags {
  workers?: string | undefined;
  queue?: string | undefined;
  "queue-name"?: string | undefined;
  chunk?: string | undefined;
}

/** A study's executor; `watch` only on a sweep's queue executor (see {@link StudyExecutorSetup}). */
export type StudyExecutor = SweepExecutor & { watch?: Promise<void> };

/** How {@link withStudyExecutor} sets a study up, beyond its flags. */
export interface StudyExecutorSetup {
  /** What the first Ctrl-C prints (default: the runs in flight finish, a second Ctrl-C quits). */
  stopping?: string;
  /**
   * `tokensim sweep`: with `--queue`, the runs an interrupt leaves unstarted stay
   * unsettled and the executor's `watch` says when to stop waiting for them
   * (`createQueueSweepExecutor`), and the coordinator is keyed by host and output
   * folder alone. Otherwise those runs are rejected (the study discards the
   * generation in flight) and the key names the command too.
   */
  sweep?: boolean;
}

/**
 * Worker threads (`--workers`, default one per core), or with `--queue` the
 * BullMQ coordinator, told about interrupts (see {@link StudyExecutorSetup}).
 */
async function studyExecutor(
  command: string,
  flags: StudyExecutorFlags,
  sizes: { workers: number | undefined; chunk: number },
  signal: AbortSignal,
  out: string,
  sweep: boolean,
): Promise<StudyExecutor> {
  const { workers, chunk } = sizes;
  if (!flags.queue) return createExecutor(workers === undefined ? {} : { workers });
  const options: QueueExecutorOptions = {
    url: flags.queue,
    ...(flags["queue-name"] ? { queueName: flags["queue-name"] } : {}),
    chunkSize: chunk,
    signal,
    // a --resume of this output takes over from a coordinator killed moments ago
    sweepKey: `${hostname()}:${resolve(out)}${sweep ? "" : `:${command}`}`,
    // chunks Redis lost, leftovers removed: printed even with --quiet
    onWarning: (line) => process.stderr.write(`queue: ${line}\n`),
  };
  if (sweep) {
    const { createQueueSweepExecutor } = await import("../workers/queue/sweepExecutor.ts");
    return createQueueSweepExecutor(options);
  }
  const { createQueueExecutor } = await import("../workers/queue/coordinator.ts");
  const q = await createQueueExecutor(options);
  return { run: q.executor, concurrency: chunk * 64, close: () => q.close() };
}

/**
 * Runs a study command's body with its executor and Ctrl-C handling (the first
 * interrupt prints `stopping` and aborts the body's signal: the runs in flight
 * finish; a second quits), closing both whatever happens; an engine error
 * becomes a usage error (exit code 2).
 */
export async function withStudyExecutor(
  command: string,
  flags: StudyExecutorFlags,
  out: string,
  body: (executor: StudyExecutor, signal: AbortSignal) => Promise<number>,
  {
    stopping = "stopping: finishing the runs in flight (Ctrl-C again to quit at once)",
    sweep = false,
  }: StudyExecutorSetup = {},
): Promise<number> {
  const sizes = {
    workers: integerFlag("workers", flags.workers),
    chunk: integerFlag("chunk", flags.chunk, 4, 1),
  };
  const interrupt = interruptible(stopping);
  const executor = await studyExecutor(command, flags, sizes, interrupt.signal, out, sweep).catch(
    (err: Error) => {
      interrupt.release();
      throw new UsageError(flags.queue ? `--queue ${flags.queue}: ${err.message}` : err.message);
    },
  );
  try {
    return await body(executor, interrupt.signal);
  } catch (err) {
    rethrowAsUsage(err);
  } finally {
    interrupt.release();
    await executor.close();
  }
}

/** Says where an interrupted study's completed generations are and how to go on; exit code 130. */
export function interruptedStudy(out: string): number {
  process.stderr.write(
    `interrupted: the completed generations are in ${out}; continue with the same command and --resume\n`,
  );
  return 130;
}

/**
 * {@link withStudyExecutor} for a study that writes nothing until it ends (fit,
 * counterfactual): the first Ctrl-C prints `stopping: the <command> is abandoned
 * (nothing written)`, and an error after it ends the study with exit code 130
 * ({@link abandonedStudy}).
 */
export function withWholeStudy(
  command: string,
  flags: StudyExecutorFlags,
  out: string,
  body: (executor: SweepExecutor, signal: AbortSignal) => Promise<number>,
): Promise<number> {
  return withStudyExecutor(
    command,
    flags,
    out,
    async (executor, signal) => {
      try {
        return await body(executor, signal);
      } catch (err) {
        return abandonedStudy(signal, err);
      }
    },
    { stopping: `stopping: the ${command} is abandoned (nothing written)` },
  );
}

/**
 * For a study that writes nothing until it ends (fit, counterfactual): an error
 * after an interrupt means the study was abandoned; says so and returns 130.
 * Any other error is thrown again.
 */
export function abandonedStudy(signal: AbortSignal, err: unknown): number {
  if (!signal.aborted) throw err;
  process.stderr.write("interrupted: nothing written\n");
  return 130;
}
