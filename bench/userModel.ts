/**
 * User-model benchmark (a script, not a test): the bundled per-provider-rewards
 * scenario (scenarios/per-provider-rewards.ts, one custom phase written against
 * the public API that touches every provider every step) against a hand-written
 * loop of the same arithmetic (bench/userModelLoop.ts), alternating, in one
 * process. Prints provider-steps per second of each, their ratio, and the peak
 * RSS of the engine's runs (every per-step column kept in memory).
 *
 * Both start from the same world after genesis and draw the same random numbers,
 * so they must end at the same price and supply: the script checks this, so the
 * ratio compares the same work.
 *
 *   npm run bench:user     (or: npx tsx bench/userModel.ts [providers] [steps] [rounds])
 */
import { genesis } from "../engine/mechanisms/genesis.ts";
import { MemorySink } from "../engine/metrics/arrow.ts";
import { runSimulation } from "../engine/pipeline/run.ts";
import { resolveParams } from "../engine/scenario.ts";
import { World } from "../engine/state/world.ts";
import { scenario } from "../scenarios/per-provider-rewards.ts";
import { loopFromWorld, runLoop } from "./userModelLoop.ts";

const providers = Number(process.argv[2] ?? 1000);
const steps = Number(process.argv[3] ?? 8760);
const rounds = Number(process.argv[4] ?? 3);
const params = resolveParams(scenario, [
  `providers.initial=${providers}`,
  `providers.maxTotal=${providers}`,
  `sim.steps=${steps}`,
]);
const SEED = 42;

async function engineRun() {
  const t0 = performance.now();
  const summary = await runSimulation({ scenario, params, seed: SEED }, new MemorySink());
  return { secs: (performance.now() - t0) / 1000, price: summary.headline.priceEndUsd, summary };
}

function loopRun() {
  const w = new World(params, SEED, 0);
  genesis(w);
  const state = loopFromWorld(w);
  const t0 = performance.now();
  const end = runLoop(state, steps);
  return { secs: (performance.now() - t0) / 1000, price: end.price, supply: end.supply };
}

// Warm both up so the JIT has compiled the hot loops.
await engineRun();
loopRun();
const eng: number[] = [];
const loop: number[] = [];
let check = "";
for (let r = 0; r < rounds; r++) {
  const e = await engineRun();
  const l = loopRun();
  eng.push(e.secs);
  loop.push(l.secs);
  const same = e.price === l.price && e.summary.headline.supplyEndTokens === l.supply;
  check = same
    ? `same end price (${e.price.toPrecision(8)} USD) and supply`
    : `DIFFERENT end state: engine ${e.price} / ${e.summary.headline.supplyEndTokens}, loop ${l.price} / ${l.supply}`;
}
const best = (xs: number[]) => Math.min(...xs);
const rate = (secs: number) => (providers * steps) / secs / 1e6;
console.log(
  `user-model benchmark: per-provider-rewards, ${providers} providers x ${steps} steps, best of ${rounds} alternating rounds`,
);
console.log(`  tokensim (public API)   ${rate(best(eng)).toFixed(1)} million provider-steps/s`);
console.log(`  hand-written loop       ${rate(best(loop)).toFixed(1)} million provider-steps/s`);
console.log(`  ratio                   ${(best(loop) / best(eng)).toFixed(2)} (target >= 0.90)`);
console.log(`  check                   ${check}`);
console.log(
  `  peak RSS                ${(process.resourceUsage().maxRSS / 1024).toFixed(0)} MB (every per-step column kept; target < 150)`,
);
