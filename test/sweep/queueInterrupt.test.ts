import { type ChildProcess, spawn } from "node:child_process";
import { existsSync, readdirSync } from "node:fs";
import { join } from "node:path";
import { Queue } from "bullmq";
import { describe, expect, it } from "vitest";
import { sweepPaths } from "../../engine/sweep/manifest.ts";
import { planSweep } from "../../engine/sweep/plan.ts";
import { runSweep } from "../../engine/sweep/runner.ts";
import { startQueueWorker } from "../../workers/queue/consumer.ts";
import { chunkJobId } from "../../workers/queue/protocol.ts";
import { createQueueSweepExecutor } from "../../workers/queue/sweepExecutor.ts";
import { dirBytes } from "./dirBytes.ts";
import { probeQueue, QUEUE_ARGS, QUEUE_REQ, queueTestSetup, until } from "./queueHelpers.ts";

// Ctrl-C on a queue sweep used to wait for every enqueued run (all "in flight"),
// so it never returned without workers; a second Ctrl-C left the chunks in the
// queue, and --resume then ran them twice.
const BIN = join(import.meta.dirname, "../../bin/tokensim.js");
const env = queueTestSetup("tokensim-queue-int-");

/** Run records written in `out`. */
const written = (out: string) =>
  existsSync(sweepPaths(out).summaries) ? readdirSync(sweepPaths(out).summaries).length : 0;

/** Resumes `out` through the queue with one worker; returns the chunk ids the worker ran. */
async function resumeWithWorker(out: string, queueName: string): Promise<string[]> {
  const started: string[] = [];
  const worker = await startQueueWorker({
    url: env.redis.url,
    queueName,
    threads: 2,
    onChunk: (event, id) => {
      if (event !== "done") started.push(`${event} ${id}`);
    },
  });
  const s = await createQueueSweepExecutor({ url: env.redis.url, queueName, chunkSize: 3 });
  try {
    const o = await runSweep(QUEUE_REQ, { out, executor: s.run, concurrency: 64, resume: true });
    expect(o).toMatchObject({ total: 12, interrupted: false, failures: [] });
    return started;
  } finally {
    await s.close();
    await worker.close();
  }
}

