/**
 * The per-agent cost of the learning agents (issue 22): steps per second of the
 * `cheating-attack` scenario with every agent off (the default), with adaptive
 * cheaters, with adaptive cheaters half of them in one colluding ring that learns
 * as one (`rings.*`), and with providers that learn their exit thresholds
 * (`exitLearning.rule=learned`). The phases the agents live in (`verification`,
 * `exitLearning`) are timed on their own: ns per step and per agent-step (per
 * cheater for the cheating agents, per provider for the learned exits). With the
 * agents off those phases must cost what they did before (`exitLearning` nothing).
 * Rounds alternate; the first warms the JIT up; medians printed. On a busy
 * machine whole-phase times are noisy, so the agents' own calls are also timed
 * alone, many times over, on the world a run left (the last lines).
 *
 *   npx tsx bench/agents.ts [providers=5000] [steps=720] [rounds=3]
 */
import { adaptRingFractions } from "../engine/mechanisms/adaptiveCheating.ts";
import { LearnedPatience } from "../engine/mechanisms/agents/learnedPatience.ts";
import { Rings } from "../engine/mechanisms/agents/rings.ts";
import { Simulation } from "../engine/pipeline/simulation.ts";
import { loadScenario, resolveParams } from "../engine/scenario.ts";

const [providers = 5000, steps = 720, rounds = 3] = process.argv.slice(2).map(Number);
const scenario = await loadScenario("cheating-attack");
const base = [
  `providers.initial=${providers}`,
  `providers.maxTotal=${providers}`,
  `demand.baseGpuHoursPerHour=${0.6 * providers}`,
  `emission.tokensPerEpoch=${6 * providers}`,
  `sim.steps=${steps}`,
  // Weak verification, so that the cheaters stay in the network and the per-cheater
  // cost is measured over all of them (at the default 2% they are caught and leave).
  "verification.sampleRate=0.0001",
];
const adaptive = ["providers.cheatStrategy=adaptive"];
const cases: [string, string[]][] = [
  ["agents off (default)", []],
  ["adaptive cheaters", adaptive],
  ["adaptive + ring (½ of cheaters)", [...adaptive, "rings.share=0.5", "rings.size=0"]],
  ["adaptive + rings of 10", [...adaptive, "rings.share=0.5", "rings.size=10"]],
  ["learned exit thresholds", ["exitLearning.rule=learned"]],
];
const TIMED = ["verification", "exitLearning"] as const;

/** One run: total ms, and ms in each timed phase. */
function run(sets: string[], seed: number) {
  const params = resolveParams(scenario, [...base, ...sets]);
  const t0 = performance.now();
  const sim = new Simulation({ scenario, params, seed });
  const phaseMs: Record<string, number> = { verification: 0, exitLearning: 0 };
  for (const ph of sim.phases) {
    if (!(TIMED as readonly string[]).includes(ph.name)) continue;
    const inner = ph.run.bind(ph);
    (ph as { run: typeof inner }).run = (w) => {
      const t = performance.now();
      inner(w);
      phaseMs[ph.name]! += performance.now() - t;
    };
  }
  while (!sim.done) sim.advance();
  if (sim.failure) throw new Error(`run failed: ${sim.failure.message}`);
  const cheaters = sim.world.roster.cheaterCount;
  sim.finish();
  return { ms: performance.now() - t0, phaseMs, cheaters };
}

