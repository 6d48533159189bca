/**
 * Dashboard load benchmark (a script, not a test). Writes a sweep of
 * crash-death-spiral (2 x 2 points x 4 runs, year-long, every hourly row kept),
 * serves it, and measures over HTTP with Node's fetch:
 *  - a sweep page's requests cold (first after start) and warm: the result, each
 *    point's spirals and fan table, the heatmap table;
 *  - `/api/health` and `/api/results` latency (p50, p99) while four clients pull
 *    the heatmap table as fast as they can, and the heatmap requests served.
 * Targets on 2 cores: catalogue and health p99 under 50 ms under that load; a
 * sweep page ready in under 2 s.
 *
 *   npm run bench:dashboard     (or: npx tsx bench/dashboard.ts [seconds])
 */
import { mkdtempSync } from "node:fs";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { quantileSorted } from "simple-statistics";
import { buildApp } from "../dashboard/server/app.ts";
import { buildPage } from "../dashboard/server/bundle.ts";
import { runSweep } from "../engine/sweep/runner.ts";
import { createExecutor } from "../workers/executor.ts";

const seconds = Number(process.argv[2] ?? 10);
const results = mkdtempSync(join(tmpdir(), "tokensim-bench-dashboard-"));
const executor = await createExecutor({ workers: 2 });
await runSweep(
  {
    scenario: "crash-death-spiral",
    runs: 4,
    grid: ["emission.tokensPerEpoch=23000,46000", "verification.sampleRate=0.01,0.05"],
    sets: ["sim.steps=8760"],
  },
  { out: join(results, "sweep"), executor: executor.run, concurrency: executor.concurrency },
);
await executor.close();

const { app } = buildApp({ resultsDir: results, page: await buildPage(), workers: 0 });
await app.listen({ host: "127.0.0.1", port: 0 });
const base = `http://127.0.0.1:${(app.server.address() as AddressInfo).port}`;
const get = async (path: string) => {
  const r = await fetch(`${base}${path}`);
  if (!r.ok) throw new Error(`${path}: ${r.status}`);
  return r.arrayBuffer();
};

/** The requests of a sweep page, as the page makes them (points in parallel). */
async function sweepPage(): Promise<number> {
  const t0 = performance.now();
  await get("/app.js");
  await get("/api/results/sweep");
  await Promise.all([
    get("/api/results/sweep/heatmap.arrow"),
    ...[0, 1, 2, 3].flatMap((p) => [
      get(`/api/results/sweep/points/${p}`),
      get(`/api/results/sweep/points/${p}/fan.arrow`),
    ]),
  ]);
  return performance.now() - t0;
}
const cold = await sweepPage();
const warm = await sweepPage();

let stop = false;
let heatmaps = 0;
const pullers = Array.from({ length: 4 }, async () => {
  while (!stop) {
    await get("/api/results/sweep/heatmap.arrow");
    heatmaps++;
  }
});
const health: number[] = [];
const catalogue: number[] = [];
const end = performance.now() + seconds * 1000;
while (performance.now() < end) {
  for (const [path, into] of [
    ["/api/health", health],
    ["/api/results", catalogue],
  ] as const) {
    const t0 = performance.now();
    await get(path);
    into.push(performance.now() - t0);
  }
}
stop = true;
await Promise.all(pullers);
await app.close();

const q = (xs: number[], p: number) =>
  quantileSorted(
    [...xs].sort((a, b) => a - b),
    p,
  );
console.log(`dashboard benchmark: a 16-run year-long sweep, ${seconds} s of load`);
console.log(
  `  sweep page, cold / warm        ${cold.toFixed(0)} / ${warm.toFixed(0)} ms (target < 2000)`,
);
console.log(
  `  /api/health p50 / p99          ${q(health, 0.5).toFixed(1)} / ${q(health, 0.99).toFixed(1)} ms (target p99 < 50)`,
);
console.log(
  `  /api/results p50 / p99         ${q(catalogue, 0.5).toFixed(1)} / ${q(catalogue, 0.99).toFixed(1)} ms (target p99 < 50)`,
);
console.log(
  `  heatmap tables served          ${(heatmaps / seconds).toFixed(0)} per second (4 clients)`,
);
