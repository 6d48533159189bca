import { type BatchResult, serveBatch } from "../mechanisms/batch.ts";
import { enterProviders, exitDecisions } from "../mechanisms/churn.ts";
import {
  CreditStatus,
  circuitBreaker,
  collateralRatio,
  type RedeemResult,
  redeemCredits,
  spendCredits,
} from "../mechanisms/credits.ts";
import {
  burstStep,
  demandArrivals,
  demandTrendFactor,
  hawkesStep,
  updateQuality,
} from "../mechanisms/demand.ts";
import { baseEmission, type EmissionContext, netEmission } from "../mechanisms/emission.ts";
import { advanceLifecycle, type LifecycleResult } from "../mechanisms/lifecycle.ts";
import {
  noiseTrade,
  sellFoundationShare,
  sellProviderRewards,
  spendTreasury,
} from "../mechanisms/market.ts";
import {
  flowLatencyQuantile,
  latencyQuantileWithQueue,
  matchJobs,
  sloMisses,
} from "../mechanisms/matching.ts";
import { classAskUsd, clearAuction } from "../mechanisms/pricing.ts";
import {
  payRewards,
  type RewardResult,
  type SettlementResult,
  settleBurn,
} from "../mechanisms/settlement.ts";
import { hardwareGeneration, scaleRegionPower } from "../mechanisms/shocks.ts";
import {
  arbitrageToward,
  crashDump,
  speculatorOrderUsd,
  stepExternalPrice,
  traderTrade,
} from "../mechanisms/traders.ts";
import { emptyVerificationResult, verify } from "../mechanisms/verification.ts";
import { quantiles } from "../metrics/quantiles.ts";
import { Registry } from "../registry.ts";
import { poisson } from "../rng/distributions.ts";
import { Account } from "../state/ledger.ts";
import type { World } from "../state/world.ts";

/**
 * One named phase of a step. Phases run in order; each reads and writes the world.
 *
 * The contract: a phase moves tokens only through `w.ledger` (the supply and
 * balance invariants are checked after every step), counts what it does in
 * `w.totals` (reset before each step), draws random numbers only from a stream in
 * `w.rng` (its own component, for reproducibility), and does not advance the
 * clock: the step loop sets `w.step` and counts epochs (`w.epochsCompleted` goes
 * up after the last phase of an epoch's final step, whatever the pipeline).
 */
export interface Phase {
  readonly name: string;
  /**
   * Phases that must run before this one in a step when they are in the pipeline
   * (a pipeline that breaks this is an error when the run starts).
   */
  readonly after?: readonly string[];
  run(w: World): void;
  /** Called once after the run's last step (also when an invariant stopped it). */
  end?(w: World): void;
}

/** Creates a phase for one run (a phase may keep scratch buffers in its closure). */
export type PhaseFactory = (w: World) => Phase;

/**
 * A custom phase for a scenario's `phases` list: `create` is called once per run
 * with the run's world and returns the phase (it may keep scratch buffers in its
 * closure). Its `name` labels it in errors.
 */
export function definePhase(
  name: string,
  create: PhaseFactory,
): { readonly name: string; readonly create: PhaseFactory } {
  return { name, create };
}

