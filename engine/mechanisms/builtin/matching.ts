import { column } from "../../pipeline/outputs.ts";
import { definePhase } from "../../pipeline/phase.ts";
import { matchingPhase } from "../../pipeline/phases/matching.ts";
import { MatchingState } from "../matching.ts";
import { defineMechanism, type Mechanism } from "../mechanism.ts";

/** The `matching` mechanism: job matching: flows to providers by latency and price, service latency, utilisation. */
export const matchingMechanism: Mechanism = defineMechanism({
  name: "matching",
  description:
    "job matching: flows to providers by latency and price, service latency, utilisation",
  state: (p) => new MatchingState(p),
  streams: ["matching"],
  phases: [definePhase("matching", matchingPhase)],
  columns: [
    column(
      "capacityGpuHours",
      "reference GPU-hours per hour",
      "capacity of active providers",
      (w) => w.totals.capacity,
    ),
    column("utilisation", "fraction", "work served / capacity", (w) =>
      w.totals.capacity > 0
        ? w.totals.workServed / (w.totals.capacity * w.params.sim.stepHours)
        : 0,
    ),
    column(
      "latencyP50Ms",
      "ms",
      "median latency of served jobs (network + service)",
      (w) => w.totals.latencyP50Ms,
    ),
    column(
      "latencyP95Ms",
      "ms",
      "95th-percentile latency of served jobs",
      (w) => w.totals.latencyP95Ms,
    ),
    column(
      "queueWaitMeanHours",
      "hours",
      "mean queueing delay of served jobs",
      (w) => w.totals.queueWaitMeanH,
    ),
    column(
      "latencyP95WithQueueMs",
      "ms",
      "95th-percentile latency of served jobs, queue wait included (a step's wait = stepHours · 3.6e6 ms)",
      (w) => w.totals.latencyP95WithQueueMs,
    ),
    column(
      "sloMisses",
      "jobs",
      "served jobs whose latency (network + service, or a queue wait) exceeded demand.sloLatencyMs",
      (w) => w.totals.sloMisses,
    ),
  ],
});
