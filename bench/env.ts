/**
 * The cost of the step-wise environment and its learner (issue 22): steps per
 * second of the `cheating-attack` scenario run plainly (`Simulation`, the loop
 * every run uses, which the environment does not change), through the
 * environment with the cheaters agent held at the scenario's fraction (the
 * agent's two phases), with the Q-learner choosing the fraction every epoch, and
 * with the speculator agent and its learner. Holding the cheaters at f = 1 shows
 * what a different fraction costs by itself (more catches: slashes, jail terms,
 * restaking). Rounds alternate; medians printed.
 *
 *   npx tsx bench/env.ts [providers=5000] [steps=720] [rounds=3]
 */
import { environmentFor } from "../engine/env/environment.ts";
import { QLearner } from "../engine/env/learners/qLearning.ts";
import { Simulation } from "../engine/pipeline/simulation.ts";
import { loadScenario, resolveParams } from "../engine/scenario.ts";

const [providers = 5000, steps = 720, rounds = 3] = process.argv.slice(2).map(Number);
const scenario = await loadScenario("cheating-attack");
const params = resolveParams(scenario, [
  `providers.initial=${providers}`,
  `providers.maxTotal=${providers}`,
  `demand.baseGpuHoursPerHour=${0.6 * providers}`,
  `emission.tokensPerEpoch=${6 * providers}`,
  `sim.steps=${steps}`,
  // Weak verification, so that the cheaters stay in the network and the per-cheater
  // cost is measured over all of them (at the default 2% they are caught and leave).
  "verification.sampleRate=0.0001",
]);

function plain(seed: number): number {
  // Timed from the world's creation (genesis), as an environment's reset is.
  const t0 = performance.now();
  const sim = new Simulation({ scenario, params, seed });
  while (!sim.done) sim.advance();
  return performance.now() - t0;
}

/** Time in the learner's own calls (ms) and decisions taken, over the driven runs after the first round. */
const learnerCost = { ms: 0, decisions: 0 };
/** Time in the agent classes' own phases (ms) and steps, per class, after the first round. */
const phaseCost = { cheaters: { ms: 0, steps: 0 }, speculator: { ms: 0, steps: 0 } };
let measuring = false;

/** Wraps the agent's phases (names starting "env") to time them. */
function timePhases(env: ReturnType<typeof environmentFor>, agent: "cheaters" | "speculator") {
  const c = phaseCost[agent];
  for (const ph of env.simulation!.phases) {
    if (!ph.name.startsWith("env")) continue;
    const run = ph.run.bind(ph);
    (ph as { run: typeof run }).run = (w) => {
      const t = performance.now();
      run(w);
      if (measuring) c.ms += performance.now() - t;
    };
  }
  return () => {
    if (measuring) c.steps += env.simulation!.stepsCompleted;
  };
}

/** One episode driven by the learner, or held at one action (default: the passive one). */
function driven(
  agent: "cheaters" | "speculator",
  learn: boolean,
  seed: number,
  held?: number,
): number {
  const env = environmentFor(scenario, params, { agent });
  const q = new QLearner(env.actionSpace.n, env.observationKeys, { bins: { priceReturn: [0] } });
  const passive = held ?? env.agent.passiveAction ?? 0;
  const t0 = performance.now();
  let obs = env.reset(seed);
  const counted = timePhases(env, agent);
  for (;;) {
    const l0 = performance.now();
    const a = learn ? q.act(obs) : passive;
    const l1 = performance.now();
    const r = env.step(a);
    const l2 = performance.now();
    if (learn) q.learn(obs, a, r.reward, r.observation, r.truncated || r.terminated);
    if (learn && measuring) {
      learnerCost.ms += l1 - l0 + performance.now() - l2;
      learnerCost.decisions++;
    }
    obs = r.observation;
    if (r.truncated || r.terminated) break;
  }
  const ms = performance.now() - t0;
  counted();
  return ms;
}

const cases: [string, (seed: number) => number][] = [
  ["plain Simulation", plain],
  ["env, cheaters held", (s) => driven("cheaters", false, s)],
  ["env, cheaters held at f = 1", (s) => driven("cheaters", false, s, 4)],
  ["env, cheaters + Q-learner", (s) => driven("cheaters", true, s)],
  ["env, speculator held", (s) => driven("speculator", false, s)],
  ["env, speculator + Q-learner", (s) => driven("speculator", true, s)],
];
const times = cases.map(() => [] as number[]);
cases[0]![1](1); // warm-up
for (let r = 0; r < rounds; r++) {
  measuring = r > 0; // the first round warms the JIT up
  for (const [i, [, f]] of cases.entries()) times[i]!.push(f(100 + r));
}
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[xs.length >> 1]!;
const base = median(times[0]!);
const cheaters = Math.round(providers * params.providers.cheaterShare);
console.log(
  `cheating-attack, ${providers} providers (~${cheaters} cheaters), ${steps} steps, decisions every ${params.sim.epochSteps} steps, ${rounds} rounds (median):`,
);
for (const [i, [name]] of cases.entries()) {
  const ms = median(times[i]!);
  const extra = ms - base;
  console.log(
    `  ${name.padEnd(30)} ${((steps / ms) * 1000).toFixed(0).padStart(7)} steps/s  ${((providers * steps) / ms / 1000).toFixed(1).padStart(6)} M provider-steps/s  ${i === 0 ? "" : `time ${extra >= 0 ? "+" : ""}${((100 * extra) / base).toFixed(1)}% against plain`}`,
  );
}
const perStep = (c: { ms: number; steps: number }) => (c.ms * 1e6) / c.steps;
console.log(
  `  the cheaters agent's own phases: ${perStep(phaseCost.cheaters).toFixed(0)} ns per step, ${(perStep(phaseCost.cheaters) / cheaters).toFixed(2)} ns per cheater-step (${((100 * perStep(phaseCost.cheaters)) / ((base * 1e6) / steps)).toFixed(2)}% of a plain step)`,
);
console.log(
  `  the speculator's own phase: ${perStep(phaseCost.speculator).toFixed(0)} ns per step (${((100 * perStep(phaseCost.speculator)) / ((base * 1e6) / steps)).toFixed(2)}% of a plain step)`,
);
console.log(
  `  the Q-learner's own calls (act + learn): ${((learnerCost.ms * 1e6) / learnerCost.decisions / 1000).toFixed(1)} µs per decision over ${learnerCost.decisions} decisions (${((100 * learnerCost.ms) / learnerCost.decisions / ((base * params.sim.epochSteps) / steps)).toFixed(2)}% of a decision interval's plain steps)`,
);
console.log(
  "  whole-run differences between the rows are the machine's noise plus what the actions change in the run (a learner faking more causes catches, jail terms, restaking); the three lines above are the environment's own cost",
);
