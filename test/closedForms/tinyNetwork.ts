/**
 * A one-class, one-region network for closed-form tests, plus a probe phase that
 * runs after the default pipeline and sees the world at the end of every step.
 */
import { networkSchema } from "../../engine/params/network.ts";
import { withDefaults } from "../../engine/params/withDefaults.ts";
import { DEFAULT_PHASES } from "../../engine/pipeline/phases.ts";
import { defineScenario, type Scenario } from "../../engine/scenario.ts";
import type { World } from "../../engine/state/world.ts";

export const tinySchema = networkSchema({
  hardware: {
    gpu: {
      share: 1,
      throughput: 1,
      loadW: 300,
      idleW: 30,
      capexUsd: 1000,
      amortHours: 3 * 8760,
      vramGb: 24,
      serviceLatencyMs: 40,
    },
  },
  regions: {
    home: {
      providerShare: 1,
      demandShare: 1,
      powerUsdPerKwh: 0.1,
      utcOffsetHours: 0,
      latencyMs: { home: 10 },
    },
  },
});

/** The tiny network with scenario defaults `defaults`; `probe` (if given) runs last each step. */
export function tinyScenario(defaults: object, probe?: (w: World) => void): Scenario {
  return defineScenario({
    name: "closed-form-tiny",
    summary: "one class, one region: closed-form checks",
    schema: withDefaults(tinySchema, defaults),
    ...(probe && {
      phases: [
        ...DEFAULT_PHASES,
        { name: "probe", create: () => ({ name: "probe", run: (w: World) => probe(w) }) },
      ],
    }),
  });
}