/** The default step pipeline, by phase name. */
export const DEFAULT_PHASES: readonly string[] = [
  "shocks",
  "demand",
  "matching",
  "service",
  "verification",
  "clientChurn",
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
    after: ["shocks"],
    run(w) {
      let burstMultiplier: number;
      if (p.demand.burstMode === "hawkes") {
        const h = hawkesStep(p.demand, w.hawkesActivity, w.rng.demand);
        w.hawkesActivity = h.activity;
        // The demandBurst column reads burstStepsLeft: flag steps with a strong excitation.
        w.burstStepsLeft = h.activity >= 0.5 ? 1 : 0;
        burstMultiplier = h.multiplier;
      } else {
        const burst = burstStep(p.demand, w.burstStepsLeft, w.rng.demand);
        w.burstStepsLeft = burst.stepsLeft;
        burstMultiplier = burst.multiplier;
      }
      const years = (w.step * p.sim.stepHours) / 8760;
      const multiplier =
        burstMultiplier *
        w.demandQuality *
        demandTrendFactor(p.demand, years, w.clientUsdPerGpuHour, p.pricing.usdPerGpuHour);
      const utcHour = (w.step * p.sim.stepHours) % 24;
      demandArrivals(p, w.regionNames, shareSum, utcHour, multiplier, w.rng.demand, arrivals);
      let total = 0;
      for (let c = 0; c < w.nRegions; c++) {
        w.queue[c * T]! += arrivals[c]!;
        total += arrivals[c]!;
      }
      w.totals.jobsArrived = total;
      w.cumArrived += total;
      if (p.batch.enabled) {
        const b = p.batch;
        const trend =
          w.demandQuality *
          demandTrendFactor(p.demand, years, w.clientUsdPerGpuHour, p.pricing.usdPerGpuHour);
        const work =
          poisson(w.rng.batch, (b.gpuHoursPerHour * p.sim.stepHours * trend) / b.jobGpuHours) *
          b.jobGpuHours;
        w.batchQueue[0]! += work;
        w.totals.batchArrived = work;
        w.cumBatchArrived += work;
      }
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
  // Each served job is re-run with probability sampleRate on the same region's
  // capacity: a job takes (1 + sampleRate) jobs' worth of GPU time.
  const rerunFactor = 1 + p.verification.sampleRate;
  const C = w.nClasses;
  const auction = p.pricing.mode === "auction";
  const asks = new Float64Array(R * C);
  const askOrder = new Int32Array(R * C);
  const workPerHour = new Float64Array(R);
  const refreshAsks = () => {
    for (let r = 0; r < R; r++) {
      const power = p.regions[w.regionNames[r]!]!.powerUsdPerKwh * w.powerFactor[r]!;
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
    flowLatencyQuantile(w.flows, w.latencyMs, w.serviceMsByRegion, R, f, scratch);
  const batchOn = p.batch.enabled;
  const batchEligible = w.classNames.map((c) => p.hardware[c]!.vramGb >= p.batch.minVramGb);
  const batchEligibleCap = new Float64Array(R);
  const batchOffered = new Float64Array(R);
  const batchOut: BatchResult = { served: 0, missed: 0 };
  return {
    name: "matching",
    after: ["demand"],
    run(w) {
      const roster = w.roster;
      let capTotal = 0;
      for (let r = 0; r < R; r++) {
        const cap = roster.capacity[r]!;
        capTotal += cap;
        w.serviceMsByRegion[r] = cap > 0 ? roster.serviceWeighted[r]! / cap : 0;
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
        w.queue,
        w.flows,
        servedByAge,
      );
      for (let r = 0; r < R; r++) {
        const cap = roster.capacity[r]! * p.sim.stepHours;
        let servedJobs = 0;
        for (let c = 0; c < R; c++) servedJobs += w.flows[c * R + r]!;
        const util =
          cap > 0 ? Math.min(1, (servedJobs * p.demand.jobGpuHours * rerunFactor) / cap) : 0;
        w.utilByRegion[r] = util;
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
          w.batchQueue,
          batchEligibleCap,
          roster.capacity,
          w.utilByRegion,
          p.sim.stepHours,
          batchOffered,
          batchOut,
        );
        t.batchServed = batchOut.served;
        t.batchMissed = batchOut.missed;
        w.cumBatchServed += batchOut.served;
        w.cumBatchMissed += batchOut.missed;
      }
      for (let r = 0; r < R; r++) w.epochUtilSum[r]! += w.utilByRegion[r]!;
      roster.advanceUtil(w.utilByRegion);
      let revenue = 0;
      let work = 0;
      for (let r = 0; r < R; r++) {
        let servedJobs = 0;
        for (let c = 0; c < R; c++) servedJobs += w.flows[c * R + r]!;
        workPerHour[r] = (servedJobs * p.demand.jobGpuHours) / p.sim.stepHours;
      }
      if (auction) {
        // Asks depend on power prices only: recompute when a power shock moved them.
        let stamp = 0;
        for (let r = 0; r < R; r++) stamp += w.powerFactor[r]! * (r + 1);
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
          w.utilByRegion,
          p.pricing.auctionScarcityPremium,
          p.pricing.auctionMinUsdPerGpuHour,
          w.clearingUsd,
        );
      }
      for (let r = 0; r < R; r++) {
        work += workPerHour[r]!;
        revenue += workPerHour[r]! * w.clearingUsd[r]!;
      }
      // Fixed pricing: exactly the fixed price (no rounding through the weighted mean).
      t.usdPerGpuHour = work <= 0 ? 0 : auction ? revenue / work : p.pricing.usdPerGpuHour;
      if (work > 0) w.clientUsdPerGpuHour = t.usdPerGpuHour;
      t.capacity = capTotal;
      t.jobsServed = m.served;
      t.jobsDropped = m.dropped;
      // Inference plus batch work: utilisation, rewards and costs see both.
      t.workServed = m.served * p.demand.jobGpuHours + t.batchServed;
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
      t.latencyP95WithQueueMs = latencyQuantileWithQueue(0.95, servedByAge, stepMs, flowQ);
      t.sloMisses = sloMisses(
        w.flows,
        w.latencyMs,
        w.serviceMsByRegion,
        R,
        p.demand.sloLatencyMs,
        m.served,
        m.servedLate,
      );
      w.cumServed += m.served;
      w.cumDropped += m.dropped;
    },
  };
});

