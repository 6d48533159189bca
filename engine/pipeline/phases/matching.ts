import { type BatchResult, serveBatch } from "../../mechanisms/batch.ts";
import {
  flowLatencyQuantile,
  latencyQuantileWithQueue,
  matchJobs,
  sloMisses,
} from "../../mechanisms/matching.ts";
import { classAskUsd, clearAuction } from "../../mechanisms/pricing.ts";
import type { PhaseFactory } from "../phase.ts";

/**
 * Matches queued jobs to provider capacity (the `matching` phase): jobs go to provider
 * regions within `demand.maxLatencyMs`, capacity net of verification re-runs; serves
 * batch work on hardware with enough GPU memory; sets each region's utilisation; under
 * `pricing.mode` "auction" clears the per-region reverse auction (asks recomputed only
 * when a power shock moved them); and computes the step's price, queue wait, latency
 * quantiles and SLO misses.
 *
 * Reads `w.roster` (capacity, service latency, capacity by region and class),
 * `w.demand.queue`, `w.batch.queue`, `w.latencyMs`, `w.nearest` and
 * `w.shocks.powerFactor`. Writes `w.demand` (`queue`, `cumServed`, `cumDropped`),
 * `w.batch` (`queue`, `cumServed`, `cumMissed`), `w.matching` (`flows`,
 * `serviceMsByRegion`, `utilByRegion`, `epochUtilSum`), the roster's utilisation
 * (`advanceUtil`), `w.pricing` (`clearingUsd`, `clientUsdPerGpuHour`) and
 * `w.totals` (capacity, jobs served and dropped, work served, price, queue wait,
 * latency quantiles, SLO misses, batch served and missed).
 *
 * After: `demand`.
 */
