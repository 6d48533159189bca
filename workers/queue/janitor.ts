import type { Queue } from "bullmq";
import type { Redis } from "ioredis";
import { type ChunkJob, coordinatorKey, coordinatorOf } from "./protocol.ts";

/** States a job can be removed from (an active job is locked by its worker). */
const IDLE_STATES = ["wait", "paused", "delayed", "prioritized", "completed", "failed"] as const;

/** Jobs and per-step keys removed by {@link removeOrphans}. */
export interface OrphanCount {
  jobs: number;
  stepsKeys: number;
}

/**
 * Removes what dead coordinators left in the queue: their jobs not being run
 * (waiting, or finished and never collected) and their per-step result keys. A
 * coordinator is dead when its heartbeat key has lapsed (or a resumed sweep took
 * it over). Without this, a coordinator killed by a second Ctrl-C leaves its
 * chunks to run for nobody and their bytes in Redis for a day, and a `--resume`
 * enqueues the same runs again.
 */
export async function removeOrphans(
  queue: Queue<ChunkJob>,
  redis: Redis,
  queueName: string,
  self: string,
): Promise<OrphanCount> {
  const alive = new Map<string, boolean>([[self, true]]);
  const isDead = async (coordinator: string | null): Promise<boolean> => {
    if (coordinator === null) return false; // not ours to judge (an older tokensim's job)
    let a = alive.get(coordinator);
    if (a === undefined) {
      a = (await redis.exists(coordinatorKey(queueName, coordinator))) === 1;
      alive.set(coordinator, a);
    }
    return !a;
  };
  const count: OrphanCount = { jobs: 0, stepsKeys: 0 };
  const page = 500;
  for (const state of IDLE_STATES) {
    for (let start = 0; ; ) {
      const jobs = await queue.getJobs([state], start, start + page - 1, true);
      if (jobs.length === 0) break;
      let kept = 0;
      for (const job of jobs) {
        // remove() answers 0 when a worker took the job meanwhile: that worker then
        // finds the coordinator dead and stores nothing.
        if (job?.id && (await isDead(coordinatorOf(job.id))) && (await queue.remove(job.id)) === 1)
          count.jobs++;
        else kept++;
      }
      start += kept; // removed jobs shift the listing
      if (jobs.length < page) break;
    }
  }
  let cursor = "0";
  do {
    const [next, keys] = await redis.scan(
      cursor,
      "MATCH",
      `tokensim:${queueName}:steps:*`,
      "COUNT",
      1000,
    );
    cursor = next;
    for (const key of keys) {
      const jobId = key.split(":").at(-2) ?? "";
      if (await isDead(coordinatorOf(jobId))) count.stepsKeys += await redis.del(key);
    }
  } while (cursor !== "0");
  return count;
}