const results = cases.map(() => [] as ReturnType<typeof run>[]);
for (let r = 0; r <= rounds; r++)
  for (const [i, [, sets]] of cases.entries()) {
    const x = run(sets, 100 + r);
    if (r > 0) results[i]!.push(x);
  }
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[xs.length >> 1]!;
const plain = median(results[0]!.map((x) => x.ms));
console.log(
  `cheating-attack, ${providers} providers, ${steps} steps, ${rounds} rounds after a warm-up (median):`,
);
for (const [i, [name, sets]] of cases.entries()) {
  const ms = median(results[i]!.map((x) => x.ms));
  const verif = (median(results[i]!.map((x) => x.phaseMs.verification!)) * 1e6) / steps;
  const exit = (median(results[i]!.map((x) => x.phaseMs.exitLearning!)) * 1e6) / steps;
  const cheaters = median(results[i]!.map((x) => x.cheaters));
  const perAgent = sets.includes("exitLearning.rule=learned")
    ? `exitLearning ${(exit / providers).toFixed(2)} ns per provider-step`
    : `verification ${(verif / Math.max(1, cheaters)).toFixed(2)} ns per cheater-step (${cheaters} cheaters)`;
  console.log(
    `  ${name.padEnd(32)} ${((steps / ms) * 1000).toFixed(0).padStart(6)} steps/s  ${i === 0 ? "".padEnd(22) : `time ${ms >= plain ? "+" : ""}${((100 * (ms - plain)) / plain).toFixed(1)}% vs off`.padEnd(22)}  verification ${verif.toFixed(0).padStart(7)} ns/step  exitLearning ${exit.toFixed(0).padStart(6)} ns/step  ${perAgent}`,
  );
}
console.log(
  "  whole-run differences are the machine's noise plus what the agents change in the run (other cheat fractions: other catches, jail terms, restaking; other exits); the phase times are the agents' own cost",
);

// The agents' own calls, alone, on the world an adaptive run left (all its cheaters present).
const params = resolveParams(scenario, [...base, ...adaptive]);
const sim = new Simulation({ scenario, params, seed: 1 });
while (!sim.done) sim.advance();
const w = sim.world;
const roster = w.roster;
const REPS = 200;
const timeIt = (f: () => void) => {
  f();
  const t = performance.now();
  for (let k = 0; k < REPS; k++) f();
  return ((performance.now() - t) * 1e6) / REPS;
};
const util = w.matching.utilByRegion;
const cheaters = roster.cheaterCount;
for (const size of [0, 10]) {
  const rings = new Rings(
    { share: 0.5, size, collusion: true, pooled: true },
    w.providers.capacity,
  );
  rings.assign(roster);
  const perStep = timeIt(() => rings.updateEscape(roster, util));
  const scratch = new Float64Array(3 * w.providers.capacity);
  const context = {
    jobsPerWorkStep: params.sim.stepHours / params.demand.jobGpuHours,
    stepHours: params.sim.stepHours,
    epochHours: params.sim.epochSteps * params.sim.stepHours,
    slashFraction: params.verification.slashFraction,
    minStakeTokens: params.staking.minStakeTokens,
    priceUsd: w.amm.price,
    jailHours: params.verification.jailSteps * params.sim.stepHours,
  };
  const learning = {
    learningRate: params.providers.cheatLearningRate,
    priorSampleRate: params.providers.cheatPriorSampleRate,
    priorWeight: params.providers.cheatPriorWeight,
  };
  const perEpoch = timeIt(() => adaptRingFractions(learning, roster, context, rings, scratch));
  console.log(
    `  rings (½ of ${cheaters} cheaters, size ${size || "all"}, ${rings.count} ring${rings.count > 1 ? "s" : ""}): escape shares ${(perStep / cheaters).toFixed(2)} ns per cheater-step (${perStep.toFixed(0)} ns/step); pooled update ${(perEpoch / cheaters).toFixed(2)} ns per cheater-epoch (${(perEpoch / params.sim.epochSteps / cheaters).toFixed(2)} ns per cheater-step)`,
  );
}
const learner = new LearnedPatience(
  {
    rule: "learned",
    learningRate: 0.2,
    confidence: 0.5,
    memoryEpochs: 30,
    maxPatienceEpochs: 120,
  },
  params.economics.exitPatienceEpochs,
  w.providers.capacity,
);
const perEpoch = timeIt(() => learner.update(roster));
const present = w.providers.highWater;
console.log(
  `  learned exit thresholds (${present} provider slots): ${(perEpoch / present).toFixed(2)} ns per provider-epoch (${(perEpoch / params.sim.epochSteps / present).toFixed(3)} ns per provider-step)`,
);
sim.finish();
