/**
 * User-model benchmark (a script, not a test): the bundled per-provider-rewards
 * scenario (scenarios/per-provider-rewards.ts, one custom phase written against
 * the public API that touches every provider every step) against a hand-written
 * loop of the same arithmetic (bench/userModelLoop.ts), alternating, in one
 * process. Prints provider-steps per second of each and their ratio, by CPU time
 * and by wall time, and the peak RSS of the process (the engine's runs keep every
 * per-step column in memory).
 *
 * CPU time is `process.cpuUsage()` (user + system) of the whole process: the
 * benchmark is single-threaded apart from V8's garbage-collection and compiler
 * helper threads, whose time counts too. On a shared machine it is the steadier
 * figure (it does not count time stolen by other processes); wall time counts
 * what a user waits. Each figure is the best of the rounds.
 *
 * Both start from the same world after genesis and draw the same random numbers,
 * so they must end at the same price and supply: the script checks this (and
 * exits 1 when they differ), so the ratio compares the same work.
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
const rounds = Number(process.argv[4] ?? 8);
const params = resolveParams(scenario, [
  `providers.initial=${providers}`,
  `providers.maxTotal=${providers}`,
  `sim.steps=${steps}`,
]);
const SEED = 42;

/** CPU (user + system) and wall seconds of one timed section. */
interface Timing {
  cpu: number;
  wall: number;
}

function startClock(): () => Timing {
  const c0 = process.cpuUsage();
  const t0 = performance.now();
  return () => {
    const wall = (performance.now() - t0) / 1000;
    const c = process.cpuUsage(c0);
    return { cpu: (c.user + c.system) / 1e6, wall };
  };
}

async function engineRun() {
  const stop = startClock();
  const summary = await runSimulation({ scenario, params, seed: SEED }, new MemorySink());
  const t = stop();
  return { t, price: summary.headline.priceEndUsd, supply: summary.headline.supplyEndTokens };
}

function loopRun() {
  const w = new World(params, SEED, 0);
  genesis(w);
  const state = loopFromWorld(w);
  const stop = startClock();
  const end = runLoop(state, steps);
  const t = stop();
  return { t, price: end.price, supply: end.supply };
}

// Warm both up so the JIT has compiled the hot loops.
await engineRun();
loopRun();
const eng: Timing[] = [];
const loop: Timing[] = [];
let check = "";
let same = true;
for (let r = 0; r < rounds; r++) {
  // Alternate which side goes first, so neither always follows the other's garbage.
  const first = r % 2 === 0;
  const l0 = first ? undefined : loopRun();
  const e = await engineRun();
  const l = l0 ?? loopRun();
  eng.push(e.t);
  loop.push(l.t);
  if (e.price !== l.price || e.supply !== l.supply) {
    same = false;
    check = `DIFFERENT end state: engine ${e.price} / ${e.supply}, loop ${l.price} / ${l.supply}`;
  } else if (same) check = `same end price (${e.price.toPrecision(8)} USD) and supply`;
}
const best = (xs: Timing[], k: keyof Timing) => Math.min(...xs.map((x) => x[k]));
const rate = (secs: number) => ((providers * steps) / secs / 1e6).toFixed(1);
const line = (k: keyof Timing) => {
  const e = best(eng, k);
  const l = best(loop, k);
  return `tokensim ${rate(e)}, loop ${rate(l)} million provider-steps/s; ratio ${(l / e).toFixed(2)}`;
};
console.log(
  `user-model benchmark: per-provider-rewards, ${providers} providers x ${steps} steps, best of ${rounds} alternating rounds`,
);
console.log(`  CPU time (user+system)  ${line("cpu")} (target >= 0.90)`);
console.log(`  wall time               ${line("wall")}`);
console.log(`  check                   ${check}`);
console.log(
  `  peak RSS                ${(process.resourceUsage().maxRSS / 1024).toFixed(0)} MB (whole process; every per-step column kept)`,
);
if (!same) process.exitCode = 1;
