import { enterProviders, exitDecisions } from "../mechanisms/churn.ts";
import { burstStep, demandArrivals } from "../mechanisms/demand.ts";
import { emissionPolicies } from "../mechanisms/emission.ts";
import { advanceLifecycle, type LifecycleResult } from "../mechanisms/lifecycle.ts";
import { noiseTrade, sellProviderRewards } from "../mechanisms/market.ts";
import { flowLatencyQuantile, matchJobs } from "../mechanisms/matching.ts";
import {
  payRewards,
  type RewardResult,
  type SettlementResult,
  settleBurn,
} from "../mechanisms/settlement.ts";
import { type VerificationResult, verify } from "../mechanisms/verification.ts";
import { quantiles } from "../metrics/quantiles.ts";
import { Registry } from "../registry.ts";
import type { World } from "../state/world.ts";

/** One named phase of a step. Phases run in order; each reads and writes the world. */
export interface Phase {
  readonly name: string;
  run(w: World): void;
}

/** Creates a phase for one run (a phase may keep scratch buffers in its closure). */
export type PhaseFactory = (w: World) => Phase;

/** The default step pipeline, by phase name. */
export const DEFAULT_PHASES: readonly string[] = [
  "demand",
  "matching",
  "service",
  "verification",
  "settlement",
  "market",
  "providerEconomics",
];

/** Built-in phases by name. Scenarios may reorder them, replace them or add their own. */
export const phaseRegistry = new Registry<PhaseFactory>("phase");

phaseRegistry.register("demand", (w) => {
  const arrivals = new Float64Array(w.nRegions);
  const p = w.params;
  const shareSum = w.regionNames.reduce((a, r) => a + p.regions[r]!.demandShare, 0);
  const T = p.demand.queueTimeoutSteps;
  return {
    name: "demand",
    run(w) {
      const burst = burstStep(p.demand, w.burstStepsLeft, w.rng.demand);
      w.burstStepsLeft = burst.stepsLeft;
      const utcHour = (w.step * p.sim.stepHours) % 24;
      demandArrivals(p, w.regionNames, shareSum, utcHour, burst.multiplier, w.rng.demand, arrivals);
      let total = 0;
      for (let c = 0; c < w.nRegions; c++) {
        w.queue[c * T]! += arrivals[c]!;
        total += arrivals[c]!;
      }
      w.totals.jobsArrived = total;
      w.cumArrived += total;
    },
  };
});

phaseRegistry.register("matching", (w) => {
  const p = w.params;
  const R = w.nRegions;
  const capacityJobs = new Float64Array(R);
  const scratch = {
    value: new Float64Array(R * R),
    weight: new Float64Array(R * R),
    order: new Int32Array(R * R),
  };
  const jobsPerWork = 1 / p.demand.jobGpuHours;
  return {
    name: "matching",
    run(w) {
      const roster = w.roster;
      let capTotal = 0;
      for (let r = 0; r < R; r++) {
        const cap = roster.capacity[r]!;
        capTotal += cap;
        w.serviceMsByRegion[r] = cap > 0 ? roster.serviceWeighted[r]! / cap : 0;
        capacityJobs[r] = Math.floor(cap * p.sim.stepHours * jobsPerWork);
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
        w.queue,
        w.flows,
      );
      for (let r = 0; r < R; r++) {
        const cap = roster.capacity[r]! * p.sim.stepHours;
        let servedJobs = 0;
        for (let c = 0; c < R; c++) servedJobs += w.flows[c * R + r]!;
        const util = cap > 0 ? Math.min(1, (servedJobs * p.demand.jobGpuHours) / cap) : 0;
        w.utilByRegion[r] = util;
        w.epochUtilSum[r]! += util;
      }
      roster.advanceUtil(w.utilByRegion);
      const t = w.totals;
      t.capacity = capTotal;
      t.jobsServed = m.served;
      t.jobsDropped = m.dropped;
      t.workServed = m.served * p.demand.jobGpuHours;
      t.queueWaitMeanH = m.served > 0 ? (m.waitSteps / m.served) * p.sim.stepHours : 0;
      t.latencyP50Ms = flowLatencyQuantile(
        w.flows,
        w.latencyMs,
        w.serviceMsByRegion,
        R,
        0.5,
        scratch,
      );
      t.latencyP95Ms = flowLatencyQuantile(
        w.flows,
        w.latencyMs,
        w.serviceMsByRegion,
        R,
        0.95,
        scratch,
      );
      w.cumServed += m.served;
      w.cumDropped += m.dropped;
    },
  };
});

phaseRegistry.register("service", (w) => {
  const p = w.params;
  const fiatPerWork = p.pricing.usdPerGpuHour * p.pricing.providerFiatShare;
  return {
    name: "service",
    run(w) {
      // Each provider's own columns are settled lazily (Roster.accrue); this phase
      // books the network's totals for the step from the roster's aggregates.
      w.totals.providerCostUsd = w.roster.costPerStep(w.utilByRegion);
      w.totals.providerFiatUsd = w.totals.workServed * fiatPerWork;
    },
  };
});

