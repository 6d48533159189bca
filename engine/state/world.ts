import type { RingsState } from "../mechanisms/agents/rings.ts";
import type { BatchState } from "../mechanisms/batch.ts";
import { BUILTIN_MECHANISMS } from "../mechanisms/builtins.ts";
import type { EconomicsState } from "../mechanisms/churn.ts";
import type { CreditsState } from "../mechanisms/credits.ts";
import type { DemandState } from "../mechanisms/demand.ts";
import type { EmissionState } from "../mechanisms/emission.ts";
import type { GovernanceState } from "../mechanisms/governance.ts";
import type { MarketState } from "../mechanisms/market.ts";
import type { MatchingState } from "../mechanisms/matching.ts";
import type { Mechanism } from "../mechanisms/mechanism.ts";
import type { OracleState } from "../mechanisms/oracle.ts";
import type { PricingState } from "../mechanisms/pricing.ts";
import type { ShocksState } from "../mechanisms/shocks.ts";
import type { SpiralState } from "../mechanisms/spiral.ts";
import type { SubsidiesState } from "../mechanisms/subsidies.ts";
import type { VestingState } from "../mechanisms/vesting.ts";
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

/**
 * Named random streams, one per component: each built-in mechanism declares its
 * own (`streams` in its module under `engine/mechanisms/builtin/`); the world
 * creates them from those declarations. The named fields type the built-in ones.
 */
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
 * The mechanisms' state groups in {@link World}, by field name (`w.demand`,
 * `w.market`, ...): the built-in mechanisms that declare a state, in their order.
 */
export const STATE_GROUPS: readonly string[] = BUILTIN_MECHANISMS.filter((m) => m.state).map(
  (m) => m.name,
);

/**
 * The whole simulated world: parameters resolved into arrays, provider columns,
 * the ledger and the AMM, the clock and the current step's totals (the core), and
 * one state object per mechanism (`demand`, `matching`, `pricing`, `batch`,
 * `emission`, `market`, `credits`, `shocks`, `economics`, `spiral`, `vesting`, `governance`),
 * created from the mechanisms' declarations (`engine/mechanisms/builtins.ts`; the
 * fields below type them), then a scenario's own mechanisms' states under their
 * names. Mechanisms read and write it through the phases.
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
  declare readonly demand: DemandState;
  /** Matching: flows, service latency and utilisation per region. */
  declare readonly matching: MatchingState;
  /** Pricing: clearing prices per region and the client price. */
  declare readonly pricing: PricingState;
  /** Batch jobs: the batch queue and cumulative batch work. */
  declare readonly batch: BatchState;
  /** Emission: burn history, net-emission target, last emission and rewards. */
  declare readonly emission: EmissionState;
  /** Token market: treasury USD, pending sales, external price, price ring. */
  declare readonly market: MarketState;
  /** USD credits (AEP-76): the credit book, collateral ratio, circuit breaker. */
  declare readonly credits: CreditsState;
  /** Scheduled shocks: entry shares per class, power factors, crash start price. */
  declare readonly shocks: ShocksState;
  /** Provider economics: profit quantiles at the last epoch end. */
  declare readonly economics: EconomicsState;
  /** Death-spiral detector output at the last step. */
  declare readonly spiral: SpiralState;
  /** Vesting: allocation buckets, locked and unlocked, holders' planned sales. */
  declare readonly vesting: VestingState;
  /** Governance: changes applied, the price rule's state. */
  declare readonly governance: GovernanceState;
  /** The lagged price oracle (`oracle.enabled`). */
  declare readonly oracle: OracleState;
  /** Treasury grants and provider subsidies (`subsidies.enabled`). */
  declare readonly subsidies: SubsidiesState;
  /** Coordinated cheating rings (`rings.share` > 0; `rings` undefined otherwise). */
  declare readonly rings: RingsState;

  /**
   * The run's parameters. With `governance.enabled` the world holds its own copy,
   * which the `governance` phase changes during the run (the caller's object,
   * which the summary reports, keeps the values the run started with).
   */
  readonly params: NetworkParams;

  /** The scenario's own mechanisms in this run, in order (see `defineMechanism`). */
  readonly userMechanisms: Mechanism[] = [];

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
    const rng: Record<string, Rng> = {};
    for (const m of BUILTIN_MECHANISMS)
      for (const component of m.streams ?? [])
        rng[component] = componentRng(seed, runIndex, component);
    this.rng = rng as WorldRngs;
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
    // Each built-in mechanism's state, from the parameters the run started with.
    const groups = this as unknown as Record<string, unknown>;
    for (const m of BUILTIN_MECHANISMS) if (m.state) groups[m.name] = m.state(params, this);
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
