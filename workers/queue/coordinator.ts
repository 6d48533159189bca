import { randomBytes } from "node:crypto";
import { Queue, QueueEvents } from "bullmq";
import type { RunExecutor } from "../../engine/sweep/runner.ts";
import type { RunResult, RunTask } from "../../engine/sweep/task.ts";
import { collectResults, parseChunkResult, ResultsLostError } from "./collect.ts";
import { ensureReachable, redisConnection } from "./connection.ts";
import { startHeartbeat } from "./heartbeat.ts";
import { removeOrphans } from "./janitor.ts";
import { type ChunkJob, chunkJobId, DEFAULT_QUEUE, refusedKey } from "./protocol.ts";

export interface QueueExecutorOptions {
  url: string;
  queueName?: string;
  /** Runs per queue job (default 4). */
  chunkSize?: number;
  /** Attempts BullMQ gives a job that throws (default 3); a stalled job (dead worker) is redelivered up to 5 times. */
  attempts?: number;
  /** Interrupt: waiting chunks are removed from the queue, running ones are waited for (see `watch`). */
  signal?: AbortSignal;
  /** How often each chunk in flight is checked to still exist, and the heartbeat renewed (default 5 s). */
  checkMs?: number;
  /** Lifetime of the heartbeat: this long after the coordinator dies, its leftovers are orphans (default 30 s). */
  heartbeatMs?: number;
  /** Give up when Redis has not answered for this long (default 60 s; after an interrupt, 4 checks): `watch` rejects. */
  stallMs?: number;
  /** Names the sweep's output (host and folder): a coordinator for the same output takes over at once. */
  sweepKey?: string;
  /** One-line notices: chunks Redis lost and enqueued again, leftovers removed, workers that refuse the sweep's chunks. */
  onWarning?: (line: string) => void;
}

/** A run executor that sends runs to `tokensim worker`s through a BullMQ queue. */
export interface QueueExecutor {
  executor: RunExecutor;
  /**
   * Resolves after an interrupt once no chunk of this coordinator runs any more (the
   * runs that never started are rejected with {@link QueueInterruptedError}); rejects
   * with {@link QueueLostError} when Redis stops answering for `stallMs`. Never settles
   * otherwise. A caller waiting for every run races it, to stop waiting for runs
   * that will not come.
   */
  watch: Promise<void>;
  /** Removes this coordinator's chunks still waiting, then disconnects. */
  close(): Promise<void>;
}

/** A run that was not started because the sweep was interrupted. */
export class QueueInterruptedError extends Error {}
/** Redis stopped answering: the sweep cannot go on. */
export class QueueLostError extends Error {}

interface Pending {
  task: RunTask;
  resolve: (r: RunResult) => void;
  reject: (e: Error) => void;
}
/** A chunk in the queue; `relost` counts the times Redis lost it. */
interface Entry {
  id: string;
  chunk: Pending[];
  relost: number;
}

const WAITING = new Set(["waiting", "wait", "paused", "delayed", "prioritized"]);
/** A chunk Redis loses this many times fails its runs (the sweep retries or records them). */
const MAX_RELOST = 3;

