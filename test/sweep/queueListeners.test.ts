import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { runSweep } from "../../engine/sweep/runner.ts";
import { startQueueWorker } from "../../workers/queue/consumer.ts";
import { createQueueExecutor } from "../../workers/queue/coordinator.ts";
import { redisSuite } from "../helpers/redisSuite.ts";
import { QUEUE_REQ } from "./queueHelpers.ts";

// The coordinator used to wait for each chunk with BullMQ's `job.waitUntilFinished`,
// which adds a 'closing' listener to the queue per chunk: Node printed a
// MaxListenersExceededWarning on every queue sweep of more than 10 chunks.
const env = redisSuite("tokensim-queue-listeners-");

describe("a queue sweep of many chunks", () => {
  it("adds no listener per chunk (no MaxListenersExceededWarning)", async () => {
    const warnings: string[] = [];
    const onWarning = (w: Error) => {
      if (w.name === "MaxListenersExceededWarning") warnings.push(w.message);
    };
    process.on("warning", onWarning);
    const queueName = "listeners";
    const worker = await startQueueWorker({ url: env.url, queueName, threads: 2 });
    const q = await createQueueExecutor({ url: env.url, queueName, chunkSize: 1 });
    try {
      // 12 runs of one per chunk: 12 chunks in flight at once
      const o = await runSweep(QUEUE_REQ, {
        out: join(env.root, "out"),
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
