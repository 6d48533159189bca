/**
 * Fixed per-step engine cost (a script, not a test): a scenario whose pipeline is
 * one empty phase, 10 providers, so what is timed is the step loop's own work
 * (totals reset, death-spiral detector, recorder with every per-step column,
 * invariants, progress). Prints microseconds per step, the best of 5, by CPU
 * time (`process.cpuUsage()`, user + system: the script is single-threaded apart
 * from V8's garbage-collection and compiler helper threads) and by wall time.
 *
 *   npx tsx bench/fixedCost.ts [steps]
 */
import { definePhase, defineScenario, resolveParams } from "../api/index.ts";
import { MemorySink } from "../engine/metrics/arrow.ts";
import { runSimulation } from "../engine/pipeline/run.ts";
import { baselineSchema } from "../scenarios/baseline.ts";

const steps = Number(process.argv[2] ?? 200_000);
const scenario = defineScenario({
  name: "fixed-cost",
  summary: "an empty pipeline: the step loop's own cost",
  schema: baselineSchema,
  phases: [definePhase("empty", () => ({ name: "empty", run() {} }))],
});
const params = resolveParams(scenario, [
  "providers.initial=10",
  "providers.maxTotal=10",
  `sim.steps=${steps}`,
]);
let bestCpu = Number.POSITIVE_INFINITY;
let bestWall = Number.POSITIVE_INFINITY;
for (let k = 0; k < 5; k++) {
  const c0 = process.cpuUsage();
  const t0 = performance.now();
  await runSimulation({ scenario, params, seed: k }, new MemorySink());
  const wall = performance.now() - t0;
  const c = process.cpuUsage(c0);
  bestWall = Math.min(bestWall, (wall * 1000) / steps);
  bestCpu = Math.min(bestCpu, (c.user + c.system) / steps);
}
console.log(
  `fixed per-step engine cost: ${bestCpu.toFixed(2)} µs of CPU, ${bestWall.toFixed(2)} µs of wall time per step (10 providers, ${steps} steps, best of 5; target < 3)`,
);
