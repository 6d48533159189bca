/**
 * Provider state as struct-of-arrays typed columns. A provider is an index into
 * these arrays; there are no per-provider objects. The store is allocated once at
 * its capacity; exited providers' slots go onto a free list and are reused by
 * entrants, so entry and exit never reallocate.
 */

/** Provider lifecycle status. */
export const Status = {
  /** Slot never used, or freed after exit. */
  Empty: 0,
  /** Joined; serving starts at `statusUntil`. */
  Onboarding: 1,
  Active: 2,
  /** Caught by verification; not serving until `statusUntil`. */
  Jailed: 3,
  /** Leaving; stake unbonds at `statusUntil`. */
  Exiting: 4,
  /**
   * Present but not serving, by its own choice (hardware off, stake kept): a
   * custom phase's "pause and re-enter later". Pays fixed and capital costs, no
   * power. No built-in phase pauses or resumes a provider.
   */
  Paused: 5,
} as const;
export type Status = (typeof Status)[keyof typeof Status];

/** How a provider treats the jobs it is given. */
export const Behaviour = {
  Honest: 0,
  /** Returns garbage for a fraction of its jobs to save power. */
  Cheater: 1,
  /** TEE-attested: cannot cheat, pays a throughput overhead. */
  Tee: 2,
} as const;
export type Behaviour = (typeof Behaviour)[keyof typeof Behaviour];

/** The provider columns. Units are in the names' TSDoc. */
export class ProviderStore {
  readonly capacity: number;
  /** Slots in use or ever used: indices `[0, highWater)` may hold a provider. */
  highWater = 0;
  /** Hardware class index (into the scenario's class list). */
  readonly hwClass: Uint8Array;
  /** Region index (into the scenario's region list). */
  readonly region: Uint8Array;
  readonly behaviour: Uint8Array;
  readonly status: Uint8Array;
  /** Step at which the current status ends (onboarding, jail, unbonding). */
  readonly statusUntil: Int32Array;
  /** Reference work served per hour at full load (reference GPU-hours per hour). */
  readonly throughput: Float64Array;
  /** Electricity price paid (USD/kWh). */
  readonly powerPrice: Float64Array;
  /** Power draw at full load (kW). */
  readonly loadKw: Float64Array;
  /** Power draw idle (kW). */
  readonly idleKw: Float64Array;
  /** Fixed cost: amortised capex plus opex (USD per hour). */
  readonly fixedUsdPerHour: Float64Array;
  /** Of the fixed cost, the amortised capex: spent already, not a cash cost (USD per hour). */
  readonly capexUsdPerHour: Float64Array;
  /** Purchase price of the hardware (USD). */
  readonly capexUsd: Float64Array;
  /** Step at which the hardware was bought (negative: before the run started). */
  readonly boughtStep: Int32Array;
  /** Loss-making epochs this provider tolerates before it exits (epochs). */
  readonly patience: Int16Array;
  /** Annual return this provider wants on what its hardware would sell for (per year). */
  readonly hurdleRate: Float64Array;
  /** Share of its jobs a cheater fakes (0 for honest and TEE providers). */
  readonly cheatFraction: Float64Array;
  /** Locked stake (tokens). */
  readonly stake: Float64Array;
  /** Liquid token wallet (tokens). */
  readonly tokens: Float64Array;
  /** Cumulative cash profit and loss (USD): fiat revenue and token sales minus costs. */
  readonly pnlUsd: Float64Array;
  /** Reference work served in the current epoch (GPU-hours). */
  readonly epochWork: Float64Array;
  /** Capacity offered in the current epoch (GPU-hours available). */
  readonly epochAvail: Float64Array;
  /** Costs in the current epoch (USD). */
  readonly epochCostUsd: Float64Array;
  /** Fiat revenue in the current epoch (USD). */
  readonly epochFiatUsd: Float64Array;
  /** Of the epoch's costs, amortised capex (USD). */
  readonly epochCapexUsd: Float64Array;
  /** Token rewards paid at the last epoch end (tokens). */
  readonly epochReward: Float64Array;
  /** Token rewards paid at the last epoch end, waiting for the sell policy (tokens). */
  readonly pendingSell: Float64Array;
  /** Trailing profit: exponential moving average of epoch profit (USD per epoch). */
  readonly trailingProfit: Float64Array;
  /** Consecutive epochs with trailing profit under the exit threshold. */
  readonly lossStreak: Int16Array;
  /** Times caught or flagged by verification (offences). */
  readonly offences: Int16Array;
  /**
   * Jobs a cheater has faked while active since it joined (jobs); kept only when
   * `providers.cheatStrategy` is "adaptive" (its detection estimate), else 0.
   */
  readonly fakedJobs: Float64Array;
  /**
   * Earliest step at which some provider's status timer (onboarding, jail,
   * unbonding) may run out: the lifecycle pass can skip the steps before it.
   */
  nextTimer = 0;
  private readonly freeList: Int32Array;
  private freeCount = 0;