phaseRegistry.register("verification", (w) => {
  const p = w.params;
  const out: VerificationResult = {
    jobsSampled: 0,
    cheatersCaught: 0,
    falseFlags: 0,
    badResults: 0,
    slashed: 0,
  };
  const jobsPerWorkStep = p.sim.stepHours / p.demand.jobGpuHours;
  return {
    name: "verification",
    run(w) {
      const t = w.totals;
      verify(
        p.verification,
        w.roster,
        w.ledger,
        w.utilByRegion,
        jobsPerWorkStep,
        t.jobsServed,
        w.step,
        w.rng.verification,
        out,
      );
      t.jobsSampled = out.jobsSampled;
      t.cheatersCaught = out.cheatersCaught;
      t.falseFlags = out.falseFlags;
      t.badResults = out.badResults;
      t.slashed = out.slashed;
      t.verificationCostUsd = out.jobsSampled * p.demand.jobGpuHours * p.pricing.usdPerGpuHour;
    },
  };
});

phaseRegistry.register("settlement", (w) => {
  const p = w.params;
  const policy = emissionPolicies.get(p.emission.policy);
  const out: SettlementResult = {
    revenueUsd: 0,
    feeUsd: 0,
    providerFiatUsd: 0,
    verificationCostUsd: 0,
    burnUsd: 0,
    burned: 0,
    treasuryUsd: 0,
  };
  const rewards: RewardResult = { perWork: 0, perAvail: 0, toProviders: 0, toFoundation: 0 };
  const ctx = { epoch: 0, burnHistory: w.burnHistory, burnHistoryFilled: 0, epochBurned: 0 };
  return {
    name: "settlement",
    run(w) {
      const t = w.totals;
      settleBurn(p.pricing, t.workServed, t.verificationCostUsd, w.treasuryUsd, w.amm, out);
      w.treasuryUsd = out.treasuryUsd;
      t.revenueUsd = out.revenueUsd;
      t.feeUsd = out.feeUsd;
      t.burnUsd = out.burnUsd;
      t.burned += out.burned;
      w.epochBurned += out.burned;
      if (!w.isEpochEnd) return;
      const e = w.epochsCompleted;
      w.burnHistory[e % w.burnHistory.length] = w.epochBurned;
      ctx.epoch = e;
      ctx.burnHistoryFilled = Math.min(e + 1, w.burnHistory.length);
      ctx.epochBurned = w.epochBurned;
      const emission = policy.tokensForEpoch(p.emission, ctx);
      w.roster.accrueAll();
      payRewards(emission, p.emission, p.economics.sellShare, w.providers, w.ledger, rewards);
      t.minted += rewards.toProviders + rewards.toFoundation;
      w.lastEmission = rewards.toProviders + rewards.toFoundation;
      w.rewardPerWork = rewards.perWork;
      w.rewardPerAvail = rewards.perAvail;
      w.sellPending = rewards.toProviders > 0;
      w.epochBurned = 0;
    },
  };
});

phaseRegistry.register("market", (w) => {
  const p = w.params;
  return {
    name: "market",
    run(w) {
      if (w.sellPending) {
        const sold = sellProviderRewards(w.providers, w.ledger, w.amm);
        w.totals.providerSoldTokens += sold.tokens;
        w.sellPending = false;
      }
      noiseTrade(p.market.noiseTradeShare, w.amm, w.ledger, w.rng.market);
    },
  };
});

phaseRegistry.register("providerEconomics", (w) => {
  const p = w.params;
  const lifecycle: LifecycleResult = { activated: 0, released: 0, exitSoldTokens: 0 };
  const profits = new Float64Array(w.providers.capacity);
  const exitResult = { exits: 0 };
  const epochHours = p.sim.epochSteps * p.sim.stepHours;
  const meanUtil = new Float64Array(w.nRegions);
  return {
    name: "providerEconomics",
    run(w) {
      advanceLifecycle(w.roster, w.ledger, w.amm, w.step, p.staking.minStakeTokens, lifecycle);
      w.totals.providerSoldTokens += lifecycle.exitSoldTokens;
      if (!w.isEpochEnd) return;
      const price = w.amm.price;
      w.roster.accrueAll();
      const n = exitDecisions(
        p.economics,
        w.roster,
        price,
        epochHours,
        w.step,
        w.epochsCompleted === 0,
        profits,
        exitResult,
      );
      w.totals.exits = exitResult.exits;
      const q = quantiles(profits.subarray(0, n), [0.1, 0.5, 0.9]);
      w.profitP10 = q[0]!;
      w.profitP50 = q[1]!;
      w.profitP90 = q[2]!;
      for (let r = 0; r < w.nRegions; r++) {
        meanUtil[r] = w.epochUtilSum[r]! / p.sim.epochSteps;
        w.epochUtilSum[r] = 0;
      }
      w.totals.entrants = enterProviders(
        p,
        w.classNames,
        w.regionNames,
        w.roster,
        w.ledger,
        w.amm,
        {
          price,
          rewardPerWork: w.rewardPerWork,
          rewardPerAvail: w.rewardPerAvail,
          fiatPerWork: p.pricing.usdPerGpuHour * p.pricing.providerFiatShare,
          utilByRegion: meanUtil,
        },
        w.step,
        w.rng.entry,
      );
      w.epochsCompleted++;
    },
  };
});
