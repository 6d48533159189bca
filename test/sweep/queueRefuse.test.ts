import { type ChildProcess, spawn } from "node:child_process";
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { Queue } from "bullmq";
import { describe, expect, it } from "vitest";
import { runSweep } from "../../engine/sweep/runner.ts";
import { startQueueWorker } from "../../workers/queue/consumer.ts";
import { createQueueExecutor } from "../../workers/queue/coordinator.ts";
import { dirBytes } from "./dirBytes.ts";
import { probeQueue, QUEUE_REQ, queueTestSetup, until } from "./queueHelpers.ts";

// A worker started with a different scenario file used to take every chunk it
// could and record each of its runs as an error; it now leaves them to a worker
// with the sweep's file.
const BIN = join(import.meta.dirname, "../../bin/tokensim.js");
const env = queueTestSetup("tokensim-queue-refuse-");

/** `tokensim worker` in a folder whose copy of the sweep's scenario file differs. */
function wrongWorker(url: string, queueName: string): { proc: ChildProcess; output: () => string } {
  const cwd = join(env.root, "elsewhere");
  const file = join(cwd, QUEUE_REQ.scenario);
  mkdirSync(join(file, ".."), { recursive: true });
  writeFileSync(file, `${readFileSync(QUEUE_REQ.scenario, "utf8")}\n// edited\n`);
  const proc = spawn(
    process.execPath,
    [BIN, "worker", "--queue", url, "--queue-name", queueName, "--workers", "1"],
    { cwd, stdio: ["ignore", "pipe", "pipe"] },
  );
  let output = "";
  proc.stdout?.on("data", (d: Buffer) => {
    output += d.toString();
  });
  proc.stderr?.on("data", (d: Buffer) => {
    output += d.toString();
  });
  return { proc, output: () => output };
}

describe("a queue worker with a different scenario file", () => {
  it("leaves the sweep's chunks to a worker with the right file, which completes it", async () => {
    const queueName = "refuse";
    const probe = probeQueue(env.redis.url, queueName);
    const queue = new Queue(queueName, { connection: probe.redis });
    const wrong = wrongWorker(env.redis.url, queueName);
    const warnings: string[] = [];
    const q = await createQueueExecutor({
      url: env.redis.url,
      queueName,
      chunkSize: 3,
      checkMs: 200,
      onWarning: (line) => warnings.push(line),
    });
    const out = join(env.root, "refused");
    try {
      await until(() => wrong.output().includes("worker ready"));
      const sweep = runSweep(QUEUE_REQ, { out, executor: q.executor, concurrency: 64 });
      // the wrong worker says why, once, and puts each chunk back with a delay
      const ran = () => /chunk \S+ started/.test(wrong.output());
      await until(async () => ran() || (await queue.getDelayedCount()) === 4);
      expect(wrong.output()).not.toMatch(/chunk \S+ started/);
      const delayed = await queue.getDelayed();
      // (by about a second, the first time: BullMQ counts the delay from its own clock read)
      expect(Math.min(...delayed.map((j) => j.delay))).toBeGreaterThan(500);
      await until(() => warnings.some((w) => w.includes("does not take this sweep's chunks")));
      const lines = wrong.output().match(/^not taking the chunks of sweep .*$/gm) ?? [];
      expect(lines).toHaveLength(1);
      expect(lines[0]).toMatch(/flaky\.ts differs from the sweep's \(sha256 \w+ here, \w+ in/);
      // a worker with the sweep's file takes the chunks: every run ok, the local bytes
      const right = await startQueueWorker({ url: env.redis.url, queueName, threads: 2 });
      try {
        const o = await sweep;
        expect(o).toMatchObject({ executed: 12, interrupted: false, failures: [] });
        expect(dirBytes(out)).toEqual(env.reference);
      } finally {
        await right.close();
      }
      expect(ran()).toBe(false);
      expect(warnings.filter((w) => w.includes("does not take"))).toHaveLength(1);
      await q.close();
      expect(await probe.tokensimKeys()).toEqual([]);
    } finally {
      if (wrong.proc.exitCode === null && wrong.proc.signalCode === null) {
        const exited = new Promise((r) => wrong.proc.once("exit", r));
        wrong.proc.kill("SIGTERM");
        await exited;
      }
      await q.close();
      await queue.close();
      await probe.close();
    }
  }, 180_000);
});
