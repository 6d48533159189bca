import { Queue, QueueEvents } from "bullmq";
import type { RunExecutor } from "../../engine/sweep/runner.ts";
import type { RunResult, RunTask } from "../../engine/sweep/task.ts";
import { ensureReachable, redisConnection } from "./connection.ts";
import { type ChunkJob, type ChunkResult, DEFAULT_QUEUE } from "./protocol.ts";

export interface QueueExecutorOptions {
  url: string;
  queueName?: string;
  /** Runs per queue job (default 4). */
  chunkSize?: number;
  /** Attempts BullMQ gives a job that throws (default 3); a stalled job (dead worker) is redelivered up to 5 times. */
  attempts?: number;
}

/** A run executor that sends runs to `tokensim worker`s through a BullMQ queue. */
export interface QueueExecutor {
  executor: RunExecutor;
  /** Removes this coordinator's jobs still waiting (after an interrupt), then disconnects. */
  close(): Promise<void>;
}

interface Pending {
  task: RunTask;
  resolve: (r: RunResult) => void;
  reject: (e: Error) => void;
}

/**
 * Batches the runs it is given into chunks of `chunkSize`, enqueues each
 * chunk as one job, and resolves each run from the job's return value. A job
 * whose worker dies is redelivered by BullMQ (its lock lapses and the stalled
 * check moves it back to the wait list); a job that fails for good rejects
 * its runs, which the sweep then retries or records.
 */
export async function createQueueExecutor(opts: QueueExecutorOptions): Promise<QueueExecutor> {
  const name = opts.queueName ?? DEFAULT_QUEUE;
  const connection = redisConnection(opts.url);
  try {
    await ensureReachable(connection, opts.url);
  } catch (err) {
    connection.disconnect();
    throw err;
  }
  const eventsConnection = redisConnection(opts.url);
  const queue = new Queue<ChunkJob>(name, {
    connection,
    streams: { events: { maxLen: 1000 } },
  });
  const events = new QueueEvents(name, { connection: eventsConnection });
  await Promise.all([queue.waitUntilReady(), events.waitUntilReady()]);
  const chunkSize = Math.max(1, opts.chunkSize ?? 4);
  const ours = new Set<string>();
  let batch: Pending[] = [];
  let scheduled = false;

  const send = async (chunk: Pending[]): Promise<void> => {
    try {
      const job = await queue.add(
        "runs",
        { tasks: chunk.map((p) => p.task) },
        { attempts: opts.attempts ?? 3, removeOnFail: { age: 24 * 3600 } },
      );
      ours.add(job.id!);
      const value = await job.waitUntilFinished(events);
      ours.delete(job.id!);
      const results = await collect(value);
      await job.remove().catch(() => {});
      chunk.forEach((p, k) => {
        const r = results[k];
        if (r) p.resolve(r);
        else
          p.reject(
            new Error(`job ${job.id} returned ${results.length} results for ${chunk.length} runs`),
          );
      });
    } catch (err) {
      for (const p of chunk) p.reject(err as Error);
    }
  };

  /** Takes each run's per-step bytes out of Redis (and deletes them). */
  const collect = async (value: unknown): Promise<RunResult[]> => {
    const v = (typeof value === "string" ? JSON.parse(value) : value) as ChunkResult;
    const out: RunResult[] = [];
    for (const r of v.results) {
      if (r.stepsKey === null) {
        out.push({ record: r.record, steps: null });
        continue;
      }
      const bytes = await connection.getBuffer(r.stepsKey);
      if (bytes === null) throw new Error(`per-step result ${r.stepsKey} is missing from Redis`);
      await connection.del(r.stepsKey);
      out.push({ record: r.record, steps: new Uint8Array(bytes) });
    }
    return out;
  };

  const flush = () => {
    scheduled = false;
    while (batch.length > 0) void send(batch.splice(0, chunkSize));
  };

  const executor: RunExecutor = (task) =>
    new Promise<RunResult>((resolve, reject) => {
      batch.push({ task, resolve, reject });
      if (batch.length >= chunkSize) void send(batch.splice(0, chunkSize));
      else if (!scheduled) {
        scheduled = true;
        setImmediate(flush);
      }
    });

  return {
    executor,
    async close() {
      for (const id of ours) {
        const job = await queue.getJob(id);
        if (job && (await job.isWaiting())) await job.remove().catch(() => {});
      }
      batch = [];
      await events.close();
      await queue.close();
      connection.disconnect();
      eventsConnection.disconnect();
    },
  };
}
