import type { CreditBook } from "../mechanisms/credits.ts";
import type { NetworkParams } from "../params/network.ts";
import type { Rng } from "../rng/source.ts";
import { componentRng } from "../rng/source.ts";
import { Amm } from "./amm.ts";
import { Ledger } from "./ledger.ts";
import { ProviderStore } from "./providers.ts";
import { Roster } from "./roster.ts";

/** Totals of the current step, reset at its start (units in each field's TSDoc). */
export class StepTotals {
  /** Jobs that arrived this step (jobs). */
  jobsArrived = 0;
  /** Jobs served this step (jobs). */
  jobsServed = 0;
  /** Jobs dropped this step after waiting `queueTimeoutSteps` (jobs). */
  jobsDropped = 0;
  /** Reference work served (GPU-hours). */
  workServed = 0;
  /** Capacity of active providers (reference GPU-hours per hour). */
  capacity = 0;
  /** Median and 95th-percentile latency of served jobs: network plus service (ms). */
  latencyP50Ms = 0;
  latencyP95Ms = 0;
  /** Mean queueing delay of jobs served this step (hours). */
  queueWaitMeanH = 0;
  /** Client payments (USD). */
  revenueUsd = 0;
  /** Protocol fee kept (USD). */
  feeUsd = 0;
  /** USD spent buying tokens to burn (USD). */
  burnUsd = 0;
  /** Fiat paid straight to providers (USD). */
  providerFiatUsd = 0;
  /** Cost of verification re-runs (USD). */
  verificationCostUsd = 0;
  minted = 0;
  burned = 0;
  slashed = 0;
  /** Jobs re-run by verification (jobs). */
  jobsSampled = 0;
  /** Cheaters caught (providers). */
  cheatersCaught = 0;
  /** Honest providers wrongly flagged (providers). */
  falseFlags = 0;
  /** Faked results delivered to clients and not caught (jobs, expected). */
  badResults = 0;
  /** Providers that joined and that left (providers). */
  entrants = 0;
  exits = 0;
  /** Of the stake slashed, tokens burned (tokens). */
  slashBurned = 0;
  /** Providers ejected for good by verification (providers). */
  ejected = 0;
  /** 95th-percentile latency of served jobs with their queue wait included (ms). */
  latencyP95WithQueueMs = 0;
  /** Served jobs that missed the latency SLO (jobs; see `sloMisses`). */
  sloMisses = 0;
  /** Work-weighted mean USD price per GPU-hour clients paid (USD per GPU-hour). */
  usdPerGpuHour = 0;
  /** Base-policy emission and net-emission re-mint at this step's epoch end (tokens). */
  baseEmission = 0;
  netEmission = 0;
  /** USD credits minted by tenants (USD) and tokens minted to redeem credits (tokens). */
  creditsMintedUsd = 0;
  creditRedeemMinted = 0;
  /** Batch work that arrived, was served, and missed its deadline (reference GPU-hours). */
  batchArrived = 0;
  batchServed = 0;
  batchMissed = 0;
  /** Tokens providers sold and USD they got (tokens, USD). */
  providerSoldTokens = 0;
  /** Provider energy and fixed costs this step (USD). */
  providerCostUsd = 0;
  /** Tokens the foundation sold (tokens). */
  foundationSoldTokens = 0;
  /** Treasury spending this step (USD). */
  treasurySpentUsd = 0;

  /** Sets every total to 0. */
  reset(): void {
    zeroTotals(this);
  }
}

/**
 * Zeroes every field of a {@link StepTotals}: a function of plain stores, one per
 * field, generated once from a fresh instance's fields (so a new field is never
 * missed), run every step without per-field lookups.
 */
const zeroTotals = new Function(
  "t",
  Object.keys(new StepTotals())
    .map((k) => `t.${k} = 0;`)
    .join("\n"),
) as (t: StepTotals) => void;

/** Named random streams, one per mechanism (see `deriveSeed`). */
export interface WorldRngs {
  genesis: Rng;
  demand: Rng;
  matching: Rng;
  verification: Rng;
  market: Rng;
  entry: Rng;
  /** The external reference market (`market.externalMarket`). */
  external: Rng;
  /** Training/batch job arrivals (`batch.enabled`). */
  batch: Rng;
  [component: string]: Rng;
}

/**
 * The whole simulated world: parameters resolved into arrays, provider columns,
 * the ledger and the AMM, the job queues, and the current step's totals.
 * Mechanisms read and write it through the phases.
 */
