import { spawn } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Redis } from "ioredis";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { inThreadRunExecutor } from "../../engine/sweep/inThread.ts";
import type { SweepRequest } from "../../engine/sweep/plan.ts";
import { runSweep } from "../../engine/sweep/runner.ts";
import { type RedisServer, startRedis } from "../../scripts/redisServer.ts";
import { startQueueWorker } from "../../workers/queue/consumer.ts";
import { createQueueExecutor } from "../../workers/queue/coordinator.ts";
import { dirBytes } from "./dirBytes.ts";

const BIN = join(import.meta.dirname, "../../bin/tokensim.js");
const REQ: SweepRequest = {
  scenario: "test/fixtures/sweep/flaky.ts",
  runs: 6,
  grid: ["verification.sampleRate=0.02,0.05"],
  sets: ["sim.steps=300"],
  seed: 11,
};
const root = mkdtempSync(join(tmpdir(), "tokensim-queue-"));
let redis: RedisServer;
let reference: Record<string, string>;

beforeAll(async () => {
  redis = await startRedis();
  await runSweep(REQ, { out: join(root, "ref"), executor: inThreadRunExecutor });
  reference = dirBytes(join(root, "ref"));
});
afterAll(async () => {
  await redis?.stop();
  rmSync(root, { recursive: true, force: true });
});

describe("distributed sweeps on BullMQ", () => {
  it("gives the local run's bytes through the queue, with two workers", async () => {
    const queueName = "same-bytes";
    const workers = await Promise.all(
      [1, 2].map(() => startQueueWorker({ url: redis.url, queueName, threads: 1 })),
    );
    const q = await createQueueExecutor({ url: redis.url, queueName, chunkSize: 3 });
    try {
      const out = join(root, "queued");
      const o = await runSweep(REQ, { out, executor: q.executor, concurrency: 64 });
      expect(o).toMatchObject({ executed: 12, interrupted: false, failures: [] });
      expect(dirBytes(out)).toEqual(reference);
      // per-step bytes went through Redis as binary keys, and none is left behind
      const probe = new Redis(redis.url);
      expect(await probe.keys(`tokensim:${queueName}:steps:*`)).toEqual([]);
      probe.disconnect();
    } finally {
      await q.close();
      await Promise.all(workers.map((w) => w.close()));
    }
  });

  it("redelivers the chunk of a worker killed mid-chunk", async () => {
    const queueName = "killed";
    const q = await createQueueExecutor({ url: redis.url, queueName, chunkSize: 12 });
    const out = join(root, "killed");
    const sweep = runSweep(REQ, { out, executor: q.executor, concurrency: 64 });
    const doomed = spawn(
      process.execPath,
      [
        BIN,
        "worker",
        "--queue",
        redis.url,
        "--queue-name",
        queueName,
        "--workers",
        "1",
        "--lock-ms",
        "2000",
      ],
      { stdio: ["ignore", "pipe", "pipe"] },
    );
    await new Promise<void>((resolve, reject) => {
      let seen = "";
      doomed.stdout.on("data", (d: Buffer) => {
        seen += d.toString();
        if (/chunk \S+ started/.test(seen)) resolve();
      });
      doomed.on("exit", (code) => reject(new Error(`worker exited early (${code}): ${seen}`)));
    });
    doomed.kill("SIGKILL");
    const rescuer = await startQueueWorker({ url: redis.url, queueName, threads: 2, lockMs: 2000 });
    try {
      const o = await sweep;
      expect(o).toMatchObject({ executed: 12, failures: [] });
      expect(dirBytes(out)).toEqual(reference);
    } finally {
      await q.close();
      await rescuer.close();
    }
  });
});
