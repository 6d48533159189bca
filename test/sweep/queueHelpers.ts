import { Queue } from "bullmq";
import { Redis } from "ioredis";
import type { SweepRequest } from "../../engine/sweep/plan.ts";

/** The sweep of the queue tests: 2 points x 6 runs, short runs. */
export const QUEUE_REQ: SweepRequest = {
  scenario: "test/fixtures/sweep/flaky.ts",
  runs: 6,
  grid: ["verification.sampleRate=0.02,0.05"],
  sets: ["sim.steps=300"],
  seed: 11,
};

/** The same sweep as `tokensim sweep` arguments. */
export const QUEUE_ARGS = [
  "sweep",
  "test/fixtures/sweep/flaky.ts",
  "--runs",
  "6",
  "--grid",
  "verification.sampleRate=0.02,0.05",
  "--set",
  "sim.steps=300",
  "--seed",
  "11",
  "--quiet",
];

/**
 * Polls until `cond` holds. No deadline of its own: the test's timeout bounds it,
 * so a slow machine makes the test slower, not red.
 */
export async function until(cond: () => boolean | Promise<boolean>, everyMs = 50): Promise<void> {
  while (!(await cond())) await new Promise((r) => setTimeout(r, everyMs));
}

/** Looks at a queue from outside: its jobs by state, and tokensim's keys. */
export function probeQueue(url: string, queueName: string) {
  const redis = new Redis(url, { maxRetriesPerRequest: null });
  redis.on("error", () => {});
  const queue = new Queue(queueName, { connection: redis });
  queue.on("error", () => {});
  return {
    redis,
    waiting: () => queue.getWaitingCount(),
    waitingIds: async () => (await queue.getWaiting()).map((j) => j.id ?? ""),
    /** Every job still in the queue, whatever its state. */
    jobs: async () => {
      const c = await queue.getJobCounts();
      return Object.values(c).reduce((a, b) => a + b, 0);
    },
    stepsKeys: () => redis.keys(`tokensim:${queueName}:steps:*`),
    /** tokensim's own keys: per-step results, heartbeats, sweep owners. */
    tokensimKeys: () => redis.keys(`tokensim:${queueName}:*`),
    async close() {
      await queue.close();
      redis.disconnect();
    },
  };
}
