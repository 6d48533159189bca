import { Type } from "@sinclair/typebox";
import { int, num } from "../fields.ts";

/**
 * The `sim` section of `networkSchema`. The run's clock: how many steps, how long a step is, and
 * steps per epoch.
 */
export function simSection() {
  return Type.Object({
    steps: int(8760, {
      unit: "steps",
      description: "steps to simulate",
      minimum: 1,
      maximum: 1_000_000,
    }),
    stepHours: num(1, {
      unit: "hours",
      description: "length of one step",
      exclusiveMinimum: 0,
      maximum: 168,
    }),
    epochSteps: int(24, {
      unit: "steps",
      description: "steps per epoch (emissions and reward payouts happen at each epoch end)",
      minimum: 1,
      maximum: 100_000,
    }),
  });
}
