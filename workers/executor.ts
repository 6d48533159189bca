import type { RunExecutor } from "../engine/sweep/runner.ts";

/** A sweep's executor with the concurrency that keeps it busy, and how to release it. */
export interface SweepExecutor {
  run: RunExecutor;
  /** Runs to keep in flight at once. */
  concurrency: number;
  close(): Promise<void>;
}

/** Where a sweep's runs execute. */
export interface ExecutorOptions {
  /** Worker threads; 0 runs in this thread. Default: one per core. */
  workers?: number;
  /** A Redis URL: runs go to a BullMQ queue that `tokensim worker` processes consume. */
  queue?: string;
  queueName?: string;
  /** Runs per queue job (default 4). */
  chunk?: number;
}

/**
 * The one place a sweep's executor is built (CLI, dashboard, `tokensim/run`):
 * a Redis queue, a worker-thread pool, or this thread. Modules load only for
 * the kind asked for.
 */
export async function createExecutor(o: ExecutorOptions = {}): Promise<SweepExecutor> {
  if (o.queue) {
    const { createQueueExecutor } = await import("./queue/coordinator.ts");
    const chunk = o.chunk ?? 4;
    const q = await createQueueExecutor({
      url: o.queue,
      ...(o.queueName ? { queueName: o.queueName } : {}),
      chunkSize: chunk,
    });
    return { run: q.executor, concurrency: Math.max(1, chunk) * 64, close: () => q.close() };
  }
  const { createPool, defaultWorkers, poolRunExecutor } = await import("./pool.ts");
  const threads = o.workers ?? defaultWorkers();
  if (threads <= 0) {
    const { inThreadRunExecutor } = await import("../engine/sweep/inThread.ts");
    return { run: inThreadRunExecutor, concurrency: 2, close: async () => {} };
  }
  const pool = createPool(threads);
  return { run: poolRunExecutor(pool), concurrency: threads * 2, close: () => pool.destroy() };
}