phaseRegistry.register("service", (w) => {
  const p = w.params;
  const price = p.pricing.usdPerGpuHour;
  const fiatPerWork = price * p.pricing.providerFiatShare;
  const rerunUsdPerWork = price * p.verification.sampleRate;
  return {
    name: "service",
    after: ["matching"],
    run(w) {
      // Each provider's own columns are settled lazily (Roster.accrue); this phase
      // books the network's totals for the step from the roster's aggregates.
      const t = w.totals;
      t.providerCostUsd = w.roster.costPerStep(w.utilByRegion);
      // The fiat share of client payments, and the re-runs of sampled inference jobs,
      // which the providers that run them are paid for at the client price.
      t.providerFiatUsd =
        t.workServed * fiatPerWork + (t.workServed - t.batchServed) * rerunUsdPerWork;
    },
  };
});

phaseRegistry.register("verification", (w) => {
  const p = w.params;
  const out = emptyVerificationResult();
  const rho = p.verification.sampleRate;
  // Client jobs per unit of utilisation: the rest of a provider's work is re-runs.
  const jobsPerWorkStep = p.sim.stepHours / p.demand.jobGpuHours / (1 + rho);
  const providerPays = p.verification.rerunCostPayer === "provider";
  // Of each GPU-hour a provider works, rho / (1 + rho) re-runs other providers'
  // sampled jobs. The re-run is paid at the client price: by the protocol, or
  // (rerunCostPayer "provider") by the sampled provider, which then bears that
  // much per GPU-hour it works.
  w.roster.extraCostPerWork = providerPays ? (rho / (1 + rho)) * p.pricing.usdPerGpuHour : 0;
  return {
    name: "verification",
    after: ["service"],
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
        p.economics.unbondingSteps,
        w.rng.verification,
        out,
      );
      t.jobsSampled = out.jobsSampled;
      t.cheatersCaught = out.cheatersCaught;
      t.falseFlags = out.falseFlags;
      t.badResults = out.badResults;
      t.slashed = out.slashed;
      t.slashBurned = out.slashBurned;
      t.ejected = out.ejected;
      // Expected re-run cost of the step's served jobs: the capacity matching set aside.
      t.verificationCostUsd = rho * t.jobsServed * p.demand.jobGpuHours * p.pricing.usdPerGpuHour;
    },
  };
});

phaseRegistry.register("clientChurn", (w) => {
  const d = w.params.demand;
  return {
    name: "clientChurn",
    after: ["matching"],
    run(w) {
      if (d.churnSensitivity <= 0) return;
      const t = w.totals;
      const handled = t.jobsServed + t.jobsDropped;
      const bad = t.jobsDropped + t.sloMisses + t.badResults;
      w.demandQuality = updateQuality(
        d,
        w.demandQuality,
        handled > 0 ? Math.min(1, bad / handled) : 0,
      );
    },
  };
});

