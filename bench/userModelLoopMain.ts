/**
 * A process that runs the hand-written loop of the per-provider-rewards model
 * (bench/userModelLoop.ts) for runs `first..first+count-1` of a sweep's seeds,
 * as `tokensim sweep per-provider-rewards --runs N` would run them:
 * bench/userSweep.ts bundles it into plain JavaScript and times whole processes.
 *
 *   node userModelLoopMain.mjs <first> <count> <steps>
 */
import { genesis } from "../engine/mechanisms/genesis.ts";
import { sweepRunSeed } from "../engine/rng/seed.ts";
import { resolveParams } from "../engine/scenario.ts";
import { World } from "../engine/state/world.ts";
import { scenario } from "../scenarios/per-provider-rewards.ts";
import { loopFromWorld, runLoop } from "./userModelLoop.ts";

const [first, count, steps] = process.argv.slice(2).map(Number) as [number, number, number];
const params = resolveParams(scenario, [`sim.steps=${steps}`]);
let check = 0;
for (let run = first; run < first + count; run++) {
  const w = new World(params, sweepRunSeed(42, 0, run), run);
  genesis(w);
  check += runLoop(loopFromWorld(w), steps).price;
}
console.log(check);
