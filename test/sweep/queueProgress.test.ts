import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { startQueueWorker } from "../../workers/queue/consumer.ts";
import { cli } from "../cli/inProcess.ts";
import { probeQueue, QUEUE_ARGS, queueTestSetup, until } from "./queueHelpers.ts";

// With --queue and no worker, the progress line said "ETA 0s" and nothing else.
const env = queueTestSetup("tokensim-queue-progress-");

describe("the progress of a queue sweep", () => {
  it("says it waits for workers, and how to start one, until a run is done", async () => {
    const queueName = "progress";
    const probe = probeQueue(env.redis.url, queueName);
    const out = join(env.root, "progress");
    const args = QUEUE_ARGS.filter((a) => a !== "--quiet");
    const sweep = cli(
      ...args,
      "--queue",
      env.redis.url,
      "--queue-name",
      queueName,
      "--chunk",
      "3",
      "--out",
      out,
    );
    let worker: Awaited<ReturnType<typeof startQueueWorker>> | undefined;
    try {
      await until(async () => (await probe.waiting()) === 4);
      worker = await startQueueWorker({ url: env.redis.url, queueName, threads: 2 });
      const r = await sweep;
      expect(r.code).toBe(0);
      const lines = r.stderr.split("\n").filter((l) => l.startsWith("sweep "));
      expect(lines[0]).toBe(
        `sweep test/fixtures/sweep/flaky.ts: 0/12 runs (0%), 0.0 runs/s, no run done yet: waiting for workers (start one with 'tokensim worker --queue ${env.redis.url} --queue-name ${queueName}')`,
      );
      expect(lines.at(-1)).toMatch(/: 12\/12 runs \(100%\), [\d.]+ runs\/s, ETA 0s$/);
      // Never "ETA 0s" while nothing is done (": 0/12", not "10/12").
      expect(r.stderr).not.toMatch(/: 0\/12 runs.*ETA 0s/);
    } finally {
      await sweep.catch(() => {});
      await worker?.close();
      await probe.close();
    }
  }, 180_000);
});
