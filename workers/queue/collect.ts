import type { Redis } from "ioredis";
import type { RunResult, RunTask } from "../../engine/sweep/task.ts";
import type { ChunkResult } from "./protocol.ts";

/** A chunk's results are gone from Redis (flushed or restarted): the chunk must run again. */
export class ResultsLostError extends Error {}

/** A job's return value as BullMQ gives it: a JSON string from events, an object from `getJob`. */
export function parseChunkResult(value: unknown): ChunkResult {
  return (typeof value === "string" ? JSON.parse(value) : value) as ChunkResult;
}

/**
 * Takes each run's per-step bytes out of Redis (and deletes them), and checks that
 * the chunk's results are the runs asked for, in order: a result that is not the
 * asked run's would be written under the wrong name, and the sweep would no longer
 * give the local sweep's bytes.
 */
export async function collectResults(
  redis: Redis,
  jobId: string,
  tasks: readonly RunTask[],
  v: ChunkResult,
): Promise<RunResult[]> {
  if (v.results.length !== tasks.length)
    throw new Error(`job ${jobId} returned ${v.results.length} results for ${tasks.length} runs`);
  const keys = v.results.flatMap((r) => (r.stepsKey === null ? [] : [r.stepsKey]));
  const out: RunResult[] = [];
  for (const [k, r] of v.results.entries()) {
    const t = tasks[k]!;
    if (r.record.point !== t.point || r.record.run !== t.run)
      throw new Error(
        `job ${jobId} returned run ${r.record.run} of point ${r.record.point} for run ${t.run} of point ${t.point}`,
      );
    if (r.stepsKey === null) {
      out.push({ record: r.record, steps: null, ...(r.rare ? { rare: r.rare } : {}) });
      continue;
    }
    const bytes = await redis.getBuffer(r.stepsKey);
    if (bytes === null) {
      await redis.del(...keys); // the chunk runs again: its other results are of no use
      throw new ResultsLostError(`per-step result ${r.stepsKey} is missing`);
    }
    out.push({ record: r.record, steps: new Uint8Array(bytes) });
  }
  if (keys.length > 0) await redis.del(...keys);
  return out;
}
