import { BatchState } from "../mechanisms/batch.ts";
import { EconomicsState } from "../mechanisms/churn.ts";
import { CreditsState } from "../mechanisms/credits.ts";
import { DemandState } from "../mechanisms/demand.ts";
import { EmissionState } from "../mechanisms/emission.ts";
import { GovernanceState } from "../mechanisms/governance.ts";
import { MarketState } from "../mechanisms/market.ts";
import { MatchingState } from "../mechanisms/matching.ts";
import { PricingState } from "../mechanisms/pricing.ts";
import { ShocksState } from "../mechanisms/shocks.ts";
import { SpiralState } from "../mechanisms/spiral.ts";
import { VestingState } from "../mechanisms/vesting.ts";
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

/** The mechanisms' state groups in {@link World}, by field name (`w.demand`, `w.market`, ...). */
export const STATE_GROUPS = [
  "demand",
  "matching",
  "pricing",
  "batch",
  "emission",
  "market",
  "credits",
  "shocks",
  "economics",
  "spiral",
  "vesting",
  "governance",
] as const;

/**
 * The whole simulated world: parameters resolved into arrays, provider columns,
 * the ledger and the AMM, the clock and the current step's totals (the core), and
 * one state object per mechanism (`demand`, `matching`, `pricing`, `batch`,
 * `emission`, `market`, `credits`, `shocks`, `economics`, `spiral`, `vesting`, `governance`), each declared
 * in its mechanism's module under `engine/mechanisms/`. Mechanisms read and write
 * it through the phases.
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
  /** Epochs completed so far: the step loop counts one after an epoch's last step. */
  epochsCompleted = 0;
  /** Demand: job queues, burst state, quality churn, cumulative job counts. */
  readonly demand: DemandState;
  /** Matching: flows, service latency and utilisation per region. */
  readonly matching: MatchingState;
  /** Pricing: clearing prices per region and the client price. */
  readonly pricing: PricingState;
  /** Batch jobs: the batch queue and cumulative batch work. */
  readonly batch: BatchState;
  /** Emission: burn history, net-emission target, last emission and rewards. */
  readonly emission: EmissionState;
  /** Token market: treasury USD, pending sales, external price, price ring. */
  readonly market: MarketState;
  /** USD credits (AEP-76): the credit book, collateral ratio, circuit breaker. */
  readonly credits: CreditsState;
  /** Scheduled shocks: entry shares per class, power factors, crash start price. */
  readonly shocks: ShocksState;
  /** Provider economics: profit quantiles at the last epoch end. */
  readonly economics: EconomicsState;
  /** Death-spiral detector output at the last step. */
  readonly spiral: SpiralState;
  /** Vesting: allocation buckets, locked and unlocked, holders' planned sales. */
  readonly vesting: VestingState;
  /** Governance: changes applied, the price rule's state. */
  readonly governance: GovernanceState;

  /**
   * The run's parameters. With `governance.enabled` the world holds its own copy,
   * which the `governance` phase changes during the run (the caller's object,
   * which the summary reports, keeps the values the run started with).
   */
  readonly params: NetworkParams;

  constructor(
    params: NetworkParams,
    readonly seed: number,
    readonly runIndex: number,
  ) {
    this.params = params.governance.enabled ? structuredClone(params) : params;
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
    this.demand = new DemandState(params);
    this.matching = new MatchingState(params);
    this.pricing = new PricingState(params);
    this.batch = new BatchState(params);
    this.emission = new EmissionState(params);
    this.market = new MarketState(params);
    this.credits = new CreditsState();
    this.shocks = new ShocksState(params);
    this.economics = new EconomicsState();
    this.spiral = new SpiralState();
    this.vesting = new VestingState(params);
    this.governance = new GovernanceState(params);
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

  /** Whether the current step is the last of an epoch. */
  get isEpochEnd(): boolean {
    return (this.step + 1) % this.params.sim.epochSteps === 0;
  }
}