  constructor(capacity: number) {
    this.capacity = capacity;
    this.hwClass = new Uint8Array(capacity);
    this.region = new Uint8Array(capacity);
    this.behaviour = new Uint8Array(capacity);
    this.status = new Uint8Array(capacity);
    this.statusUntil = new Int32Array(capacity);
    this.throughput = new Float64Array(capacity);
    this.powerPrice = new Float64Array(capacity);
    this.loadKw = new Float64Array(capacity);
    this.idleKw = new Float64Array(capacity);
    this.fixedUsdPerHour = new Float64Array(capacity);
    this.capexUsdPerHour = new Float64Array(capacity);
    this.capexUsd = new Float64Array(capacity);
    this.boughtStep = new Int32Array(capacity);
    this.patience = new Int16Array(capacity);
    this.hurdleRate = new Float64Array(capacity);
    this.cheatFraction = new Float64Array(capacity);
    this.stake = new Float64Array(capacity);
    this.tokens = new Float64Array(capacity);
    this.pnlUsd = new Float64Array(capacity);
    this.epochWork = new Float64Array(capacity);
    this.epochAvail = new Float64Array(capacity);
    this.epochCostUsd = new Float64Array(capacity);
    this.epochFiatUsd = new Float64Array(capacity);
    this.epochCapexUsd = new Float64Array(capacity);
    this.epochReward = new Float64Array(capacity);
    this.pendingSell = new Float64Array(capacity);
    this.trailingProfit = new Float64Array(capacity);
    this.lossStreak = new Int16Array(capacity);
    this.offences = new Int16Array(capacity);
    this.fakedJobs = new Float64Array(capacity);
    this.freeList = new Int32Array(capacity);
  }

  /**
   * Takes a slot for a new provider and resets its per-provider accumulators.
   * Freed slots are reused lowest-freed-last (a stack), deterministically.
   * Returns -1 when the store is full.
   */
  allocate(): number {
    let i: number;
    if (this.freeCount > 0) i = this.freeList[--this.freeCount]!;
    else if (this.highWater < this.capacity) i = this.highWater++;
    else return -1;
    this.stake[i] = 0;
    this.tokens[i] = 0;
    this.pnlUsd[i] = 0;
    this.epochWork[i] = 0;
    this.epochAvail[i] = 0;
    this.epochCostUsd[i] = 0;
    this.epochFiatUsd[i] = 0;
    this.epochCapexUsd[i] = 0;
    this.epochReward[i] = 0;
    this.pendingSell[i] = 0;
    this.trailingProfit[i] = 0;
    this.lossStreak[i] = 0;
    this.offences[i] = 0;
    this.fakedJobs[i] = 0;
    this.cheatFraction[i] = 0;
    return i;
  }

  /** Puts provider i in a timed status (onboarding, jailed, exiting) until step `until`. */
  setTimedStatus(i: number, status: Status, until: number): void {
    this.status[i] = status;
    this.statusUntil[i] = until;
    if (until < this.nextTimer) this.nextTimer = until;
  }

  /** Returns a slot to the free list. Its token balances must already be zero. */
  release(i: number): void {
    this.status[i] = Status.Empty;
    this.freeList[this.freeCount++] = i;
  }

  /** Number of providers in the given status (a pass over the used slots). */
  countStatus(status: Status): number {
    let n = 0;
    for (let i = 0; i < this.highWater; i++) if (this.status[i] === status) n++;
    return n;
  }
}
