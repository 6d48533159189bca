/**
 * Sweep benchmark (a script, not a test). Prints:
 *  1. runs per second on 1 and on 2 worker threads for the same sweep (a
 *     baseline scenario as it is: 5,000 providers, a year of hourly steps; per-step metrics kept),
 *     and the scaling efficiency (rate with 2 / rate with 1);
 *  2. the process's resident memory (main thread and workers together) during a
 *     10,000-run sweep of a small scenario, sampled every 1,000 runs: it should
 *     stay flat, not grow with the run count.
 *
 *   npm run bench:sweep      (or: npx tsx bench/sweep.ts [runs-for-scaling] [runs-for-memory] [steps-for-scaling])
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { SweepRequest } from "../engine/sweep/plan.ts";
import { runSweep } from "../engine/sweep/runner.ts";
import { createPool, poolRunExecutor } from "../workers/pool.ts";

const scalingRuns = Number(process.argv[2] ?? 16);
const scalingSteps = Number(process.argv[4] ?? 8760);
const memoryRuns = Number(process.argv[3] ?? 10_000);
const root = mkdtempSync(join(tmpdir(), "tokensim-bench-sweep-"));

async function timedSweep(req: SweepRequest, threads: number, name: string) {
  const pool = createPool(threads);
  try {
    // Warm every thread (tsx loader, scenario import, JIT) before timing.
    await runSweep(
      { ...req, runs: threads * 2, seed: 999 },
      {
        out: join(root, `${name}-warm`),
        executor: poolRunExecutor(pool),
        concurrency: threads * 2,
      },
    );
    const t0 = performance.now();
    await runSweep(req, {
      out: join(root, name),
      executor: poolRunExecutor(pool),
      concurrency: threads * 2,
    });
    return (performance.now() - t0) / 1000;
  } finally {
    await pool.destroy();
  }
}

const scaling: SweepRequest = {
  scenario: "baseline",
  runs: scalingRuns,
  sets: [`sim.steps=${scalingSteps}`],
};
const t1 = await timedSweep(scaling, 1, "w1");
const t2 = await timedSweep(scaling, 2, "w2");
const r1 = scalingRuns / t1;
const r2 = scalingRuns / t2;
console.log(
  `sweep scaling (${scalingRuns} runs of the baseline, 5,000 providers x ${scalingSteps.toLocaleString("en-US")} steps, per-step Arrow kept)`,
);
console.log(`  1 worker   ${r1.toFixed(2)} runs/s (${t1.toFixed(1)} s)`);
console.log(`  2 workers  ${r2.toFixed(2)} runs/s (${t2.toFixed(1)} s)`);
console.log(`  scaling    ${(r2 / r1).toFixed(2)}x on ${2} workers`);

const small: SweepRequest = {
  scenario: "baseline",
  runs: memoryRuns,
  sets: ["providers.initial=50", "providers.maxTotal=100", "sim.steps=48"],
  keepSteps: false,
};
const pool = createPool(2);
const mb = () => process.memoryUsage().rss / 2 ** 20;
const samples: string[] = [];
const t0 = performance.now();
let peak = 0;
const every = Math.max(1, Math.floor(memoryRuns / 10));
await runSweep(small, {
  out: join(root, "memory"),
  executor: poolRunExecutor(pool),
  concurrency: 4,
  onProgress: (done) => {
    peak = Math.max(peak, mb());
    if (done > 0 && done % every === 0) samples.push(`${done}: ${mb().toFixed(0)}`);
  },
});
await pool.destroy();
const secs = (performance.now() - t0) / 1000;
console.log(
  `memory over a ${memoryRuns.toLocaleString("en-US")}-run sweep (50 providers x 48 steps, 2 workers, ${(memoryRuns / secs).toFixed(0)} runs/s)`,
);
console.log(`  RSS MB at runs done  ${samples.join(", ")}`);
console.log(`  peak RSS             ${peak.toFixed(0)} MB`);
rmSync(root, { recursive: true, force: true });
