import { batchSection } from "../../params/sections/batch.ts";
import { column } from "../../pipeline/outputs.ts";
import { BatchState } from "../batch.ts";
import { defineMechanism, invariant, type Mechanism } from "../mechanism.ts";
import { SUPPLY_TOLERANCE } from "../tolerances.ts";

/** The `batch` mechanism: training/batch jobs: a second job type served on capacity left by inference. */
export const batchMechanism: Mechanism = defineMechanism({
  name: "batch",
  description: "training/batch jobs: a second job type served on capacity left by inference",
  section: batchSection,
  state: (p) => new BatchState(p),
  streams: ["batch"],
  columns: [
    column(
      "batchArrivedGpuHours",
      "reference GPU-hours",
      "training/batch work that arrived",
      (w) => w.totals.batchArrived,
    ),
    column(
      "batchServedGpuHours",
      "reference GPU-hours",
      "batch work served on eligible (enough VRAM) capacity left by inference",
      (w) => w.totals.batchServed,
    ),
    column(
      "batchMissedGpuHours",
      "reference GPU-hours",
      "batch work dropped at its deadline",
      (w) => w.totals.batchMissed,
    ),
    column(
      "batchQueuedGpuHours",
      "reference GPU-hours",
      "batch work waiting",
      (w) => w.batch.queued,
    ),
  ],
  invariants: [
    invariant(
      "job-conservation",
      "batch work arrived = served + queued + missed (GPU-hours, within the supply tolerance)",
      (w) => {
        const batch = w.batch;
        if (batch.cumArrived <= 0) return undefined;
        const bq = batch.queued;
        const bTotal = batch.cumServed + bq + batch.cumMissed;
        if (Math.abs(batch.cumArrived - bTotal) > SUPPLY_TOLERANCE * Math.max(1, batch.cumArrived))
          return {
            values: {
              batchArrived: batch.cumArrived,
              batchServed: batch.cumServed,
              batchQueued: bq,
              batchMissed: batch.cumMissed,
            },
          };
        return undefined;
      },
    ),
  ],
});
