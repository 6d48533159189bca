import {
  burstStep,
  demandArrivals,
  demandTrendFactor,
  hawkesStep,
} from "../../mechanisms/demand.ts";
import { demandDropFactor } from "../../mechanisms/shocks.ts";
import { poisson } from "../../rng/distributions.ts";
import type { PhaseFactory } from "../phase.ts";

/**
 * Client demand arrives (the `demand` phase). Draws the step's burst state (regime
 * switching or a Hawkes process, `demand.burstMode`), scales demand by the burst, the
 * quality-churn multiplier and the trend (growth and price elasticity), and adds each
 * client region's Poisson arrivals, times the scheduled demand drop's factor
 * (`shocks.demandDrop*`, 1 outside its window; rounded to whole jobs), to the newest
 * slot of its queue; with
 * `batch.enabled`, it also draws batch work into the batch queue.
 *
 * Reads `w.params`, `w.step`, `w.demand.quality`, `w.pricing.clientUsdPerGpuHour`,
 * `w.rng.demand` and `w.rng.batch`. Writes `w.demand` (`queue`, `hawkesActivity`,
 * `burstStepsLeft`, `cumArrived`), `w.batch` (`queue`, `cumArrived`) and
 * `w.totals.jobsArrived`/`batchArrived`.
 *
 * After: `shocks`.
 */
export const demandPhase: PhaseFactory = (w) => {
  const arrivals = new Float64Array(w.nRegions);
  const p = w.params;
  const shareSum = w.regionNames.reduce((a, r) => a + p.regions[r]!.demandShare, 0);
  const T = p.demand.queueTimeoutSteps;
  return {
    name: "demand",
    after: ["shocks"],
    // Last step's client price and client quality; the queues the last matching left.
    readsPrevious: ["pricing.clientUsdPerGpuHour", "demand.quality"],
    // This step's demand multipliers from data (seriesInputs).
    reads: ["demand.inputFactor"],
    writes: [
      "demand.queue",
      "demand.hawkesActivity",
      "demand.burstStepsLeft",
      "demand.cumArrived",
      "batch.queue",
      "batch.cumArrived",
    ],
    run(w) {
      const d = w.demand;
      let burstMultiplier: number;
      if (p.demand.burstMode === "hawkes") {
        const h = hawkesStep(p.demand, d.hawkesActivity, w.rng.demand);
        d.hawkesActivity = h.activity;
        // The demandBurst column reads burstStepsLeft: flag steps with a strong excitation.
        d.burstStepsLeft = h.activity >= 0.5 ? 1 : 0;
        burstMultiplier = h.multiplier;
      } else {
        const burst = burstStep(p.demand, d.burstStepsLeft, w.rng.demand);
        d.burstStepsLeft = burst.stepsLeft;
        burstMultiplier = burst.multiplier;
      }
      const years = (w.step * p.sim.stepHours) / 8760;
      const clientPrice = w.pricing.clientUsdPerGpuHour;
      const multiplier =
        burstMultiplier *
        d.quality *
        demandTrendFactor(p.demand, years, clientPrice, p.pricing.usdPerGpuHour);
      const utcHour = (w.step * p.sim.stepHours) % 24;
      demandArrivals(
        p,
        w.regionNames,
        shareSum,
        utcHour,
        multiplier,
        w.rng.demand,
        arrivals,
        d.inputFactor,
      );
      // The scheduled demand drop (shocks.demandDrop*) scales the drawn arrivals, rounded
      // to whole jobs, so the demand stream draws the same numbers with and without it.
      const drop = demandDropFactor(p.shocks, w.step);
      if (drop !== 1)
        for (let c = 0; c < w.nRegions; c++) arrivals[c] = Math.round(arrivals[c]! * drop);
      const queue = d.queue;
      let total = 0;
      for (let c = 0; c < w.nRegions; c++) {
        queue[c * T]! += arrivals[c]!;
        total += arrivals[c]!;
      }
      w.totals.jobsArrived = total;
      d.cumArrived += total;
      if (p.batch.enabled) {
        const b = p.batch;
        const trend =
          d.quality * demandTrendFactor(p.demand, years, clientPrice, p.pricing.usdPerGpuHour);
        const work =
          poisson(w.rng.batch, (b.gpuHoursPerHour * p.sim.stepHours * trend) / b.jobGpuHours) *
          b.jobGpuHours;
        const batch = w.batch;
        batch.queue[0]! += work;
        w.totals.batchArrived = work;
        batch.cumArrived += work;
      }
    },
  };
};
