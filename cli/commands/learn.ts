import { join } from "node:path";
import { AGENT_CLASSES, type AgentName, environmentFor } from "../../engine/env/environment.ts";
import { writeLearning } from "../../engine/env/learners/learningFiles.ts";
import type { QLearningOptions } from "../../engine/env/learners/qLearning.ts";
import { trainQLearning } from "../../engine/env/learners/train.ts";
import { loadScenario, resolveParams } from "../../engine/scenario.ts";
import { type CliCommand, UsageError } from "../command.ts";
import { integerFlag, parseCommandArgs, stepsSet } from "../flags.ts";
import { rethrowAsUsage } from "../usageErrors.ts";

const HELP = `Usage: tokensim learn <scenario> --agent <class> [options]

Trains the built-in learner (tabular Q-learning, epsilon-greedy) to drive one agent
class of a scenario through the step-wise environment (docs/env.md), one run per
episode, and writes its learning curve. Deterministic: the same scenario,
parameters, options and seed give the same bytes.

<scenario>              a scenario file or a bundled scenario's name

Options:
  --agent <class>       the agent class: ${AGENT_CLASSES.join(" | ")}
                        cheaters: the cheating providers' cheat fraction; reward: energy saved
                          by faking minus stake slashed (USD)
                        speculator: trades a share of its tokens or USD through the AMM;
                          reward: change of its wealth marked to market (USD)
  --episodes <n>        training episodes (default 20)
  --seed <n>            root seed (default 42): the learner's stream and each episode's run seed
  --out <dir>           output directory (default results/learn-<scenario>-<agent>)
  --set key=value       override a parameter (repeatable), as in 'tokensim run'
  --steps <n>           shorthand for --set sim.steps=<n>
  --every <n>           steps per decision (default: the scenario's sim.epochSteps)
  --actions <list>      action values, comma-separated (cheaters: fractions in [0, 1], default
                        0,0.25,0.5,0.75,1; speculator: shares in [-1, 1], default -0.5,0,0.5)
  --bins key=e1,e2,...  cut an observation at these edges (repeatable); none: one state (a bandit)
  --alpha <x>           learning rate (default 0.1)
  --gamma <x>           discount per decision (default 0.9)
  --epsilon <x>         exploration rate at the start (default 0.2; x0.9 per episode, floor 0.02)
  --quiet               print nothing but errors

Writes:
  <out>/curve.arrow     one row per episode: return, mean action, greedy action, epsilon
  <out>/learning.json   the settings, the curve, the Q table and the greedy action per state

Exit codes: 0 ok, 1 an episode's run failed an invariant, 2 bad input or an error.`;

function numberFlag(name: string, raw: string | undefined): number | undefined {
  if (raw === undefined) return undefined;
  const v = Number(raw);
  if (raw.trim() === "" || !Number.isFinite(v))
    throw new UsageError(`--${name} ${JSON.stringify(raw)}: expected a number`);
  return v;
}

function numberList(name: string, raw: string): number[] {
  return raw.split(",").map((x) => {
    const v = numberFlag(name, x);
    return v as number;
  });
}

function parseBins(raw: readonly string[]): Record<string, number[]> {
  const out: Record<string, number[]> = {};
  for (const b of raw) {
    const eq = b.indexOf("=");
    if (eq <= 0) throw new UsageError(`--bins ${JSON.stringify(b)}: expected key=e1,e2,...`);
    out[b.slice(0, eq)] = numberList("bins", b.slice(eq + 1));
  }
  return out;
}

/** `tokensim learn`: trains the built-in Q-learner on one agent class, writes its learning curve. */
export const learnCommand: CliCommand = {
  help: HELP,
  async run(argv) {
    const { values, ref } = parseCommandArgs("learn", argv, {
      agent: { type: "string" },
      episodes: { type: "string" },
      seed: { type: "string" },
      out: { type: "string" },
      set: { type: "string", multiple: true },
      steps: { type: "string" },
      every: { type: "string" },
      actions: { type: "string" },
      bins: { type: "string", multiple: true },
      alpha: { type: "string" },
      gamma: { type: "string" },
      epsilon: { type: "string" },
      quiet: { type: "boolean" },
    });
    const agent = values.agent;
    if (agent === undefined || !(AGENT_CLASSES as readonly string[]).includes(agent))
      throw new UsageError(
        `--agent ${agent === undefined ? "is required" : JSON.stringify(agent)}: one of ${AGENT_CLASSES.join(", ")}`,
      );
    const episodes = integerFlag("episodes", values.episodes, 20, 1);
    const seed = integerFlag("seed", values.seed, 42);
    const every = integerFlag("every", values.every, undefined, 1);
    const sets = [...(values.set ?? []), ...stepsSet(values.steps)];
    const learner: QLearningOptions = {
      ...(values.alpha !== undefined ? { alpha: numberFlag("alpha", values.alpha)! } : {}),
      ...(values.gamma !== undefined ? { gamma: numberFlag("gamma", values.gamma)! } : {}),
      ...(values.epsilon !== undefined ? { epsilon: numberFlag("epsilon", values.epsilon)! } : {}),
      ...(values.bins ? { bins: parseBins(values.bins) } : {}),
    };
    try {
      const scenario = await loadScenario(ref);
      const params = resolveParams(scenario, sets);
      const env = environmentFor(scenario, params, {
        agent: agent as AgentName,
        seed,
        ...(every !== undefined ? { decisionEverySteps: every } : {}),
        ...(values.actions !== undefined ? { actions: numberList("actions", values.actions) } : {}),
      });
      const out = values.out ?? join("results", `learn-${scenario.name}-${agent}`);
      const t0 = performance.now();
      const training = trainQLearning(env, {
        episodes,
        seed,
        learner,
        ...(values.quiet
          ? {}
          : {
              onEpisode: (r) =>
                console.error(
                  `episode ${r.episode + 1}/${episodes}: return ${r.return.toPrecision(4)} ${env.agent.rewardUnit}, mean action ${r.meanActionValue.toPrecision(3)}, greedy ${r.greedyActionValue}`,
                ),
            }),
      });
      const paths = writeLearning(out, training, {
        scenario: scenario.name,
        agent,
        rewardUnit: env.agent.rewardUnit,
        seed,
        episodes,
        decisionEverySteps: env.decisionEverySteps,
        sets,
        actionValues: env.actionSpace.values,
        observationKeys: env.observationKeys,
        learner: { ...learner },
      });
      if (!values.quiet)
        console.log(
          `learned ${agent} on ${scenario.name} over ${episodes} episodes in ${((performance.now() - t0) / 1000).toFixed(1)} s; wrote ${paths.curve}, ${paths.json}`,
        );
      return training.curve.some((r) => r.failed === 1) ? 1 : 0;
    } catch (err) {
      rethrowAsUsage(err);
    }
  },
};