phaseRegistry.register("settlement", (w) => {
  const p = w.params;
  const out: SettlementResult = {
    revenueUsd: 0,
    feeUsd: 0,
    providerFiatUsd: 0,
    verificationCostUsd: 0,
    burnUsd: 0,
    burned: 0,
    treasuryUsd: 0,
  };
  const rewards: RewardResult = {
    perWork: 0,
    perAvail: 0,
    perStake: 0,
    toProviders: 0,
    toFoundation: 0,
    toTreasury: 0,
    cappedOff: 0,
  };
  const redeemed: RedeemResult = {
    fromVault: 0,
    minted: 0,
    usdPaid: 0,
    usdPerWork: 0,
  };
  const ctx: EmissionContext = {
    epoch: 0,
    epochHours: p.sim.epochSteps * p.sim.stepHours,
    burnHistory: w.burnHistory,
    burnHistoryFilled: 0,
    epochBurned: 0,
    genesisSupply: w.ledger.genesis,
    baseMintedSoFar: 0,
  };
  const providerPays = p.verification.rerunCostPayer === "provider";
  const credits = p.credits;
  const runwaySteps = credits.runwayEpochs * p.sim.epochSteps;
  return {
    name: "settlement",
    after: ["service", "verification"],
    run(w) {
      const t = w.totals;
      const book = w.credits;
      if (credits.enabled) {
        w.collateralRatio = collateralRatio(
          w.ledger.accounts[Account.Vault]!,
          w.amm.price,
          book.tenantUsd + book.earnedUsd,
        );
        w.creditStatus = circuitBreaker(
          w.collateralRatio,
          credits.warnCollateralRatio,
          credits.haltCollateralRatio,
        );
      }
      const revenue =
        (t.workServed - t.batchServed) * t.usdPerGpuHour + t.batchServed * p.batch.usdPerGpuHour;
      settleBurn(
        p.pricing,
        revenue,
        providerPays ? 0 : t.verificationCostUsd,
        w.treasuryUsd,
        w.amm,
        credits.enabled ? "held" : "burn",
        out,
      );
      w.treasuryUsd = out.treasuryUsd;
      t.revenueUsd = out.revenueUsd;
      t.feeUsd = out.feeUsd;
      t.burnUsd = out.burnUsd;
      t.burned += out.burned;
      w.epochBurned += out.burned;
      if (credits.enabled) {
        t.creditsMintedUsd = spendCredits(
          book,
          out.burnUsd,
          w.creditStatus === CreditStatus.Halted,
          runwaySteps,
          1 / p.sim.epochSteps,
          w.amm,
        );
      }
      if (!w.isEpochEnd) return;
      w.roster.accrueAll();
      const price = w.amm.price;
      w.creditUsdPerWork = 0;
      if (
        credits.enabled &&
        (book.earnedUsd > 0 || book.heldUsd > 0) &&
        redeemCredits(book.earnedUsd, book.heldUsd, price, w.providers, w.ledger, redeemed)
      ) {
        t.minted += redeemed.minted;
        t.creditRedeemMinted = redeemed.minted;
        book.earnedUsd = 0;
        book.heldUsd = 0;
        w.creditUsdPerWork = redeemed.usdPerWork;
        w.sellPending = true;
      }
      const e = w.epochsCompleted;
      w.burnHistory[e % w.burnHistory.length] = w.epochBurned;
      ctx.epoch = e;
      ctx.burnHistoryFilled = Math.min(e + 1, w.burnHistory.length);
      ctx.epochBurned = w.epochBurned;
      ctx.baseMintedSoFar = w.baseMintedSoFar;
      const base = baseEmission(p.emission, ctx);
      const ne = netEmission(p.emission, w.netEmissionTarget, w.epochBurned);
      w.netEmissionTarget = ne.target;
      const net = ne.tokens;
      payRewards(
        base + net,
        p.emission,
        {
          policy: p.economics.sellPolicy,
          sellShare: p.economics.sellShare,
          walletSellShare: p.economics.walletSellShare,
          price,
        },
        w.providers,
        w.ledger,
        rewards,
      );
      const minted = rewards.toProviders + rewards.toFoundation + rewards.toTreasury;
      // Attribute what was actually minted to base and net in proportion.
      const scale = base + net > 0 ? minted / (base + net) : 0;
      t.baseEmission = base * scale;
      t.netEmission = net * scale;
      w.baseMintedSoFar += base * scale;
      t.minted += minted;
      w.lastEmission = minted;
      w.rewardPerWork = rewards.perWork;
      w.rewardPerAvail = rewards.perAvail;
      w.sellPending = w.sellPending || rewards.toProviders > 0;
      w.epochBurned = 0;
    },
  };
});

phaseRegistry.register("market", (w) => {
  const p = w.params;
  const m = p.market;
  const L = m.traderLookbackSteps;
  const speculators = m.momentumShare > 0 || m.meanReversionShare > 0;
  return {
    name: "market",
    after: ["settlement"],
    run(w) {
      if (w.sellPending) {
        const sold = sellProviderRewards(w.providers, w.ledger, w.amm);
        w.totals.providerSoldTokens += sold.tokens;
        w.sellPending = false;
      }
      if (w.isEpochEnd) {
        w.totals.foundationSoldTokens = sellFoundationShare(m.foundationSellShare, w.amm, w.ledger);
        const spent = spendTreasury(m.treasurySpendUsdPerEpoch, w.treasuryUsd, w.amm, w.ledger);
        w.treasuryUsd = spent.treasuryUsd;
        w.totals.treasurySpentUsd = spent.spentUsd;
      }
      noiseTrade(m.noiseTradeShare, w.amm, w.ledger, w.rng.market);
      const slot = w.step % L;
      if (speculators) {
        const price = w.amm.price;
        const usd = speculatorOrderUsd(
          m,
          w.amm.usdReserve,
          price,
          w.priceRing[slot]!,
          w.priceRingSum / L,
        );
        traderTrade(usd, w.amm, w.ledger);
      }
      if (m.externalMarket) {
        w.externalPrice = stepExternalPrice(w.externalPrice, m.externalVolPerStep, w.rng.external);
        arbitrageToward(w.externalPrice, m.arbitrageShare, w.amm, w.ledger);
      }
      const after = w.amm.price;
      w.priceRingSum += after - w.priceRing[slot]!;
      w.priceRing[slot] = after;
    },
  };
});

