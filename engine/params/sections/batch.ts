import { Type } from "@sinclair/typebox";
import { flag, int, num } from "../fields.ts";

/**
 * The `batch` section of `networkSchema`. Training/batch jobs: a second job type with its own
 * queue, minimum GPU memory, deadline and price.
 */
export function batchSection() {
  return Type.Object({
    enabled: flag(
      false,
      "training/batch jobs: a second job type with its own queue, a minimum GPU memory and a deadline",
    ),
    gpuHoursPerHour: num(400, {
      unit: "reference GPU-hours per hour",
      description: "mean batch work arriving (before growth and quality churn)",
      minimum: 0,
      maximum: 1e9,
    }),
    jobGpuHours: num(8, {
      unit: "reference GPU-hours per job",
      description: "work in one batch job",
      exclusiveMinimum: 0,
      maximum: 1e6,
    }),
    minVramGb: num(48, {
      unit: "GB",
      description: "only hardware classes with at least this much GPU memory can run batch jobs",
      minimum: 0,
      maximum: 10000,
    }),
    deadlineSteps: int(24, {
      unit: "steps",
      description:
        "a batch job not started within this many steps misses its deadline and is dropped",
      minimum: 1,
      maximum: 10000,
    }),
    usdPerGpuHour: num(0.45, {
      unit: "USD per reference GPU-hour",
      description: "price clients pay for batch work",
      minimum: 0,
      maximum: 1000,
    }),
  });
}
