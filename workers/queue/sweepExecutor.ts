import type { SweepExecutor } from "../executor.ts";
import {
  createQueueExecutor,
  type QueueExecutorOptions,
  QueueInterruptedError,
  QueueLostError,
} from "./coordinator.ts";

/** A queue executor for `tokensim sweep --queue`, with the coordinator's `watch`. */
export interface QueueSweepExecutor extends SweepExecutor {
  /** See `QueueExecutor.watch`: resolves when an interrupt has drained, rejects when Redis is lost. */
  watch: Promise<void>;
}

const never = new Promise<never>(() => {});

/**
 * The queue executor as a sweep wants it. A run that was not started (interrupt)
 * or cannot be (Redis lost) is left unsettled instead of rejected: the sweep
 * runner retries a rejected run and then records it as an error, which would
 * mark the sweep complete with errors; the caller races `watch` instead and
 * stops waiting for those runs (they stay to do for `--resume`).
 */
export async function createQueueSweepExecutor(
  opts: QueueExecutorOptions,
): Promise<QueueSweepExecutor> {
  const q = await createQueueExecutor(opts);
  const run: SweepExecutor["run"] = (task) =>
    q
      .executor(task)
      .catch((err: unknown) =>
        err instanceof QueueInterruptedError || err instanceof QueueLostError
          ? never
          : Promise.reject(err),
      );
  return {
    run,
    concurrency: Math.max(1, opts.chunkSize ?? 4) * 64,
    watch: q.watch,
    close: () => q.close(),
  };
}