export class World {
  readonly classNames: readonly string[];
  readonly regionNames: readonly string[];
  readonly nClasses: number;
  readonly nRegions: number;
  readonly providers: ProviderStore;
  /** Aggregates over providers and lazy accrual (see {@link Roster}). */
  readonly roster: Roster;
  readonly ledger: Ledger;
  readonly amm: Amm;
  readonly rng: WorldRngs;
  readonly totals = new StepTotals();
  /** The step being simulated (0-based). */
  step = 0;
  /** Network latency from client region c to provider region r, at `[c * R + r]` (ms). */
  readonly latencyMs: Float64Array;
  /** For client region c, provider regions by increasing latency, at `[c * R + k]`. */
  readonly nearest: Int32Array;
  /** Queued jobs by client region and age in steps, at `[c * timeout + age]` (jobs). */
  readonly queue: Float64Array;
  /** Capacity-weighted mean service latency per provider region (ms), set by matching. */
  readonly serviceMsByRegion: Float64Array;
  /** Share of capacity used this step, per provider region (fraction). */
  readonly utilByRegion: Float64Array;
  /** Sum of utilisation over the steps of this epoch, per region (for entry decisions). */
  readonly epochUtilSum: Float64Array;
  /** Jobs served this step from client region c by provider region r, at `[c * R + r]`. */
  readonly flows: Float64Array;
  /** Demand-burst regime: steps left in the current burst (0 = calm). */
  burstStepsLeft = 0;
  /** Cumulative job counts (jobs), for the job-conservation invariant. */
  cumArrived = 0;
  cumServed = 0;
  cumDropped = 0;
  /** Tokens burned in each of the last epochs (ring buffer) and in this epoch. */
  readonly burnHistory: Float64Array;
  epochBurned = 0;
  epochsCompleted = 0;
  /** Last epoch's rewards per unit of work and of availability (tokens per GPU-hour). */
  rewardPerWork = 0;
  rewardPerAvail = 0;
  /** Credits and held USD redeemed at the last epoch end per GPU-hour served (USD per GPU-hour). */
  creditUsdPerWork = 0;
  /** Emission minted at the last epoch end (tokens). */
  lastEmission = 0;
  /** Trailing provider profit quantiles at the last epoch end (USD per hour). */
  profitP10 = 0;
  profitP50 = 0;
  profitP90 = 0;
  /** Treasury USD balance: protocol fees minus verification costs paid (USD). */
  treasuryUsd = 0;
  /** Whether rewards paid at the last epoch end still wait for the market phase to sell them. */
  sellPending = false;
  /** Hawkes burst activity E (events, decaying; see `hawkesStep`). */
  hawkesActivity = 0;
  /** Quality-churn demand multiplier (fraction of clients still using the network). */
  demandQuality = 1;
  /** Clearing price per provider region (USD per GPU-hour): the fixed price, or the auction's. */
  readonly clearingUsd: Float64Array;
  /** Work-weighted mean clearing price of the last step that served work (USD per GPU-hour). */
  clientUsdPerGpuHour: number;
  /** Entry share per hardware class (fractions; changed by a hardware-generation shock). */
  readonly classShare: Float64Array;
  /** Multiplier on each region's electricity price (changed by a power-price shock). */
  readonly powerFactor: Float64Array;
  /** External reference price (USD/token), when `market.externalMarket` is on. */
  externalPrice: number;
  /** Spot prices of the last `traderLookbackSteps` steps (ring) and their sum (USD/token). */
  readonly priceRing: Float64Array;
  priceRingSum = 0;
  /** Price when the current crash started (USD/token). */
  crashStartPrice = 0;
  /** AEP-76 credits: tenants' prepaid runway, providers' earnings this epoch, USD paid while halted. */
  readonly credits: CreditBook = { tenantUsd: 0, earnedUsd: 0, heldUsd: 0, spendPerStepUsd: 0 };
  /** AEP-76 collateral ratio (ratio) and circuit-breaker state (0 healthy, 1 warning, 2 halted). */
  collateralRatio = Number.POSITIVE_INFINITY;
  creditStatus = 0;
  /** Batch work queued by age in steps (reference GPU-hours), `[age]`. */
  readonly batchQueue: Float64Array;
  /** Cumulative batch work (GPU-hours) arrived, served and missed, for the batch-conservation invariant. */
  cumBatchArrived = 0;
  cumBatchServed = 0;
  cumBatchMissed = 0;
  /** Smoothed burn that net emissions re-mint, capped (tokens per epoch; see `netEmission`). */
  netEmissionTarget = 0;
  /** Base emission minted so far (tokens), for `emission.maxSupplyTokens`. */
  baseMintedSoFar = 0;
  /** Death-spiral detector output at the last step: legs active (0-3) and a confirmed spiral (0/1). */
  spiralLegs = 0;
  spiralActive = 0;

