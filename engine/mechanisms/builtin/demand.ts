import { demandSection } from "../../params/sections/demand.ts";
import { column } from "../../pipeline/outputs.ts";
import { definePhase } from "../../pipeline/phase.ts";
import { clientChurnPhase } from "../../pipeline/phases/clientChurn.ts";
import { demandPhase } from "../../pipeline/phases/demand.ts";
import { DemandState } from "../demand.ts";
import { defineMechanism, invariant, type Mechanism } from "../mechanism.ts";

/** The `demand` mechanism: client inference demand: arrivals, bursts, queues, quality churn. */
export const demandMechanism: Mechanism = defineMechanism({
  name: "demand",
  description: "client inference demand: arrivals, bursts, queues, quality churn",
  section: demandSection,
  state: (p) => new DemandState(p),
  streams: ["demand"],
  phases: [definePhase("demand", demandPhase), definePhase("clientChurn", clientChurnPhase)],
  columns: [
    column("jobsArrived", "jobs", "jobs that arrived", (w) => w.totals.jobsArrived),
    column("jobsServed", "jobs", "jobs served", (w) => w.totals.jobsServed),
    column(
      "jobsDropped",
      "jobs",
      "jobs dropped after the queue timeout",
      (w) => w.totals.jobsDropped,
    ),
    column("jobsQueued", "jobs", "jobs waiting at the end of the step", (w) => w.demand.jobsQueued),
    column("demandBurst", "0/1", "1 while a demand burst is in force", (w) =>
      w.demand.burstStepsLeft > 0 ? 1 : 0,
    ),
    column(
      "demandQuality",
      "fraction",
      "quality-churn demand multiplier: share of clients still using the network",
      (w) => w.demand.quality,
    ),
  ],
  invariants: [
    invariant("job-conservation", "jobs arrived = served + queued + dropped, exactly", (w) => {
      const d = w.demand;
      const queued = d.jobsQueued;
      if (d.cumArrived !== d.cumServed + queued + d.cumDropped)
        return {
          values: {
            arrived: d.cumArrived,
            served: d.cumServed,
            queued,
            dropped: d.cumDropped,
          },
        };
      return undefined;
    }),
  ],
});