/**
 * Batches runs into chunks of `chunkSize`, enqueues each chunk as one job, and
 * resolves each run from the job's return value. Completions arrive as events,
 * but events can be lost (Redis restarted) and so can jobs (Redis flushed), so
 * every `checkMs` each chunk in flight is looked up: a finished one is collected,
 * a vanished one enqueued again. A dead worker's job is redelivered by BullMQ
 * (its lock lapses); a job that fails for good rejects its runs.
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
  const self = randomBytes(8).toString("hex");
  const checkMs = opts.checkMs ?? 5000;
  const heartbeatMs = Math.max(opts.heartbeatMs ?? 30_000, 2 * checkMs);
  const stallMs = opts.stallMs ?? 60_000;
  const warn = opts.onWarning ?? (() => {});
  const heartbeat = await startHeartbeat(connection, name, self, heartbeatMs, opts.sweepKey);

  const eventsConnection = redisConnection(opts.url);
  const queue = new Queue<ChunkJob>(name, { connection, streams: { events: { maxLen: 1000 } } });
  const events = new QueueEvents(name, { connection: eventsConnection });
  // Without listeners BullMQ prints every connection error as a stack trace;
  // a lost Redis is reported once, by the stall check.
  queue.on("error", () => {});
  events.on("error", () => {});
  await Promise.all([queue.waitUntilReady(), events.waitUntilReady()]);
  const left = await removeOrphans(queue, connection, name, self);
  if (left.jobs + left.stepsKeys > 0)
    warn(
      `removed ${left.jobs} queued chunks and ${left.stepsKeys} per-step results left by a coordinator that stopped`,
    );

  const chunkSize = Math.max(1, opts.chunkSize ?? 4);
  const entries = new Map<string, Entry>();
  let seq = 0;
  let adding = 0;
  let batch: Pending[] = [];
  let scheduled = false;
  let interrupted = false;
  let failed: Error | null = null;
  let closed = false;
  let watchResolve = () => {};
  let watchReject = (_: Error) => {};
  const watch = new Promise<void>((res, rej) => {
    watchResolve = res;
    watchReject = rej;
  });
  watch.catch(() => {}); // a caller that never races it is told through its runs instead

  const interruptedError = () => new QueueInterruptedError("sweep interrupted: run not started");
  /** Takes an entry out of the books; false when something else settled it first. */
  const claim = (e: Entry): boolean => {
    if (entries.get(e.id) !== e) return false;
    entries.delete(e.id);
    return true;
  };
  const drained = () => {
    // on the next turn: after the sweep has written the last results
    if (interrupted && entries.size === 0 && adding === 0) setImmediate(watchResolve);
  };
  const rejectAll = (chunk: Pending[], err: Error) => {
    for (const p of chunk) p.reject(err);
  };

  const send = async (chunk: Pending[], relost = 0): Promise<void> => {
    if (interrupted || failed) return rejectAll(chunk, failed ?? interruptedError());
    const id = chunkJobId(self, ++seq);
    adding++;
    try {
      await queue.add(
        "runs",
        { tasks: chunk.map((p) => p.task), coordinator: self },
        {
          jobId: id,
          attempts: opts.attempts ?? 3,
          removeOnFail: { age: 24 * 3600 },
          removeOnComplete: { age: 24 * 3600 },
        },
      );
    } catch (err) {
      adding--;
      rejectAll(chunk, err as Error);
      drained();
      return;
    }
    adding--;
    const e: Entry = { id, chunk, relost };
    entries.set(id, e);
    if (interrupted) await removeIfWaiting(e);
    drained();
  };

  /** A chunk that Redis lost (or whose results it lost) goes back in the queue. */
  const requeue = (e: Entry): boolean => {
    if (interrupted) rejectAll(e.chunk, interruptedError());
    else if (e.relost + 1 >= MAX_RELOST)
      rejectAll(e.chunk, new Error(`chunk lost by Redis ${MAX_RELOST} times`));
    else {
      void send(e.chunk, e.relost + 1);
      return true;
    }
    drained();
    return false;
  };

  const complete = async (e: Entry, value: unknown): Promise<void> => {
    if (!claim(e)) return;
    try {
      const v = parseChunkResult(value);
      if (v.orphaned) {
        // the worker found our heartbeat lapsed (Redis flushed, or this process stalled)
        if (requeue(e)) warn(`chunk ${e.id} came back unrun (heartbeat lapsed): enqueued it again`);
      } else {
        const tasks = e.chunk.map((p) => p.task);
        const results = await collectResults(connection, e.id, tasks, v);
        for (const [k, p] of e.chunk.entries()) p.resolve(results[k]!);
      }
    } catch (err) {
      if (!(err instanceof ResultsLostError)) rejectAll(e.chunk, err as Error);
      else if (requeue(e)) warn(`Redis lost the results of chunk ${e.id}: enqueued it again`);
    }
    await queue.remove(e.id).catch(() => 0);
    drained();
  };

  const removeIfWaiting = async (e: Entry): Promise<void> => {
    const state = await queue.getJobState(e.id);
    if (!WAITING.has(state) && state !== "unknown") return; // running: wait for it
    if (state !== "unknown" && (await queue.remove(e.id)) !== 1) return; // a worker just took it
    if (claim(e)) rejectAll(e.chunk, interruptedError());
    drained();
  };

  /** Looks up one chunk in flight; returns it when Redis no longer has it. */
  const check = async (e: Entry): Promise<Entry | null> => {
    const state = await queue.getJobState(e.id);
    if (state === "unknown") return e;
    if (state === "completed") {
      const job = await queue.getJob(e.id);
      if (job) await complete(e, job.returnvalue);
    } else if (state === "failed") {
      const job = await queue.getJob(e.id);
      if (claim(e)) {
        rejectAll(e.chunk, new Error(`job ${e.id} failed: ${job?.failedReason ?? "no reason"}`));
        await queue.remove(e.id).catch(() => 0);
        drained();
      }
    } else if (interrupted && WAITING.has(state)) await removeIfWaiting(e);
    return null;
  };

  const refusals = new Set<string>();
  /** Says once why workers leave this sweep's chunks to others (a scenario file that differs). */
  const checkRefusals = async (): Promise<void> => {
    for (const reason of await connection.smembers(refusedKey(name, self)))
      if (!refusals.has(reason)) {
        refusals.add(reason);
        warn(`a worker does not take this sweep's chunks (${reason}); waiting for one that does`);
      }
  };

  let lastContact = Date.now();
  /** Checks (timer ticks) since Redis last answered. */
  let ticksSinceContact = 0;
  const contact = () => {
    lastContact = Date.now();
    ticksSinceContact = 0;
  };
  let checking = false;
  /** Looks up every chunk in flight; enqueues again those Redis lost. */
  const checkAll = async (): Promise<void> => {
    if (checking) return; // a long pass (thousands of chunks) is not doubled
    checking = true;
    try {
      const lost: Entry[] = [];
      for (const e of [...entries.values()]) {
        const gone = await check(e);
        contact();
        if (gone && claim(gone)) lost.push(gone);
      }
      const again = lost.filter(requeue).length;
      if (again > 0)
        warn(
          `Redis lost ${again} queued chunks of this sweep (flushed, or restarted without persistence?): enqueued them again`,
        );
      await checkRefusals();
    } catch {
      // Redis is away: the stall check decides when to give up
    } finally {
      checking = false;
    }
  };
  // The heartbeat has a timer of its own, so that a long pass of checks never
  // lets it lapse (workers would drop this coordinator's chunks).
  const timer = setInterval(() => {
    if (failed || closed) return;
    ticksSinceContact++;
    // Once interrupted, the user is waiting: give up on a silent Redis after a few checks.
    const limit = interrupted ? Math.min(stallMs, 4 * checkMs) : stallMs;
    // Silent for that long, and over that many checks that did run: a stalled event
    // loop (a loaded machine) delays the checks and the answers alike, and is no
    // silence of Redis.
    if (Date.now() - lastContact > limit && ticksSinceContact * checkMs > limit) {
      failed = new QueueLostError(
        `no answer from Redis at ${opts.url} for ${Math.round(limit / 1000)} s; the runs written so far are kept (--resume continues)`,
      );
      watchReject(failed);
      return;
    }
    heartbeat.beat().then(contact, () => {});
    void checkAll();
  }, checkMs);
  timer.unref();

  events.on("completed", ({ jobId, returnvalue }) => {
    const e = entries.get(jobId);
    if (e) void complete(e, returnvalue);
  });
  // A failed attempt may be retried: the periodic check reads the job's final state.
  events.on("failed", ({ jobId }) => {
    const e = entries.get(jobId);
    if (e) void check(e).catch(() => {});
  });

  const flush = () => {
    scheduled = false;
    while (batch.length > 0) void send(batch.splice(0, chunkSize));
  };
  const onAbort = () => {
    interrupted = true;
    rejectAll(batch.splice(0), interruptedError());
    for (const e of [...entries.values()]) void removeIfWaiting(e).catch(() => {});
    drained();
  };
  if (opts.signal?.aborted) onAbort();
  else opts.signal?.addEventListener("abort", onAbort, { once: true });

  const executor: RunExecutor = (task) =>
    new Promise<RunResult>((resolve, reject) => {
      if (interrupted || failed) return reject(failed ?? interruptedError());
      batch.push({ task, resolve, reject });
      if (batch.length >= chunkSize) void send(batch.splice(0, chunkSize));
      else if (!scheduled) {
        scheduled = true;
        setImmediate(flush);
      }
    });

  return {
    executor,
    watch,
    async close() {
      closed = true;
      clearInterval(timer);
      opts.signal?.removeEventListener("abort", onAbort);
      if (!failed) {
        interrupted = true;
        batch = [];
        for (const e of [...entries.values()]) await removeIfWaiting(e).catch(() => {});
        await heartbeat.stop().catch(() => {});
        await connection.del(refusedKey(name, self)).catch(() => 0);
      }
      // With Redis away a graceful close would wait for it: disconnect first.
      connection.disconnect();
      eventsConnection.disconnect();
      await Promise.allSettled([events.close(), queue.close()]);
    },
  };
}
