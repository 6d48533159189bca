/**
 * Dashboard load benchmark (a script, not a test). Writes a sweep of
 * crash-death-spiral (2 x 2 points x 4 runs, year-long, every hourly row kept)
 * the way the CLI does (no precomputation), serves it, and measures over HTTP
 * with Node's fetch:
 *  - the data thread's start (it starts when the server listens);
 *  - a sweep page cold (first view once the server is up) and warm, with the requests the
 *    page makes: the script, the result, then the heatmap table and the first
 *    point's spirals and fan table together;
 *  - the same page in headless Chromium (when installed), from navigation to
 *    every chart drawn, cold on a fresh server and warm;
 *  - each other point's first view (choosing it in the page);
 *  - every point at once, cold, on a server started afresh (the heaviest case);
 *  - `/api/health` and `/api/results` latency (p50, p99) while four clients pull
 *    the heatmap table as fast as they can, and the heatmap requests served.
 * Targets on 2 cores: catalogue and health p99 under 50 ms under that load; a
 * sweep page ready in under 2 s.
 *
 *   npm run bench:dashboard     (or: npx tsx bench/dashboard.ts [seconds] [results-dir])
 *
 * A results folder from an earlier run (printed at the start) can be given to
 * skip writing the sweep again. Other work on the machine slows every figure
 * (the load average is printed); `nice -n -10 npx tsx bench/dashboard.ts`
 * gives the benchmark the machine first.
 */
import { existsSync, mkdtempSync } from "node:fs";
import type { AddressInfo } from "node:net";
import { availableParallelism, loadavg, tmpdir } from "node:os";
import { join } from "node:path";
import { chromium } from "playwright-core";
import { quantileSorted } from "simple-statistics";
import { buildApp } from "../dashboard/server/app.ts";
import { buildPage } from "../dashboard/server/bundle.ts";
import { runSweep } from "../engine/sweep/runner.ts";
import { createExecutor } from "../workers/executor.ts";

const seconds = Number(process.argv[2] ?? 10);
const results = process.argv[3] ?? mkdtempSync(join(tmpdir(), "tokensim-bench-dashboard-"));
if (!existsSync(join(results, "sweep", "sweep.arrow"))) {
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
}
console.log(`results in ${results}`);
const page = await buildPage();
const load = loadavg()[0]!;

/**
 * A dashboard server started afresh (cold caches), once its data thread has
 * started and loaded its modules (it starts when the server listens): `boot`,
 * the milliseconds that took.
 */
async function server() {
  const { app, dataReady } = buildApp({ resultsDir: results, page, workers: 0 });
  await app.listen({ host: "127.0.0.1", port: 0 });
  const t0 = performance.now();
  await dataReady;
  const boot = performance.now() - t0;
  const base = `http://127.0.0.1:${(app.server.address() as AddressInfo).port}`;
  const get = async (path: string) => {
    const r = await fetch(`${base}${path}`, { headers: { "accept-encoding": "br, gzip" } });
    if (!r.ok) throw new Error(`${path}: ${r.status}`);
    return r.arrayBuffer();
  };
  return { get, base, boot, close: () => app.close() };
}
type Get = (path: string) => Promise<ArrayBuffer>;

const timed = async (f: () => Promise<unknown>) => {
  const t0 = performance.now();
  await f();
  return performance.now() - t0;
};
const point = (get: Get, p: number) =>
  Promise.all([
    get(`/api/results/sweep/points/${p}`),
    get(`/api/results/sweep/points/${p}/fan.arrow`),
  ]);

/** The requests of a sweep page, as the page makes them. */
const sweepPage = (get: Get) =>
  timed(async () => {
    await get("/app.js");
    await get("/api/results/sweep");
    await Promise.all([get("/api/results/sweep/heatmap.arrow"), point(get, 0)]);
  });

const s = await server();
const cold = await sweepPage(s.get);
const warm = await sweepPage(s.get);
const others: number[] = [];
for (const p of [1, 2, 3]) others.push(await timed(() => point(s.get, p)));

/**
 * The sweep page in headless Chromium at 1280 px, from navigation to every
 * chart drawn (the page marks itself ready then): five times on a server
 * started afresh (cold: nothing computed or cached yet; the median is the
 * figure, the spread says how busy the machine was), then reloaded (warm).
 * Skipped without Chromium (`sh scripts/ensure-chromium.sh` installs it).
 */
async function inBrowser(): Promise<{ cold: number[]; warm: number } | string> {
  const executablePath = process.env.CHROMIUM ?? "/usr/bin/chromium";
  if (!existsSync(executablePath)) return `skipped: no Chromium at ${executablePath}`;
  const browser = await chromium.launch({ executablePath, args: ["--no-sandbox"] });
  const cold: number[] = [];
  let warm = 0;
  try {
    for (let k = 0; k < 5; k++) {
      const srv = await server();
      const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
      const tab = await context.newPage();
      const ready = () => tab.waitForSelector('#app[data-ready="true"]', { timeout: 60_000 });
      cold.push(await timed(() => tab.goto(`${srv.base}/#/result/sweep`).then(ready)));
      if (k === 4) warm = await timed(() => tab.reload().then(ready));
      await context.close();
      await srv.close();
    }
  } finally {
    await browser.close();
  }
  return { cold, warm };
}
const browserPage = await inBrowser();

const fresh = await server();
const all = await timed(() =>
  Promise.all([
    fresh.get("/api/results/sweep/heatmap.arrow"),
    ...[0, 1, 2, 3].map((p) => point(fresh.get, p)),
  ]),
);
await fresh.close();

let stop = false;
let heatmaps = 0;
const pullers = Array.from({ length: 4 }, async () => {
  while (!stop) {
    await s.get("/api/results/sweep/heatmap.arrow");
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
    await s.get(path);
    into.push(performance.now() - t0);
  }
}
stop = true;
await Promise.all(pullers);
await s.close();

const q = (xs: number[], p: number) =>
  quantileSorted(
    [...xs].sort((a, b) => a - b),
    p,
  );
const ms = (x: number) => x.toFixed(0);
console.log(`dashboard benchmark: a 16-run year-long sweep, ${seconds} s of load`);
// Other work on the machine slows every figure: the load says how much there was.
console.log(
  `  machine                        ${availableParallelism()} cores, load average ${load.toFixed(1)} at start`,
);
console.log(`  data thread start (at listen)  ${ms(s.boot)} ms, before the first view`);
console.log(
  `  sweep page requests, cold/warm ${ms(cold)} / ${ms(warm)} ms (over HTTP, no drawing)`,
);
console.log(
  typeof browserPage === "string"
    ? `  sweep page in Chromium         ${browserPage}`
    : `  sweep page in Chromium, cold   median ${ms(q(browserPage.cold, 0.5))} ms (${browserPage.cold.map(ms).join(" / ")}), warm ${ms(browserPage.warm)} ms (navigation to charts drawn; target < 2000)`,
);
console.log(`  another point, first view      ${others.map(ms).join(" / ")} ms`);
console.log(`  every point at once, cold      ${ms(all)} ms (heatmap and 4 points' fans)`);
console.log(
  `  /api/health p50 / p99          ${q(health, 0.5).toFixed(1)} / ${q(health, 0.99).toFixed(1)} ms (target p99 < 50)`,
);
console.log(
  `  /api/results p50 / p99         ${q(catalogue, 0.5).toFixed(1)} / ${q(catalogue, 0.99).toFixed(1)} ms (target p99 < 50)`,
);
console.log(
  `  heatmap tables served          ${(heatmaps / seconds).toFixed(0)} per second (4 clients)`,
);
