/**
 * Queue benchmark (a script, not a test): the same sweep on the in-process pool
 * (2 worker threads) and through BullMQ on a local redis-server with 2
 * `tokensim worker` processes of 1 thread each, so both use two cores. Prints
 * runs per second of each and the queue's overhead (1 - queue rate / pool rate).
 * Needs redis-server (scripts/ensure-redis.sh installs it).
 *
 *   npm run bench:queue      (or: npx tsx bench/queue.ts [runs] [steps] [chunk] [record-every])
 *   WORKER_CONCURRENCY=n     chunks each worker holds at once (default 2, as `tokensim worker`)
 */
import { type ChildProcess, spawn } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { SweepRequest } from "../engine/sweep/plan.ts";
import { runSweep } from "../engine/sweep/runner.ts";
import { startRedis } from "../scripts/redisServer.ts";
import { createPool, poolRunExecutor } from "../workers/pool.ts";
import { createQueueExecutor } from "../workers/queue/coordinator.ts";

const runs = Number(process.argv[2] ?? 16);
const steps = Number(process.argv[3] ?? 8760);
const chunk = Number(process.argv[4] ?? 2);
const recordEvery = Number(process.argv[5] ?? 1);
const root = mkdtempSync(join(tmpdir(), "tokensim-bench-queue-"));
const BIN = join(import.meta.dirname, "..", "bin", "tokensim.js");
const req: SweepRequest = {
  scenario: "baseline",
  runs,
  sets: [`sim.steps=${steps}`],
  recordEvery,
};
const warm: SweepRequest = { ...req, runs: 4, seed: 999 };

async function timed(f: () => Promise<unknown>): Promise<number> {
  const t0 = performance.now();
  await f();
  return (performance.now() - t0) / 1000;
}

// 1. the in-process pool
const pool = createPool(2);
const poolOpts = (out: string) => ({
  out: join(root, out),
  executor: poolRunExecutor(pool),
  concurrency: 4,
});
await runSweep(warm, poolOpts("pool-warm"));
const tPool = await timed(() => runSweep(req, poolOpts("pool")));
await pool.destroy();

// 2. BullMQ: two worker processes on a local Redis
const redis = await startRedis();
const workers: ChildProcess[] = [];
try {
  for (let i = 0; i < 2; i++) {
    const w = spawn(
      process.execPath,
      [
        BIN,
        "worker",
        "--queue",
        redis.url,
        "--workers",
        "1",
        "--concurrency",
        process.env.WORKER_CONCURRENCY ?? "2",
      ],
      {
        stdio: ["ignore", "pipe", "inherit"],
      },
    );
    workers.push(w);
    await new Promise<void>((resolve) =>
      w.stdout!.on("data", (d: Buffer) => {
        if (d.toString().includes("worker ready")) resolve();
      }),
    );
  }
  // Warm both workers' threads with one-run chunks (each worker takes two at once).
  const w = await createQueueExecutor({ url: redis.url, chunkSize: 1 });
  await runSweep(warm, { out: join(root, "queue-warm"), executor: w.executor, concurrency: 64 });
  await w.close();
  const q = await createQueueExecutor({ url: redis.url, chunkSize: chunk });
  const tQueue = await timed(() =>
    runSweep(req, { out: join(root, "queue"), executor: q.executor, concurrency: 64 }),
  );
  await q.close();

  const rPool = runs / tPool;
  const rQueue = runs / tQueue;
  console.log(
    `queue overhead (${runs} runs of the baseline, 5,000 providers x ${steps.toLocaleString("en-US")} steps, per-step Arrow ${recordEvery === 1 ? "kept" : `every ${recordEvery} steps`}, chunks of ${chunk})`,
  );
  console.log(
    `  in-process pool, 2 threads         ${rPool.toFixed(2)} runs/s (${tPool.toFixed(1)} s)`,
  );
  console.log(
    `  BullMQ, 2 worker processes x 1     ${rQueue.toFixed(2)} runs/s (${tQueue.toFixed(1)} s)`,
  );
  console.log(`  overhead                           ${((1 - rQueue / rPool) * 100).toFixed(1)}%`);
} finally {
  for (const w of workers) w.kill("SIGTERM");
  await redis.stop();
  rmSync(root, { recursive: true, force: true });
}
