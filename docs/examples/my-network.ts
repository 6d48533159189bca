/**
 * A protocol designer's scenario, written in their own repository against the
 * installed package: one hardware class, one region, the built-in pipeline plus a
 * custom phase, and checks for `tokensim check` in CI. docs/library.md walks
 * through it; test/api/package.test.ts runs it from a packed tarball.
 */
import {
  basicStepInvariants,
  DEFAULT_PHASES,
  defineChecks,
  definePhase,
  defineScenario,
  networkSchema,
  priceRatioEnd,
  Status,
  withDefaults,
} from "tokensim";

const schema = withDefaults(
  networkSchema({
    hardware: {
      rtx4090: {
        share: 1,
        throughput: 1,
        loadW: 450,
        idleW: 30,
        capexUsd: 1800,
        amortHours: 3 * 8760,
        vramGb: 24,
        serviceLatencyMs: 60,
      },
    },
    regions: {
      us: {
        providerShare: 1,
        demandShare: 1,
        powerUsdPerKwh: 0.13,
        utcOffsetHours: -5,
        latencyMs: { us: 20 },
      },
    },
  }),
  // Checked at compile time: a misspelled key or a wrong type does not compile.
  { providers: { initial: 200 }, sim: { steps: 24 * 30 } },
);

/** A custom phase: counts active providers each step (a probe; it changes nothing). */
const countActive = definePhase("countActive", (w) => {
  let peak = 0;
  return {
    name: "countActive",
    run() {
      let n = 0;
      for (let i = 0; i < w.providers.highWater; i++)
        if (w.providers.status[i] === Status.Active) n++;
      peak = Math.max(peak, n);
    },
  };
});

export const scenario = defineScenario({
  name: "my-network",
  summary: "a one-class, one-region network written against the public API",
  schema,
  phases: [...DEFAULT_PHASES, countActive],
});

export const checks = defineChecks({
  runs: 4,
  outcomes: { priceRatio: priceRatioEnd },
  assertions: [{ name: "price holds", stat: "mean", metric: "priceRatio", greaterThan: 0.1 }],
  stepInvariants: basicStepInvariants,
});
