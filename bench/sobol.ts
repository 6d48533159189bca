/**
 * Sobol benchmark (a script, not a test): a Saltelli design of 8 parameters of
 * the baseline at N base rows (default 1024: N (d + 2) = 10,240 points of one
 * run each), runs shortened to a few steps (default 240, ten days at hourly
 * steps), per-step metrics off. Prints, for each worker count (default 1 and
 * 2), the wall time of the sweep and of `tokensim analyze` (Sobol indices with
 * 1,000 bootstrap resamples), and checks that every worker count wrote the same
 * runs.arrow and analysis.json bytes. Ends with the indices (and the
 * convergence verdict) of every outcome that varies, from the last sweep.
 *
 *   npm run bench:sobol      (or: npx tsx bench/sobol.ts [samples] [steps] [workers, e.g. 1,2])
 */
import { createHash } from "node:crypto";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { availableParallelism, tmpdir } from "node:os";
import { join } from "node:path";
import { analyzeSweep } from "../engine/analysis/sweepAnalysis.ts";
import type { SweepRequest } from "../engine/sweep/plan.ts";
import { runSweep } from "../engine/sweep/runner.ts";
import { createPool, poolRunExecutor } from "../workers/pool.ts";

const samples = Number(process.argv[2] ?? 1024);
const steps = Number(process.argv[3] ?? 240);
const workerCounts = (process.argv[4] ?? "1,2").split(",").map(Number);
const root = mkdtempSync(join(tmpdir(), "tokensim-bench-sobol-"));

/** Eight parameters of the baseline: one categorical, three on a log scale. */
const RANGES = [
  "emission.tokensPerEpoch=10000:80000",
  "emission.policy=fixed|halving|decay",
  "demand.baseGpuHoursPerHour=1500:9000:log",
  "pricing.usdPerGpuHour=0.2:0.9",
  "verification.sampleRate=0.005:0.1:log",
  "verification.slashFraction=0.05:0.6",
  "economics.sellShare=0.1:0.9",
  "market.ammUsdDepth=1000000:20000000:log",
];

const request: SweepRequest = {
  scenario: "baseline",
  runs: 1,
  seed: 42,
  sets: [`sim.steps=${steps}`],
  keepSteps: false,
  design: { method: "saltelli", samples, ranges: RANGES },
};
const points = samples * (RANGES.length + 2);
const sha = (path: string) => createHash("sha256").update(readFileSync(path)).digest("hex");

console.log(
  `Sobol benchmark: Node ${process.version}, ${availableParallelism()} CPUs; baseline, ${RANGES.length} parameters, N=${samples} (${points.toLocaleString("en-US")} points x 1 run x ${steps} steps)`,
);
const hashes: string[] = [];
let last = "";
for (const threads of workerCounts) {
  const pool = createPool(threads);
  const out = join(root, `w${threads}`);
  try {
    // Warm every thread (tsx loader, scenario import, JIT) before timing.
    await runSweep(
      { scenario: "baseline", runs: threads * 2, seed: 999, sets: [`sim.steps=${steps}`] },
      { out: join(root, `warm${threads}`), executor: poolRunExecutor(pool), concurrency: threads },
    );
    const t0 = performance.now();
    const o = await runSweep(request, {
      out,
      executor: poolRunExecutor(pool),
      concurrency: threads * 2,
    });
    const sweepS = (performance.now() - t0) / 1000;
    const t1 = performance.now();
    await analyzeSweep(out);
    const analyzeS = (performance.now() - t1) / 1000;
    console.log(
      `  ${threads} worker${threads > 1 ? "s" : " "}  sweep ${sweepS.toFixed(1)} s (${(o.executed / sweepS).toFixed(1)} runs/s, ${o.failures.length} failed), analyze ${analyzeS.toFixed(1)} s, total ${(sweepS + analyzeS).toFixed(1)} s`,
    );
    hashes.push(`${sha(join(out, "runs.arrow"))} ${sha(join(out, "analysis.json"))}`);
    last = out;
  } finally {
    await pool.destroy();
  }
}
console.log(
  `  same runs.arrow and analysis.json bytes on every worker count: ${new Set(hashes).size === 1 ? "yes" : "NO"}`,
);
const analysis = JSON.parse(readFileSync(join(last, "analysis.json"), "utf8"));
for (const o of analysis.outcomes) {
  if (!o.sobol?.convergence) continue;
  console.log(`  ${o.name}: ${o.sobol.convergence.message}`);
  for (const ix of o.sobol.indices)
    console.log(
      `    ${ix.parameter.padEnd(32)} S1 ${ix.S1.toFixed(3)} [${ix.S1Low.toFixed(3)}, ${ix.S1High.toFixed(3)}]  ST ${ix.ST.toFixed(3)} [${ix.STLow.toFixed(3)}, ${ix.STHigh.toFixed(3)}]`,
    );
}
rmSync(root, { recursive: true, force: true });