  constructor(
    readonly params: NetworkParams,
    readonly seed: number,
    readonly runIndex: number,
  ) {
    this.classNames = Object.keys(params.hardware);
    this.regionNames = Object.keys(params.regions);
    this.nClasses = this.classNames.length;
    this.nRegions = this.regionNames.length;
    const R = this.nRegions;
    this.providers = new ProviderStore(params.providers.maxTotal);
    this.ledger = new Ledger(this.providers);
    this.rng = {
      genesis: componentRng(seed, runIndex, "genesis"),
      demand: componentRng(seed, runIndex, "demand"),
      matching: componentRng(seed, runIndex, "matching"),
      verification: componentRng(seed, runIndex, "verification"),
      market: componentRng(seed, runIndex, "market"),
      entry: componentRng(seed, runIndex, "entry"),
      external: componentRng(seed, runIndex, "external"),
      batch: componentRng(seed, runIndex, "batch"),
    };
    this.latencyMs = new Float64Array(R * R);
    this.nearest = new Int32Array(R * R);
    this.regionNames.forEach((c, ci) => {
      const row = params.regions[c]!.latencyMs;
      this.regionNames.forEach((r, ri) => {
        this.latencyMs[ci * R + ri] = row[r] ?? Number.POSITIVE_INFINITY;
      });
      const order = this.regionNames
        .map((_, ri) => ri)
        .sort((a, b) => this.latencyMs[ci * R + a]! - this.latencyMs[ci * R + b]! || a - b);
      order.forEach((ri, k) => {
        this.nearest[ci * R + k] = ri;
      });
    });
    this.queue = new Float64Array(R * params.demand.queueTimeoutSteps);
    this.serviceMsByRegion = new Float64Array(R);
    this.utilByRegion = new Float64Array(R);
    this.epochUtilSum = new Float64Array(R);
    this.flows = new Float64Array(R * R);
    this.burnHistory = new Float64Array(params.emission.smoothingEpochs);
    this.clearingUsd = new Float64Array(R).fill(params.pricing.usdPerGpuHour);
    this.classShare = Float64Array.from(this.classNames, (c) => params.hardware[c]!.share);
    this.powerFactor = new Float64Array(R).fill(1);
    this.externalPrice = params.market.initialPriceUsd;
    this.clientUsdPerGpuHour = params.pricing.usdPerGpuHour;
    this.batchQueue = new Float64Array(params.batch.deadlineSteps);
    this.priceRing = new Float64Array(params.market.traderLookbackSteps).fill(
      params.market.initialPriceUsd,
    );
    this.priceRingSum = params.market.initialPriceUsd * params.market.traderLookbackSteps;
    this.roster = new Roster(
      this.providers,
      R,
      this.nClasses,
      Float64Array.from(this.classNames, (c) => params.hardware[c]!.serviceLatencyMs),
      params.sim.stepHours,
      // Per GPU-hour worked: the fiat share of the client work, and the client price
      // for the re-runs (sampleRate re-run GPU-hours per client GPU-hour).
      (params.pricing.usdPerGpuHour *
        (params.pricing.providerFiatShare + params.verification.sampleRate)) /
        (1 + params.verification.sampleRate),
    );
    this.amm = new Amm(this.ledger, params.market.ammUsdDepth, params.market.feeRate);
  }

  /** Whether the current step is the last of an epoch. */
  /**
   * The random stream of a named component, for a custom phase's own draws:
   * seeded from (seed, run index, component) like the built-in ones, created on
   * first use and the same object after, so that one phase's draws never shift
   * another's. The built-in components are the fields of {@link rng}.
   */
  stream(component: string): Rng {
    let r = this.rng[component];
    if (!r) {
      r = componentRng(this.seed, this.runIndex, component);
      this.rng[component] = r;
    }
    return r;
  }

  get isEpochEnd(): boolean {
    return (this.step + 1) % this.params.sim.epochSteps === 0;
  }

  /** Batch work waiting (reference GPU-hours). */
  get batchQueued(): number {
    let n = 0;
    for (let i = 0; i < this.batchQueue.length; i++) n += this.batchQueue[i]!;
    return n;
  }

  /** Jobs waiting in all queues (jobs). */
  get jobsQueued(): number {
    let n = 0;
    for (let i = 0; i < this.queue.length; i++) n += this.queue[i]!;
    return n;
  }
}