export const matchingPhase: PhaseFactory = (w) => {
  const p = w.params;
  const R = w.nRegions;
  const capacityJobs = new Float64Array(R);
  const scratch = {
    value: new Float64Array(R * R),
    weight: new Float64Array(R * R),
    order: new Int32Array(R * R),
  };
  const jobsPerWork = 1 / p.demand.jobGpuHours;
  // Each served job is re-run with probability sampleRate on the same region's
  // capacity: a job takes (1 + sampleRate) jobs' worth of GPU time.
  const rerunFactor = 1 + p.verification.sampleRate;
  const C = w.nClasses;
  const auction = p.pricing.mode === "auction";
  const asks = new Float64Array(R * C);
  const askOrder = new Int32Array(R * C);
  const workPerHour = new Float64Array(R);
  // The mechanisms' state arrays are fixed for the run: kept in locals for the hot loops.
  const { flows, serviceMsByRegion, utilByRegion, epochUtilSum } = w.matching;
  const { clearingUsd } = w.pricing;
  const { powerFactor } = w.shocks;
  const refreshAsks = () => {
    for (let r = 0; r < R; r++) {
      const power = p.regions[w.regionNames[r]!]!.powerUsdPerKwh * powerFactor[r]!;
      for (let c = 0; c < C; c++) asks[r * C + c] = classAskUsd(p, w.classNames[c]!, power);
      const order = Array.from({ length: C }, (_, c) => c).sort(
        (a, b) => asks[r * C + a]! - asks[r * C + b]! || a - b,
      );
      for (let k = 0; k < C; k++) askOrder[r * C + k] = order[k]!;
    }
  };
  let askPowerStamp = -1;
  const servedByAge = new Float64Array(p.demand.queueTimeoutSteps);
  const stepMs = p.sim.stepHours * 3_600_000;
  const flowQ = (f: number) =>
    flowLatencyQuantile(flows, w.latencyMs, serviceMsByRegion, R, f, scratch);
  const batchOn = p.batch.enabled;
  const batchEligible = w.classNames.map((c) => p.hardware[c]!.vramGb >= p.batch.minVramGb);
  const batchEligibleCap = new Float64Array(R);
  const batchOffered = new Float64Array(R);
  const batchOut: BatchResult = { served: 0, missed: 0 };
  return {
    name: "matching",
    reads: ["demand.queue", "batch.queue", "shocks.powerFactor"],
    // The utilisation summed over the epoch so far (providerEconomics resets it).
    readsPrevious: ["matching.epochUtilSum"],
    writes: [
      "matching",
      "pricing",
      "demand.queue",
      "demand.cumServed",
      "demand.cumDropped",
      "batch.queue",
      "batch.cumServed",
      "batch.cumMissed",
    ],
    run(w) {
      const roster = w.roster;
      const demand = w.demand;
      const batch = w.batch;
      let capTotal = 0;
      for (let r = 0; r < R; r++) {
        const cap = roster.capacity[r]!;
        capTotal += cap;
        serviceMsByRegion[r] = cap > 0 ? roster.serviceWeighted[r]! / cap : 0;
        capacityJobs[r] = Math.floor((cap * p.sim.stepHours * jobsPerWork) / rerunFactor);
      }
      const m = matchJobs(
        {
          nRegions: R,
          timeout: p.demand.queueTimeoutSteps,
          capacityJobs,
          latencyMs: w.latencyMs,
          nearest: w.nearest,
          maxLatencyMs: p.demand.maxLatencyMs,
        },
        demand.queue,
        flows,
        servedByAge,
      );
      for (let r = 0; r < R; r++) {
        const cap = roster.capacity[r]! * p.sim.stepHours;
        let servedJobs = 0;
        for (let c = 0; c < R; c++) servedJobs += flows[c * R + r]!;
        const util =
          cap > 0 ? Math.min(1, (servedJobs * p.demand.jobGpuHours * rerunFactor) / cap) : 0;
        utilByRegion[r] = util;
      }
      const t = w.totals;
      if (batchOn) {
        for (let r = 0; r < R; r++) {
          let e = 0;
          for (let c = 0; c < C; c++)
            if (batchEligible[c]) e += roster.capacityByRegionClass[r * C + c]!;
          batchEligibleCap[r] = e;
        }
        serveBatch(
          batch.queue,
          batchEligibleCap,
          roster.capacity,
          utilByRegion,
          p.sim.stepHours,
          batchOffered,
          batchOut,
        );
        t.batchServed = batchOut.served;
        t.batchMissed = batchOut.missed;
        batch.cumServed += batchOut.served;
        batch.cumMissed += batchOut.missed;
      }
      for (let r = 0; r < R; r++) epochUtilSum[r]! += utilByRegion[r]!;
      roster.advanceUtil(utilByRegion);
      let revenue = 0;
      let work = 0;
      for (let r = 0; r < R; r++) {
        let servedJobs = 0;
        for (let c = 0; c < R; c++) servedJobs += flows[c * R + r]!;
        workPerHour[r] = (servedJobs * p.demand.jobGpuHours) / p.sim.stepHours;
      }
      if (auction) {
        // Asks depend on power prices only: recompute when a power shock moved them.
        let stamp = 0;
        for (let r = 0; r < R; r++) stamp += powerFactor[r]! * (r + 1);
        if (stamp !== askPowerStamp) {
          refreshAsks();
          askPowerStamp = stamp;
        }
        clearAuction(
          R,
          C,
          asks,
          askOrder,
          roster.capacityByRegionClass,
          workPerHour,
          utilByRegion,
          p.pricing.auctionScarcityPremium,
          p.pricing.auctionMinUsdPerGpuHour,
          clearingUsd,
        );
      }
      for (let r = 0; r < R; r++) {
        work += workPerHour[r]!;
        revenue += workPerHour[r]! * clearingUsd[r]!;
      }
      // Fixed pricing: exactly the fixed price (no rounding through the weighted mean).
      t.usdPerGpuHour = work <= 0 ? 0 : auction ? revenue / work : p.pricing.usdPerGpuHour;
      if (work > 0) w.pricing.clientUsdPerGpuHour = t.usdPerGpuHour;
      t.capacity = capTotal;
      t.jobsServed = m.served;
      t.jobsDropped = m.dropped;
      // Inference plus batch work: utilisation, rewards and costs see both.
      t.workServed = m.served * p.demand.jobGpuHours + t.batchServed;
      t.queueWaitMeanH = m.served > 0 ? (m.waitSteps / m.served) * p.sim.stepHours : 0;
      t.latencyP50Ms = flowLatencyQuantile(flows, w.latencyMs, serviceMsByRegion, R, 0.5, scratch);
      t.latencyP95Ms = flowLatencyQuantile(flows, w.latencyMs, serviceMsByRegion, R, 0.95, scratch);
      t.latencyP95WithQueueMs = latencyQuantileWithQueue(0.95, servedByAge, stepMs, flowQ);
      t.sloMisses = sloMisses(
        flows,
        w.latencyMs,
        serviceMsByRegion,
        R,
        p.demand.sloLatencyMs,
        m.served,
        m.servedLate,
      );
      demand.cumServed += m.served;
      demand.cumDropped += m.dropped;
    },
  };
};
