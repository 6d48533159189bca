import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { runSweep } from "../../engine/sweep/runner.ts";
import { startRedis } from "../../scripts/redisServer.ts";
import { startQueueWorker } from "../../workers/queue/consumer.ts";
import { createQueueExecutor, QueueLostError } from "../../workers/queue/coordinator.ts";
import { dirBytes } from "./dirBytes.ts";
import { probeQueue, QUEUE_REQ, queueTestSetup, until } from "./queueHelpers.ts";

// Redis losing its data mid-sweep (flushed, or restarted without persistence)
// used to leave the coordinator waiting for ever on jobs that no longer existed.
const env = queueTestSetup("tokensim-queue-lost-");

/** A line that is one line: no stack trace. */
const oneLine = (s: string) => expect(s).not.toMatch(/\n/);

describe("queue sweeps when Redis loses its data", () => {
  it("enqueues again the chunks a FLUSHALL took, and gives the local bytes", async () => {
    const queueName = "flushed";
    const warnings: string[] = [];
    const probe = probeQueue(env.redis.url, queueName);
    const q = await createQueueExecutor({
      url: env.redis.url,
      queueName,
      chunkSize: 3,
      checkMs: 100,
      onWarning: (l) => warnings.push(l),
    });
    const out = join(env.root, "flushed");
    const sweep = runSweep(QUEUE_REQ, { out, executor: q.executor, concurrency: 64 });
    await until(async () => (await probe.waiting()) === 4);
    await probe.redis.flushall();
    await until(() => warnings.some((w) => /Redis lost \d+ queued chunks/.test(w)));
    await until(async () => (await probe.waiting()) === 4); // all four are back
    const worker = await startQueueWorker({ url: env.redis.url, queueName, threads: 2 });
    try {
      expect(await sweep).toMatchObject({ executed: 12, interrupted: false, failures: [] });
      expect(dirBytes(out)).toEqual(env.reference);
      for (const w of warnings) oneLine(w);
      expect(await probe.stepsKeys()).toEqual([]);
    } finally {
      await q.close();
      await worker.close();
      await probe.close();
    }
  }, 120_000);

  it("survives a restart without persistence under a running chunk; workers say it in one line", async () => {
    const own = await startRedis();
    const queueName = "restarted";
    const errors: string[] = [];
    const started: string[] = [];
    const worker = await startQueueWorker({
      url: own.url,
      queueName,
      threads: 2,
      lockMs: 2000,
      onChunk: (event, id) => {
        if (event === "start") started.push(id);
      },
      onError: (l) => errors.push(l),
    });
    const q = await createQueueExecutor({ url: own.url, queueName, chunkSize: 12, checkMs: 100 });
    try {
      const out = join(env.root, "restarted");
      const sweep = runSweep(QUEUE_REQ, { out, executor: q.executor, concurrency: 64 });
      await until(() => started.length > 0);
      await own.restart();
      expect(await sweep).toMatchObject({ executed: 12, interrupted: false, failures: [] });
      expect(dirBytes(out)).toEqual(env.reference);
      for (const e of errors) oneLine(e);
    } finally {
      await q.close();
      await worker.close();
      await own.stop();
    }
  }, 120_000);

  it("fails with one line when Redis stays away, and closes", async () => {
    const own = await startRedis();
    const queueName = "gone";
    const probe = probeQueue(own.url, queueName);
    const q = await createQueueExecutor({
      url: own.url,
      queueName,
      chunkSize: 3,
      checkMs: 100,
      stallMs: 1000,
    });
    void runSweep(QUEUE_REQ, {
      out: join(env.root, "gone"),
      executor: q.executor,
      concurrency: 64,
    });
    await until(async () => (await probe.waiting()) === 4);
    await probe.close();
    await own.stop();
    const err = await q.watch.then(
      () => null,
      (e: unknown) => e,
    );
    expect(err).toBeInstanceOf(QueueLostError);
    expect((err as Error).message).toMatch(
      /^no answer from Redis at redis:\/\/127\.0\.0\.1:\d+\/0 for/,
    );
    oneLine((err as Error).message);
    await q.close();
  }, 120_000);

  it("ends an interrupt while Redis is away, long before the stall timeout", async () => {
    const own = await startRedis();
    const queueName = "gone-interrupted";
    const probe = probeQueue(own.url, queueName);
    const ac = new AbortController();
    const q = await createQueueExecutor({
      url: own.url,
      queueName,
      chunkSize: 3,
      checkMs: 100,
      stallMs: 3_600_000, // an hour: only the interrupt can end this test in time
      signal: ac.signal,
    });
    void runSweep(QUEUE_REQ, {
      out: join(env.root, "gone-int"),
      executor: q.executor,
      concurrency: 64,
    });
    await until(async () => (await probe.waiting()) === 4);
    await probe.close();
    await own.stop();
    ac.abort();
    await expect(q.watch).rejects.toBeInstanceOf(QueueLostError);
    await q.close();
  }, 120_000);
});
