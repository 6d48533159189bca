import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runSweep } from "../../engine/sweep/runner.ts";
import { type RedisServer, startRedis } from "../../scripts/redisServer.ts";
import { startQueueWorker } from "../../workers/queue/consumer.ts";
import { createQueueExecutor } from "../../workers/queue/coordinator.ts";
import { QUEUE_REQ } from "./queueHelpers.ts";

// The coordinator used to wait for each chunk with BullMQ's `job.waitUntilFinished`,
// which adds a 'closing' listener to the queue per chunk: Node printed a
// MaxListenersExceededWarning on every queue sweep of more than 10 chunks.
const root = mkdtempSync(join(tmpdir(), "tokensim-queue-listeners-"));
let redis: RedisServer;
beforeAll(async () => {
  redis = await startRedis();
}, 180_000);
afterAll(async () => {
  await redis?.stop();
  rmSync(root, { recursive: true, force: true });
}, 60_000);

describe("a queue sweep of many chunks", () => {
  it("adds no listener per chunk (no MaxListenersExceededWarning)", async () => {
    const warnings: string[] = [];
    const onWarning = (w: Error) => {
      if (w.name === "MaxListenersExceededWarning") warnings.push(w.message);
    };
    process.on("warning", onWarning);
    const queueName = "listeners";
    const worker = await startQueueWorker({ url: redis.url, queueName, threads: 2 });
    const q = await createQueueExecutor({ url: redis.url, queueName, chunkSize: 1 });
    try {
      // 12 runs of one per chunk: 12 chunks in flight at once
      const o = await runSweep(QUEUE_REQ, {
        out: join(root, "out"),
        executor: q.executor,
        concurrency: 64,
      });
      expect(o).toMatchObject({ executed: 12, failures: [] });
      // warnings are emitted on the next tick
      await new Promise((r) => setImmediate(r));
      expect(warnings).toEqual([]);
    } finally {
      process.off("warning", onWarning);
      await q.close();
      await worker.close();
    }
  }, 180_000);
});
