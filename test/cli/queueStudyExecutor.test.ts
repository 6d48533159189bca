/**
 * withStudyExecutor with --queue against a real Redis: a sweep's executor
 * (`sweep: true`) has the coordinator's `watch` and claims its output folder by
 * host and folder alone; a study's (optimize, stress, rare, fit) has no `watch`
 * and its claim names the command too (a --resume takes over from the
 * coordinator that held the same claim).
 */
import { createHash } from "node:crypto";
import { hostname } from "node:os";
import { resolve } from "node:path";
import { Redis } from "ioredis";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { withStudyExecutor } from "../../cli/studyExecutor.ts";
import { type RedisServer, startRedis } from "../../scripts/redisServer.ts";
import { sweepOwnerKey } from "../../workers/queue/protocol.ts";

let redis: RedisServer;
beforeAll(async () => {
  redis = await startRedis();
}, 180_000);
afterAll(async () => {
  await redis?.stop();
}, 60_000);

/** The Redis key of the coordinator holding the output named by `sweepKey`. */
const ownerKey = (queueName: string, sweepKey: string) =>
  sweepOwnerKey(queueName, createHash("sha256").update(sweepKey).digest("hex").slice(0, 16));

describe("withStudyExecutor --queue", () => {
  it("gives a sweep the queue sweep executor, claimed by host and output folder", async () => {
    const probe = new Redis(redis.url, { maxRetriesPerRequest: null });
    try {
      const code = await withStudyExecutor(
        "sweep",
        { queue: redis.url, "queue-name": "h1-sweep", chunk: "3" },
        "results/x-sweep",
        async (ex) => {
          expect(ex.watch).toBeInstanceOf(Promise);
          expect(ex.concurrency).toBe(3 * 64);
          const key = `${hostname()}:${resolve("results/x-sweep")}`;
          expect(await probe.exists(ownerKey("h1-sweep", key))).toBe(1);
          expect(await probe.exists(ownerKey("h1-sweep", `${key}:sweep`))).toBe(0);
          return 0;
        },
        { sweep: true },
      );
      expect(code).toBe(0);
    } finally {
      probe.disconnect();
    }
  });

  it("gives a study the plain queue executor, claimed by host, output folder and command", async () => {
    const probe = new Redis(redis.url, { maxRetriesPerRequest: null });
    try {
      const code = await withStudyExecutor(
        "stress",
        { queue: redis.url, "queue-name": "h1-study" },
        "results/x-stress",
        async (ex) => {
          expect(ex.watch).toBeUndefined();
          expect(ex.concurrency).toBe(4 * 64);
          const key = `${hostname()}:${resolve("results/x-stress")}`;
          expect(await probe.exists(ownerKey("h1-study", `${key}:stress`))).toBe(1);
          expect(await probe.exists(ownerKey("h1-study", key))).toBe(0);
          return 0;
        },
      );
      expect(code).toBe(0);
    } finally {
      probe.disconnect();
    }
  });
});