phaseRegistry.register("shocks", (w) => {
  const sh = w.params.shocks;
  return {
    name: "shocks",
    run(w) {
      const step = w.step;
      if (sh.crashStartStep >= 0 && step >= sh.crashStartStep) {
        const k = step - sh.crashStartStep + 1;
        if (k === 1) w.crashStartPrice = w.amm.price;
        if (k <= sh.crashSteps) {
          crashDump(w.crashStartPrice, sh.crashDrop, k, sh.crashSteps, w.amm, w.ledger);
          if (w.params.market.externalMarket) {
            w.externalPrice *= (1 - sh.crashDrop) ** (1 / sh.crashSteps);
          }
        }
      }
      if (step === sh.liquidityStep) w.amm.withdrawLiquidity(sh.liquidityWithdrawShare);
      if (sh.powerStartStep >= 0 && sh.powerRegion < w.nRegions) {
        if (step === sh.powerStartStep) {
          scaleRegionPower(w.roster, sh.powerRegion, sh.powerMultiplier);
          w.powerFactor[sh.powerRegion]! *= sh.powerMultiplier;
        } else if (step === sh.powerStartStep + sh.powerSteps) {
          scaleRegionPower(w.roster, sh.powerRegion, 1 / sh.powerMultiplier);
          w.powerFactor[sh.powerRegion]! /= sh.powerMultiplier;
        }
      }
      if (step === sh.hardwareGenStep && sh.hardwareGenClass < w.nClasses) {
        hardwareGeneration(w.classShare, sh.hardwareGenClass, sh.hardwareGenShare);
      }
    },
  };
});

phaseRegistry.register("providerEconomics", (w) => {
  const p = w.params;
  const lifecycle: LifecycleResult = {
    activated: 0,
    released: 0,
    quitAfterJail: 0,
    exitSoldTokens: 0,
  };
  const restake = {
    minStake: p.staking.minStakeTokens,
    unbondingSteps: p.economics.unbondingSteps,
    epochHours: p.sim.epochSteps * p.sim.stepHours,
    jobsPerWorkHour: 1 / p.demand.jobGpuHours / (1 + p.verification.sampleRate),
    sampleRate: p.verification.sampleRate,
    falsePositiveRate: p.verification.falsePositiveRate,
    slashFraction: p.verification.slashFraction,
  };
  const profits = new Float64Array(w.providers.capacity);
  const exitResult = { exits: 0 };
  const epochHours = p.sim.epochSteps * p.sim.stepHours;
  const meanUtil = new Float64Array(w.nRegions);
  return {
    name: "providerEconomics",
    after: ["settlement"],
    run(w) {
      advanceLifecycle(w.roster, w.ledger, w.amm, w.step, restake, lifecycle);
      w.totals.providerSoldTokens += lifecycle.exitSoldTokens;
      w.totals.exits += lifecycle.quitAfterJail;
      if (!w.isEpochEnd) return;
      const price = w.amm.price;
      w.roster.accrueAll();
      const n = exitDecisions(
        p.economics,
        w.roster,
        price,
        epochHours,
        w.step,
        p.sim.stepHours,
        w.epochsCompleted === 0,
        profits,
        exitResult,
      );
      w.totals.exits += exitResult.exits;
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
          // Entry sees the same income as exit decisions: the fiat share and, on a
          // credits network, last epoch's credit redemptions per GPU-hour served.
          fiatPerWork: p.pricing.usdPerGpuHour * p.pricing.providerFiatShare + w.creditUsdPerWork,
          utilByRegion: meanUtil,
          classShare: w.classShare,
          powerFactor: w.powerFactor,
        },
        w.step,
        w.rng.entry,
      );
    },
  };
});
