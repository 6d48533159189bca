import type { PhaseFactory } from "../phase.ts";

/**
 * Books the step's service totals (the `service` phase) from the roster's aggregates
 * (providers' own columns are settled lazily, `Roster.accrue`): providers' costs at the
 * step's utilisation, and their fiat income, the fiat share of client payments plus
 * the re-runs of sampled inference jobs, paid at the client price.
 *
 * Reads `w.roster`, `w.matching.utilByRegion` and `w.totals.workServed`/`batchServed`. Writes
 * `w.totals.providerCostUsd` and `w.totals.providerFiatUsd`.
 *
 * After: `matching`.
 */
export const servicePhase: PhaseFactory = (w) => {
  const p = w.params;
  const price = p.pricing.usdPerGpuHour;
  const fiatPerWork = price * p.pricing.providerFiatShare;
  const rerunUsdPerWork = price * p.verification.sampleRate;
  return {
    name: "service",
    reads: ["matching.utilByRegion"],
    run(w) {
      // Each provider's own columns are settled lazily (Roster.accrue); this phase
      // books the network's totals for the step from the roster's aggregates.
      const t = w.totals;
      t.providerCostUsd = w.roster.costPerStep(w.matching.utilByRegion);
      // The fiat share of client payments, and the re-runs of sampled inference jobs,
      // which the providers that run them are paid for at the client price.
      t.providerFiatUsd =
        t.workServed * fiatPerWork + (t.workServed - t.batchServed) * rerunUsdPerWork;
    },
  };
};
