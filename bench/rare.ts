/**
 * Rare-event benchmark (a script, not a test), two modes.
 *
 * Comparison: on the crash network shrunk to a small setting (100 providers,
 * 30-day runs, emission and demand scaled to the provider count, a homogeneous
 * initial network) with no scheduled crash but an external market whose price
 * is a random walk of volatility `vol` per step, P(death spiral) by brute-force
 * Monte Carlo (`mcRuns` plain runs, Wilson interval) and by adaptive multilevel
 * splitting (`tokensim rare`'s estimator), with the cost of each in runs and
 * steps. Prints one line per method and whether the intervals overlap.
 *
 *   npx tsx bench/rare.ts [vol=0.016] [mcRuns=2000] [particles=50] [replicas=10] [seed=1] [score=nearness]
 *
 * Reference: the brute-force Monte Carlo reference of the 1e-3 validation
 * (engine/rare/validation.ts `RARE_1E3`): `runs` plain runs of root seed 1000,
 * run indices 0 … runs − 1, and which of them reach the event. Checks the
 * result against test/rare/fixtures/mc-1e-3.json (exit code 1 when they
 * differ), or with `--write` records it there.
 *
 *   npx tsx bench/rare.ts reference [runs=20000] [--write]
 */
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { wilsonInterval } from "../engine/check/intervals.ts";
import { parseRareEvent } from "../engine/rare/event.ts";
import { ScenarioProcess } from "../engine/rare/process.ts";
import { estimateScenarioRare } from "../engine/rare/scenarioRare.ts";
import { RARE_1E3, validationSets } from "../engine/rare/validation.ts";
import { loadScenario, resolveParams } from "../engine/scenario.ts";

const fmt = (x: number) => Number(x.toPrecision(3));

if (process.argv[2] === "reference") {
  const runs = Number(process.argv[3] ?? 20000);
  const write = process.argv.includes("--write");
  const fixture = new URL("../test/rare/fixtures/mc-1e-3.json", import.meta.url);
  const seed = 1000;
  const scenario = await loadScenario(RARE_1E3.scenario);
  const params = resolveParams(scenario, [...RARE_1E3.sets]);
  const event = parseRareEvent(RARE_1E3.event);
  const mc = new ScenarioProcess(scenario, params, seed, event);
  const t0 = performance.now();
  const hitRuns: number[] = [];
  for (let i = 0; i < runs; i++)
    if (mc.simulate({ origin: i, branches: [] }, event.level).score >= event.level) hitRuns.push(i);
  const w = wilsonInterval(hitRuns.length, runs, 0.95);
  const reference = {
    ...RARE_1E3,
    sets: [...RARE_1E3.sets],
    seed,
    runs,
    hits: hitRuns.length,
    hitRuns,
    wilson95: { lower: w.lower, upper: w.upper },
  };
  console.log(
    `reference ${RARE_1E3.event}: ${hitRuns.length}/${runs} = ${fmt(hitRuns.length / runs)}, 95% CI [${fmt(w.lower)}, ${fmt(w.upper)}], ${((performance.now() - t0) / 1000).toFixed(1)} s`,
  );
  const text = `${JSON.stringify(reference, null, 2)}\n`;
  if (write) {
    writeFileSync(fixture, text);
    console.log(`wrote ${fixture.pathname}`);
  } else {
    const same = existsSync(fixture) && readFileSync(fixture, "utf8") === text;
    console.log(same ? "matches the recorded reference" : "DIFFERS from the recorded reference");
    if (!same) process.exitCode = 1;
  }
  process.exit();
}

const vol = process.argv[2] ?? "0.016";
const mcRuns = Number(process.argv[3] ?? 2000);
const particles = Number(process.argv[4] ?? 50);
const replicas = Number(process.argv[5] ?? 10);
const seed = Number(process.argv[6] ?? 1);
const score = process.argv[7] ?? "nearness";
const skipMc = mcRuns === 0;

/** The shrunk crash network (engine/rare/validation.ts). */
const SETS = validationSets(Number(vol));

const scenario = await loadScenario("crash-death-spiral");
const params = resolveParams(scenario, SETS);
const event = parseRareEvent("spiral", score);
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