describe("interrupting a queue sweep", () => {
  it("with no worker: removes the waiting chunks and returns; a resume runs each chunk once", async () => {
    const queueName = "no-worker";
    const probe = probeQueue(env.redis.url, queueName);
    const ac = new AbortController();
    const s = await createQueueSweepExecutor({
      url: env.redis.url,
      queueName,
      chunkSize: 3,
      checkMs: 100,
      signal: ac.signal,
    });
    const out = join(env.root, "no-worker");
    const sweep = runSweep(QUEUE_REQ, { out, executor: s.run, concurrency: 64, signal: ac.signal });
    await until(async () => (await probe.waiting()) === 4);
    ac.abort();
    expect(await Promise.race([sweep, s.watch.then(() => null)])).toBeNull();
    await s.close();
    expect(await probe.jobs()).toBe(0);
    expect(written(out)).toBe(0);
    const ran = await resumeWithWorker(out, queueName);
    expect(ran.filter((r) => r.startsWith("start"))).toHaveLength(4);
    expect(dirBytes(out)).toEqual(env.reference);
    expect(await probe.tokensimKeys()).toEqual([]);
    await probe.close();
  }, 180_000);

  it("waits only for the chunks a worker is running, and keeps their runs", async () => {
    const queueName = "one-running";
    const probe = probeQueue(env.redis.url, queueName);
    const started: string[] = [];
    const worker = await startQueueWorker({
      url: env.redis.url,
      queueName,
      threads: 1,
      concurrency: 1,
      onChunk: (event, id) => {
        if (event === "start") started.push(id);
      },
    });
    const ac = new AbortController();
    const s = await createQueueSweepExecutor({
      url: env.redis.url,
      queueName,
      chunkSize: 3,
      checkMs: 100,
      signal: ac.signal,
    });
    const out = join(env.root, "one-running");
    const sweep = runSweep(QUEUE_REQ, { out, executor: s.run, concurrency: 64, signal: ac.signal });
    try {
      await until(() => started.length > 0);
      ac.abort();
      expect(await Promise.race([sweep, s.watch.then(() => null)])).toBeNull();
      // every chunk the worker took was waited for and written; no other run was
      expect(written(out)).toBe(3 * started.length);
      expect(await probe.jobs()).toBe(0);
    } finally {
      await s.close();
      await worker.close();
    }
    const ran = await resumeWithWorker(out, queueName);
    expect(ran.filter((r) => r.startsWith("start")).length + started.length).toBe(4);
    expect(dirBytes(out)).toEqual(env.reference);
    await probe.close();
  }, 180_000);

  it("tokensim sweep --queue: one Ctrl-C ends it (130); after a kill, --resume removes the leftovers", async () => {
    const queueName = "cli";
    const out = join(env.root, "cli");
    const probe = probeQueue(env.redis.url, queueName);
    const args = [BIN, ...QUEUE_ARGS, "--queue", env.redis.url, "--queue-name", queueName];
    const start = (
      extra: string[],
    ): { proc: ChildProcess; exit: Promise<number | null>; err: () => string } => {
      const proc = spawn(process.execPath, [...args, "--chunk", "3", "--out", out, ...extra], {
        stdio: ["ignore", "ignore", "pipe"],
      });
      let err = "";
      proc.stderr?.on("data", (d: Buffer) => {
        err += d.toString();
      });
      const exit = new Promise<number | null>((r) => proc.on("exit", (code) => r(code)));
      return { proc, exit, err: () => err };
    };

    const first = start([]);
    await until(async () => (await probe.waiting()) === 4);
    first.proc.kill("SIGINT");
    expect(await first.exit).toBe(130);
    expect(first.err()).toMatch(/interrupted: 0\/12 runs complete/);
    expect(await probe.jobs()).toBe(0);

    // killed at once (a second Ctrl-C): its four chunks stay behind
    const killed = start(["--resume"]);
    await until(async () => (await probe.waiting()) === 4);
    const orphans = await probe.waitingIds();
    killed.proc.kill("SIGKILL");
    await killed.exit;

    const resumed = start(["--resume"]);
    // the orphans go before any new chunk comes; only then does a worker appear
    await until(async () => {
      const ids = await probe.waitingIds();
      return ids.length === 4 && ids.every((id) => !orphans.includes(id));
    });
    const ran: string[] = [];
    const worker = await startQueueWorker({
      url: env.redis.url,
      queueName,
      threads: 2,
      onChunk: (event, id) => {
        if (event !== "done") ran.push(`${event} ${id}`);
      },
    });
    try {
      expect(await resumed.exit).toBe(0);
    } finally {
      await worker.close();
    }
    expect(ran.filter((r) => r.startsWith("start"))).toHaveLength(4);
    expect(ran.filter((r) => r.startsWith("skipped"))).toEqual([]);
    expect(dirBytes(out)).toEqual(env.reference);
    expect(await probe.jobs()).toBe(0);
    expect(await probe.tokensimKeys()).toEqual([]);
    await probe.close();
  }, 300_000);

  it("a worker drops the chunks of a coordinator that is gone; the next coordinator clears them", async () => {
    const queueName = "dead-coordinator";
    const probe = probeQueue(env.redis.url, queueName);
    const { tasks } = await planSweep(QUEUE_REQ);
    const dead = "deadbeefdeadbeef"; // no heartbeat key: as if killed long ago
    const queue = new Queue(queueName, { connection: probe.redis });
    await queue.add(
      "runs",
      { tasks: tasks.slice(0, 3), coordinator: dead },
      { jobId: chunkJobId(dead, 1) },
    );
    await queue.add(
      "runs",
      { tasks: tasks.slice(3, 6), coordinator: dead },
      { jobId: chunkJobId(dead, 2), delay: 3_600_000 }, // never reached by the worker
    );
    await probe.redis.set(`tokensim:${queueName}:steps:${chunkJobId(dead, 0)}:0`, "x", "EX", 3600);
    const seen: string[] = [];
    const worker = await startQueueWorker({
      url: env.redis.url,
      queueName,
      threads: 1,
      onChunk: (event, id) => seen.push(`${event} ${id}`),
    });
    try {
      await until(() => seen.length > 0);
      await until(async () => (await queue.getCompletedCount()) === 1);
      expect(seen).toEqual([`skipped ${chunkJobId(dead, 1)}`]);
      expect(await probe.stepsKeys()).toHaveLength(1); // the planted one only
    } finally {
      await worker.close();
    }
    const warnings: string[] = [];
    const q = await createQueueSweepExecutor({
      url: env.redis.url,
      queueName,
      onWarning: (l) => warnings.push(l),
    });
    await q.close();
    expect(warnings).toEqual([
      "removed 2 queued chunks and 1 per-step results left by a coordinator that stopped",
    ]);
    expect(await probe.jobs()).toBe(0);
    expect(await probe.tokensimKeys()).toEqual([]);
    await queue.close();
    await probe.close();
  }, 120_000);
});
