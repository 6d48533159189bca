import { DelayedError, type Job, Worker } from "bullmq";
import type { RunResult } from "../../engine/sweep/task.ts";
import { createPool, poolRunExecutor } from "../pool.ts";
import { ensureReachable, redisConnection } from "./connection.ts";
import {
  type ChunkJob,
  type ChunkResult,
  coordinatorKey,
  DEFAULT_QUEUE,
  REFUSED_TTL_S,
  refusedKey,
  STEPS_TTL_S,
  stepsKey,
} from "./protocol.ts";
import { refusedDelayMs, scenarioMismatch } from "./refuse.ts";

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
  onChunk?: (event: "start" | "done" | "skipped", id: string, runs: number) => void;
  /**
   * This worker leaves a sweep's chunks to other workers (its scenario file differs
   * from the sweep's): called once per sweep and reason, with the sweep's coordinator id.
   */
  onRefuse?: (coordinator: string, reason: string) => void;
  /**
   * BullMQ's and Redis's errors (a lost connection, a job deleted under it), as
   * one line each; a message repeated while the first is still current is not
   * repeated. Default: none printed.
   */
  onError?: (line: string) => void;
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
  /**
   * Nobody would collect this chunk's results: its coordinator's heartbeat lapsed
   * (it was killed, or a resumed sweep took over) or the job itself is gone (Redis
   * lost its data). Then nothing is stored, and a dead coordinator's chunk is not
   * even run.
   */
  const orphaned = async (job: Job<ChunkJob>): Promise<boolean> => {
    const coordinator = job.data.coordinator;
    if (!coordinator) return false; // a chunk from an older coordinator: keep the old behaviour
    const keys = [coordinatorKey(queueName, coordinator), `${job.queueQualifiedName}:${job.id}`];
    return (await data.exists(...keys)) < keys.length;
  };
  const told = new Set<string>();
  /**
   * Puts back a chunk this worker cannot run (its scenario file differs), delayed so
   * that it is not taken again at once, for a worker with the sweep's file; says why
   * once per sweep, here and to the coordinator.
   */
  const refuse = async (job: Job<ChunkJob>, reason: string, token?: string): Promise<never> => {
    const coordinator = job.data.coordinator ?? "";
    if (!told.has(`${coordinator}\n${reason}`)) {
      told.add(`${coordinator}\n${reason}`);
      opts.onRefuse?.(coordinator, reason);
      if (coordinator) {
        // (an older coordinator, without an id, reads no reasons)
        const key = refusedKey(queueName, coordinator);
        await data.sadd(key, reason);
        await data.expire(key, REFUSED_TTL_S);
      }
    }
    await job.moveToDelayed(Date.now() + refusedDelayMs(job.attemptsStarted), token);
    throw new DelayedError(); // BullMQ's sign that the job was moved, not failed
  };
  const worker = new Worker<ChunkJob, ChunkResult>(
    queueName,
    async (job, token) => {
      const runs = job.data.tasks.length;
      if (await orphaned(job)) {
        opts.onChunk?.("skipped", job.id!, runs);
        return { results: [], orphaned: true };
      }
      const mismatch = scenarioMismatch(job.data.tasks);
      if (mismatch) return refuse(job, mismatch, token);
      opts.onChunk?.("start", job.id!, runs);
      const results = await Promise.all(job.data.tasks.map(runWithRetry));
      if (await orphaned(job)) {
        opts.onChunk?.("skipped", job.id!, runs);
        return { results: [], orphaned: true };
      }
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
        out.results.push({ record: r.record, stepsKey: key, ...(r.rare ? { rare: r.rare } : {}) });
      }
      opts.onChunk?.("done", job.id!, runs);
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
  // Without a listener BullMQ prints each error as a stack trace (a Redis that
  // lost its data gives one per job and per lock renewal).
  let lastError = "";
  worker.on("error", (err: Error) => {
    const line = errorLine(err);
    if (line !== lastError) opts.onError?.(line);
    lastError = line;
  });
  worker.on("completed", () => {
    lastError = "";
  });
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

/** One line for a BullMQ error; the several errors of a job deleted under a worker say so once. */
function errorLine(err: Error): string {
  const gone = /^Missing (?:key|lock) for job (\S+?)\.? /.exec(err.message);
  if (gone)
    return `job ${gone[1]} is gone from Redis (flushed, or restarted without persistence?); its coordinator enqueues it again`;
  return err.message.split("\n")[0] ?? "";
}
