import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Queue } from "bullmq";
import { Redis } from "ioredis";
import { afterAll, beforeAll } from "vitest";
import { inThreadRunExecutor } from "../../engine/sweep/inThread.ts";
import type { SweepRequest } from "../../engine/sweep/plan.ts";
import { runSweep } from "../../engine/sweep/runner.ts";
import { type RedisServer, startRedis } from "../../scripts/redisServer.ts";
import { dirBytes } from "./dirBytes.ts";

/** The sweep of the queue tests: 2 points x 6 runs, short runs. */
export const QUEUE_REQ: SweepRequest = {
  scenario: "test/fixtures/sweep/flaky.ts",
  runs: 6,
  grid: ["verification.sampleRate=0.02,0.05"],
  sets: ["sim.steps=300"],
  seed: 11,
};

/**
 * The set-up of a file of queue tests: a temporary folder, a redis-server of its
 * own, and the bytes of {@link QUEUE_REQ} run locally (what the queue must give),
 * all made before the file's tests and removed after them.
 */
export function queueTestSetup(prefix: string) {
  const env = {
    root: mkdtempSync(join(tmpdir(), prefix)),
    redis: undefined as unknown as RedisServer,
    reference: {} as Record<string, string>,
  };
  beforeAll(async () => {
    env.redis = await startRedis();
    await runSweep(QUEUE_REQ, { out: join(env.root, "ref"), executor: inThreadRunExecutor });
    env.reference = dirBytes(join(env.root, "ref"));
  }, 180_000);
  afterAll(async () => {
    await env.redis?.stop();
    rmSync(env.root, { recursive: true, force: true });
  }, 60_000);
  return env;
}

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
