import { updateQuality } from "../../mechanisms/demand.ts";
import type { PhaseFactory } from "../phase.ts";

/**
 * Quality churn (the `clientChurn` phase): when `demand.churnSensitivity` > 0, the
 * demand multiplier loses a share proportional to the step's bad service (dropped,
 * SLO-missed and wrong results over jobs handled), and lost demand slowly returns.
 *
 * Reads `w.totals` (jobs served and dropped, SLO misses, bad results). Writes
 * `w.demand.quality`, which the next step's `demand` phase uses.
 *
 * After: `matching`.
 */
export const clientChurnPhase: PhaseFactory = (w) => {
  const d = w.params.demand;
  return {
    name: "clientChurn",
    after: ["matching", "verification"],
    writes: ["demand.quality"],
    run(w) {
      if (d.churnSensitivity <= 0) return;
      const t = w.totals;
      const handled = t.jobsServed + t.jobsDropped;
      const bad = t.jobsDropped + t.sloMisses + t.badResults;
      w.demand.quality = updateQuality(
        d,
        w.demand.quality,
        handled > 0 ? Math.min(1, bad / handled) : 0,
      );
    },
  };
};
