import { Worker } from "bullmq";
import type { RunResult } from "../../engine/sweep/task.ts";
import { createPool, poolRunExecutor } from "../pool.ts";
import { ensureReachable, redisConnection } from "./connection.ts";
import {
  type ChunkJob,
  type ChunkResult,
  DEFAULT_QUEUE,
  STEPS_TTL_S,
  stepsKey,
} from "./protocol.ts";

export interface QueueWorkerOptions {
  url: string;
  queueName?: string;
  /** Worker threads of the local pool (default one per core). */
  threads: number;
  /** Chunks processed at once (default 2: one runs while the next is fetched). */
  concurrency?: number;
  /** Job lock lifetime: a killed worker's chunk is redelivered after about this long (default 30 s). */
  lockMs?: number;
  /** How long to wait for Redis to answer at start before giving up (default 30 s). */
  connectTimeoutMs?: number;
  onChunk?: (event: "start" | "done", id: string, runs: number) => void;
}

export interface QueueWorker {
  /** Stops taking chunks, lets the running ones finish, and closes the pool. */
  close(): Promise<void>;
}

/**
 * `tokensim worker`: consumes chunks of runs from the queue and runs them on
 * this machine's worker-thread pool. A run whose thread dies is retried here;
 * if this whole process dies, the chunk's lock lapses and BullMQ redelivers
 * it to another worker.
 */
export async function startQueueWorker(opts: QueueWorkerOptions): Promise<QueueWorker> {
  const pool = createPool(opts.threads);
  const run = poolRunExecutor(pool);
  const runWithRetry = async (task: ChunkJob["tasks"][number]): Promise<RunResult> => {
    for (let attempt = 1; ; attempt++) {
      try {
        return await run(task);
      } catch (err) {
        if (attempt >= 3) throw err;
      }
    }
  };
  const connection = redisConnection(opts.url);
  try {
    await ensureReachable(connection, opts.url, opts.connectTimeoutMs ?? 30_000);
  } catch (err) {
    connection.disconnect();
    await pool.destroy();
    throw err;
  }
  const lockDuration = opts.lockMs ?? 30_000;
  const queueName = opts.queueName ?? DEFAULT_QUEUE;
  // Per-step bytes go to Redis as binary strings on a connection of their own.
  const data = redisConnection(opts.url);
  const worker = new Worker<ChunkJob, ChunkResult>(
    queueName,
    async (job) => {
      opts.onChunk?.("start", job.id!, job.data.tasks.length);
      const results = await Promise.all(job.data.tasks.map(runWithRetry));
      const out: ChunkResult = { results: [] };
      for (const [k, r] of results.entries()) {
        let key: string | null = null;
        if (r.steps) {
          key = stepsKey(queueName, job.id!, k);
          await data.set(
            key,
            Buffer.from(r.steps.buffer, r.steps.byteOffset, r.steps.byteLength),
            "EX",
            STEPS_TTL_S,
          );
        }
        out.results.push({ record: r.record, stepsKey: key });
      }
      opts.onChunk?.("done", job.id!, job.data.tasks.length);
      return out;
    },
    {
      connection,
      concurrency: opts.concurrency ?? 2,
      lockDuration,
      stalledInterval: Math.max(1000, Math.floor(lockDuration / 2)),
      maxStalledCount: 5,
    },
  );
  await worker.waitUntilReady();
  return {
    async close() {
      await worker.close();
      await pool.destroy();
      connection.disconnect();
      data.disconnect();
    },
  };
}
