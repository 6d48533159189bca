/**
 * Rare-event benchmark (a script, not a test): on the crash network shrunk to a
 * small setting (100 providers, 30-day runs, emission and demand scaled to the
 * provider count, a homogeneous initial network) with no scheduled crash but an
 * external market whose price is a random walk of volatility `vol` per step,
 * P(death spiral) by brute-force Monte
 * Carlo (`mcRuns` plain runs, Wilson interval) and by adaptive multilevel
 * splitting (`tokensim rare`'s estimator), with the cost of each in runs and
 * steps. Prints one line per method and whether the intervals overlap.
 *
 *   npx tsx bench/rare.ts [vol=0.016] [mcRuns=2000] [particles=50] [replicas=10] [seed=1] [score=nearness]
 */
import { wilsonInterval } from "../engine/check/intervals.ts";
import { parseRareEvent } from "../engine/rare/event.ts";
import { ScenarioProcess } from "../engine/rare/process.ts";
import { estimateScenarioRare } from "../engine/rare/scenarioRare.ts";
import { loadScenario, resolveParams } from "../engine/scenario.ts";

const vol = process.argv[2] ?? "0.016";
const mcRuns = Number(process.argv[3] ?? 2000);
const particles = Number(process.argv[4] ?? 50);
const replicas = Number(process.argv[5] ?? 10);
const seed = Number(process.argv[6] ?? 1);
const score = process.argv[7] ?? "nearness";
const skipMc = mcRuns === 0;

/**
 * The shrunk crash network (an assumption for speed: 100 providers with demand
 * and emission scaled by 1/30; every provider drawn alike, so that the spiral
 * comes from the price path, not from the initial draw).
 */
const SETS = [
  "sim.steps=720",
  "providers.initial=100",
  "providers.maxTotal=200",
  "demand.baseGpuHoursPerHour=90",
  "emission.tokensPerEpoch=920",
  "providers.exactInitialMix=true",
  "providers.powerPriceSpread=0",
  "economics.exitPatienceCv=0",
  "economics.hurdleRateCv=0",
  "shocks.crashStartStep=-1",
  "market.externalMarket=true",
  `market.externalVolPerStep=${vol}`,
];

const scenario = await loadScenario("crash-death-spiral");
const params = resolveParams(scenario, SETS);
const event = parseRareEvent("spiral", score);
const fmt = (x: number) => Number(x.toPrecision(3));

let t0 = performance.now();
const mc = new ScenarioProcess(scenario, params, seed + 1000, event);
let hits = 0;
if (skipMc) console.log("no Monte Carlo runs");
let mcSteps = 0;
for (let i = 0; i < mcRuns; i++) {
  const t = mc.simulate({ origin: i, branches: [] }, event.level);
  mcSteps += t.steps;
  if (t.score >= event.level) hits++;
}
const w = wilsonInterval(hits, mcRuns, 0.95);
console.log(
  `vol=${vol} Monte Carlo: P = ${fmt(hits / mcRuns)} (${hits}/${mcRuns}), 95% CI [${fmt(w.lower)}, ${fmt(w.upper)}], ${mcRuns} runs, ${mcSteps} steps, ${((performance.now() - t0) / 1000).toFixed(1)} s`,
);
t0 = performance.now();
const { result: r } = estimateScenarioRare(scenario, params, {
  event: "spiral",
  score,
  sets: SETS,
  particles,
  replicas,
  seed,
});
console.log(r.perReplica.map((x) => fmt(x.estimate)).join(" "));
console.log(
  `vol=${vol} AMS ${score}: P = ${fmt(r.estimate)}, 95% CI [${fmt(r.lower)}, ${fmt(r.upper)}], relative error ${fmt(r.relativeError)}, ${r.runs} runs, ${r.steps} steps, ${((performance.now() - t0) / 1000).toFixed(1)} s`,
);
console.log(`intervals overlap: ${r.lower <= w.upper && w.lower <= r.upper}`);
