import type { RunRecord } from "../../engine/sweep/runRecord.ts";
import type { RunResult, RunTask } from "../../engine/sweep/task.ts";

/** The BullMQ queue sweeps use unless told otherwise. */
export const DEFAULT_QUEUE = "tokensim-runs";

/** A chunk of runs: the data of one queue job. */
export interface ChunkJob {
  tasks: RunTask[];
}

/**
 * What a queue worker returns for a chunk: the results travel back through
 * Redis (the job's return value), so workers need no shared storage; per-step
 * Arrow bytes are base64.
 */
export interface ChunkResult {
  results: { record: RunRecord; steps: string | null }[];
}

export const encodeResults = (results: readonly RunResult[]): ChunkResult => ({
  results: results.map((r) => ({
    record: r.record,
    steps: r.steps ? Buffer.from(r.steps).toString("base64") : null,
  })),
});

export function decodeResults(value: unknown): RunResult[] {
  const v = (typeof value === "string" ? JSON.parse(value) : value) as ChunkResult;
  return v.results.map((r) => ({
    record: r.record,
    steps: r.steps === null ? null : new Uint8Array(Buffer.from(r.steps, "base64")),
  }));
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
