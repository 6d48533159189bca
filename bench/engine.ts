/**
 * Engine benchmark (a script, not a test): the baseline scenario at 10,000
 * providers × 8,760 hourly steps on one thread, with every optional mechanism
 * switched on (see `scenarios/overrides/fullMechanisms.ts`; pass `plain` as the third argument
 * for the baseline's defaults only). Prints provider-steps per second (provider
 * slots visited per step × steps / wall time) and peak RSS.
 *
 *   npm run bench            (or: npx tsx bench/engine.ts [providers] [steps] [full|plain])
 */
import { MemorySink } from "../engine/metrics/arrow.ts";
import { runSimulation } from "../engine/pipeline/run.ts";
import { loadScenario, resolveParams } from "../engine/scenario.ts";
import { FULL_MECHANISMS } from "../scenarios/overrides/fullMechanisms.ts";

const providers = Number(process.argv[2] ?? 10_000);
const steps = Number(process.argv[3] ?? 8_760);
const mode = process.argv[4] === "plain" ? "plain" : "full";
const scenario = await loadScenario("baseline");
const params = resolveParams(scenario, [
  ...(mode === "full" ? FULL_MECHANISMS : []),
  `providers.initial=${providers}`,
  `providers.maxTotal=${providers}`,
  `sim.steps=${steps}`,
]);

// Warm-up so the JIT has compiled the hot loops before the timed run.
await runSimulation(
  { scenario, params: { ...params, sim: { ...params.sim, steps: 500 } }, seed: 1 },
  new MemorySink(),
);

const sink = new MemorySink();
const t0 = performance.now();
const summary = await runSimulation({ scenario, params, seed: 42 }, sink);
const secs = (performance.now() - t0) / 1000;
const providerSteps = providers * summary.stepsCompleted;
const rssMb = process.resourceUsage().maxRSS / 1024;
console.log(
  `engine benchmark: baseline (${mode === "full" ? "all mechanisms on" : "defaults"}), ${providers} providers x ${summary.stepsCompleted} steps (status ${summary.status})`,
);
console.log(`  wall time          ${secs.toFixed(2)} s`);
console.log(
  `  provider-steps/s   ${(providerSteps / secs / 1e6).toFixed(1)} million (target >= 20)`,
);
console.log(`  steps/s            ${(summary.stepsCompleted / secs).toFixed(0)}`);
console.log(`  peak RSS           ${rssMb.toFixed(0)} MB (target < 300)`);
console.log(`  Arrow output       ${(sink.bytes().byteLength / 1e6).toFixed(1)} MB`);
