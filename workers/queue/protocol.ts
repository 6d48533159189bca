import type { RunRecord } from "../../engine/sweep/runRecord.ts";
import type { RunResult, RunTask } from "../../engine/sweep/task.ts";

/** The BullMQ queue sweeps use unless told otherwise. */
export const DEFAULT_QUEUE = "tokensim-runs";

/** A chunk of runs: the data of one queue job. */
export interface ChunkJob {
  tasks: RunTask[];
  /** The coordinator that enqueued the chunk (see {@link coordinatorKey}). */
  coordinator: string;
}

/**
 * What a queue worker returns for a chunk (the job's return value): each run's
 * record, and the Redis key under which the worker stored the run's per-step
 * Arrow bytes as a raw binary string. The results travel back through Redis,
 * so workers need no shared storage; the bulky bytes go neither through JSON
 * and base64 nor into BullMQ's event stream. The coordinator reads each key
 * and deletes it; keys expire after {@link STEPS_TTL_S} if nobody does.
 */
export interface ChunkResult {
  results: { record: RunRecord; stepsKey: string | null; rare?: RunResult["rare"] }[];
  /**
   * Set (with no results) when the worker found its coordinator gone or the job
   * deleted (Redis flushed): nobody would collect the results, so none are stored.
   */
  orphaned?: boolean;
}

/** Lifetime of a stored per-step result nobody collected (a coordinator that died), seconds. */
export const STEPS_TTL_S = 24 * 3600;

/** Where a chunk's run `k` keeps its per-step bytes until the coordinator takes them. */
export const stepsKey = (queueName: string, jobId: string, k: number): string =>
  `tokensim:${queueName}:steps:${jobId}:${k}`;

/**
 * A live coordinator keeps this key (its heartbeat) alive. Workers skip the chunks
 * of a coordinator whose key has lapsed, and a new coordinator removes its jobs
 * and per-step keys: a killed coordinator's leftovers neither run nor linger.
 */
export const coordinatorKey = (queueName: string, coordinator: string): string =>
  `tokensim:${queueName}:coordinator:${coordinator}`;

/**
 * Why workers refuse a coordinator's chunks (a set of one-line reasons, e.g. a
 * scenario file that differs), for the coordinator to print. Lapses after an hour.
 */
export const refusedKey = (queueName: string, coordinator: string): string =>
  `tokensim:${queueName}:refused:${coordinator}`;

/** Lifetime of a {@link refusedKey}, seconds. */
export const REFUSED_TTL_S = 3600;

/** Which coordinator holds a sweep's output (see `sweepKey`): a resumed sweep takes over. */
export const sweepOwnerKey = (queueName: string, sweepHash: string): string =>
  `tokensim:${queueName}:sweep:${sweepHash}`;

/**
 * Job ids are `<coordinator>-<n>`: unique across coordinators and across a Redis
 * that lost its data (BullMQ's own counter restarts at 1 after a flush, and an old
 * id could then name a new, unrelated job).
 */
export const chunkJobId = (coordinator: string, n: number): string => `${coordinator}-${n}`;

/** The coordinator of a chunk job id or a per-step key's job id; null for other ids. */
export function coordinatorOf(jobId: string): string | null {
  const m = /^([0-9a-f]{16})-\d+$/.exec(jobId);
  return m ? m[1]! : null;
}

/** Parses a `redis://[user:pass@]host:port[/db]` URL, with a clear error for anything else. */
export function checkRedisUrl(url: string): string {
  let u: URL;
  try {
    u = new URL(url);
  } catch {
    throw new Error("expected a URL like redis://host:6379/0");
  }
  if (u.protocol !== "redis:" && u.protocol !== "rediss:")
    throw new Error("expected a redis:// or rediss:// URL");
  return url;
}
