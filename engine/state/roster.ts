import { Behaviour, type ProviderStore, Status } from "./providers.ts";

/**
 * Network-level aggregates of the provider columns, kept up to date on every
 * status change, and lazy per-provider accrual of work and costs.
 *
 * Per step, nothing loops over providers: matching reads capacity per region
 * from here, and the step's provider costs are `Σ_r (fixed_r + load_r · util_r)`
 * plus the idle costs of onboarding and jailed providers. Each region keeps the
 * cumulative sum of its utilisation; a provider's work and costs since its last
 * accrual follow from the change in that sum (they are linear in utilisation),
 * so each provider is settled only when its status changes and at epoch ends.
 * {@link recount} rebuilds every aggregate from the columns (the epoch audit).
 */
export class Roster {
  /** Capacity of active providers per region (reference GPU-hours per hour). */
  readonly capacity: Float64Array;
  /** Σ throughput × service latency of active providers per region (for the weighted mean). */
  readonly serviceWeighted: Float64Array;
  /** Σ over active providers per region of idle power cost + fixed cost (USD per hour). */
  readonly activeBaseUsdPerHour: Float64Array;
  /** Σ over active providers per region of the load-dependent power cost at full load (USD per hour). */
  readonly activeLoadUsdPerHour: Float64Array;
  /** Σ over onboarding and jailed providers of idle power + fixed cost (USD per hour). */
  waitingUsdPerHour = 0;
  /** Providers by status (indexed by Status). */
  readonly statusCounts = new Float64Array(6);
  /** Active providers per hardware class. */
  readonly activeByClass: Float64Array;
  /** Capacity of active providers per region and class, at `[r · nClasses + c]` (GPU-hours per hour). */
  readonly capacityByRegionClass: Float64Array;
  /** Cumulative utilisation per region: Σ over recorded steps of util_r (steps). */
  readonly cumUtil: Float64Array;
  /** Steps of utilisation recorded so far. */
  utilSteps = 0;
  /** Per provider: cumUtil of its region and utilSteps at its last accrual. */
  readonly utilMark: Float64Array;
  readonly stepMark: Int32Array;
  /** Slots of cheating providers (any status), dense; see {@link cheaterCount}. */
  readonly cheaters: Int32Array;
  cheaterCount = 0;
  private readonly cheaterPos: Int32Array;
  /**
   * Cost a provider bears per GPU-hour it serves besides power (USD per GPU-hour):
   * verification re-runs when `verification.rerunCostPayer` is "provider".
   */
  extraCostPerWork = 0;

  constructor(
    readonly s: ProviderStore,
    nRegions: number,
    nClasses: number,
    private readonly serviceMsByClass: Float64Array,
    /** Hours per step. */
    private readonly stepHours: number,
    /** Fiat paid to providers per GPU-hour served (USD). */
    private readonly fiatPerWork: number,
  ) {
    this.capacity = new Float64Array(nRegions);
    this.serviceWeighted = new Float64Array(nRegions);
    this.activeBaseUsdPerHour = new Float64Array(nRegions);
    this.activeLoadUsdPerHour = new Float64Array(nRegions);
    this.activeByClass = new Float64Array(nClasses);
    this.capacityByRegionClass = new Float64Array(nRegions * nClasses);
    this.cumUtil = new Float64Array(nRegions);
    this.utilMark = new Float64Array(s.capacity);
    this.stepMark = new Int32Array(s.capacity);
    this.cheaters = new Int32Array(s.capacity);
    this.cheaterPos = new Int32Array(s.capacity).fill(-1);
  }

  /** Records one step's utilisation per region (after matching). */
  advanceUtil(util: Float64Array): void {
    for (let r = 0; r < util.length; r++) this.cumUtil[r]! += util[r]!;
    this.utilSteps++;
  }

  /**
   * Settles provider i's work, availability, costs and fiat revenue since its last
   * accrual, at the status it has had since then, into its epoch accumulators
   * and P&L; then marks it as settled up to now.
   */
  accrue(i: number): void {
    const s = this.s;
    const r = s.region[i]!;
    const steps = this.utilSteps - this.stepMark[i]!;
    const du = this.cumUtil[r]! - this.utilMark[i]!;
    this.utilMark[i] = this.cumUtil[r]!;
    this.stepMark[i] = this.utilSteps;
    if (steps === 0) return;
    const h = this.stepHours;
    const st = s.status[i]!;
    if (st === Status.Active) {
      const thr = s.throughput[i]!;
      const idle = s.idleKw[i]!;
      const kwh = (idle * steps + (s.loadKw[i]! - idle) * (1 - s.cheatFraction[i]!) * du) * h;
      const work = thr * du * h;
      const cost =
        kwh * s.powerPrice[i]! + s.fixedUsdPerHour[i]! * steps * h + work * this.extraCostPerWork;
      const fiat = work * this.fiatPerWork;
      s.epochWork[i]! += work;
      s.epochAvail[i]! += thr * steps * h;
      s.epochCostUsd[i]! += cost;
      s.epochCapexUsd[i]! += s.capexUsdPerHour[i]! * steps * h;
      s.epochFiatUsd[i]! += fiat;
      s.pnlUsd[i]! += fiat - cost;
    } else if (st === Status.Onboarding || st === Status.Jailed) {
      const cost = (s.idleKw[i]! * s.powerPrice[i]! + s.fixedUsdPerHour[i]!) * steps * h;
      s.epochCostUsd[i]! += cost;
      s.epochCapexUsd[i]! += s.capexUsdPerHour[i]! * steps * h;
      s.pnlUsd[i]! -= cost;
    } else if (st === Status.Paused) {
      const cost = s.fixedUsdPerHour[i]! * steps * h;
      s.epochCostUsd[i]! += cost;
      s.epochCapexUsd[i]! += s.capexUsdPerHour[i]! * steps * h;
      s.pnlUsd[i]! -= cost;
    }
  }

  /** Settles every provider (at epoch ends, before rewards and exit decisions). */
  accrueAll(): void {
    for (let i = 0; i < this.s.highWater; i++) this.accrue(i);
  }

  /**
   * Moves provider i to `status` (with a timer ending at step `until` for timed
   * statuses): settles it first, then moves its contribution between aggregates.
   */
  setStatus(i: number, status: Status, until = 0): void {
    this.accrue(i);
    this.contribute(i, -1);
    if (status === Status.Onboarding || status === Status.Jailed || status === Status.Exiting) {
      this.s.setTimedStatus(i, status, until);
    } else {
      this.s.status[i] = status;
    }
    this.contribute(i, +1);
  }

  /** Registers a freshly spawned provider (see `spawnProvider`) with `status`. */
  admit(i: number, status: Status, until = 0): void {
    this.s.status[i] = Status.Empty;
    this.utilMark[i] = this.cumUtil[this.s.region[i]!]!;
    this.stepMark[i] = this.utilSteps;
    if (this.s.behaviour[i] === Behaviour.Cheater) {
      this.cheaterPos[i] = this.cheaterCount;
      this.cheaters[this.cheaterCount++] = i;
    }
    this.setStatus(i, status, until);
  }

  /**
   * Providers that have left, by behaviour (indexed by Behaviour): how many, and the
   * sum of their wealth when they left (cash P&L; their tokens were sold) (USD).
   */
  readonly departedCount = new Float64Array(3);
  readonly departedWealthUsd = new Float64Array(3);

  /** Removes provider i from the network and frees its slot (its wealth is kept in `departed*`). */
  release(i: number): void {
    this.setStatus(i, Status.Empty);
    const b = this.s.behaviour[i]!;
    this.departedCount[b]!++;
    this.departedWealthUsd[b]! += this.s.pnlUsd[i]!;
    const pos = this.cheaterPos[i]!;
    if (pos >= 0) {
      const last = this.cheaters[--this.cheaterCount]!;
      this.cheaters[pos] = last;
      this.cheaterPos[last] = pos;
      this.cheaterPos[i] = -1;
    }
    this.s.release(i);
  }

  /** Current provider costs per step (USD) at the given utilisation per region. */
  costPerStep(util: Float64Array): number {
    let usd = this.waitingUsdPerHour;
    for (let r = 0; r < util.length; r++) {
      const u = util[r]!;
      usd +=
        this.activeBaseUsdPerHour[r]! +
        (this.activeLoadUsdPerHour[r]! + this.extraCostPerWork * this.capacity[r]!) * u;
    }
    return usd * this.stepHours;
  }

  /** Rebuilds every aggregate from the provider columns (removes floating-point drift). */
  recount(): void {
    this.capacity.fill(0);
    this.serviceWeighted.fill(0);
    this.activeBaseUsdPerHour.fill(0);
    this.activeLoadUsdPerHour.fill(0);
    this.statusCounts.fill(0);
    this.activeByClass.fill(0);
    this.capacityByRegionClass.fill(0);
    // contribute(i, +1) for every slot, written out with the columns in locals:
    // the same sums in the same order (bit for bit), at epoch ends over every provider.
    const s = this.s;
    const { status, region, throughput, powerPrice, hwClass, idleKw, loadKw } = s;
    const { fixedUsdPerHour, cheatFraction } = s;
    const { statusCounts, capacity, serviceWeighted, serviceMsByClass } = this;
    const { activeBaseUsdPerHour, activeLoadUsdPerHour, activeByClass } = this;
    const byRegionClass = this.capacityByRegionClass;
    const classes = activeByClass.length;
    let waiting = 0;
    for (let i = 0; i < s.highWater; i++) {
      const st = status[i]!;
      if (st === Status.Empty) continue;
      statusCounts[st]! += 1;
      if (st === Status.Active) {
        const r = region[i]!;
        const c = hwClass[i]!;
        const thr = throughput[i]!;
        const pp = powerPrice[i]!;
        capacity[r]! += thr;
        serviceWeighted[r]! += thr * serviceMsByClass[c]!;
        activeBaseUsdPerHour[r]! += idleKw[i]! * pp + fixedUsdPerHour[i]!;
        activeLoadUsdPerHour[r]! += (loadKw[i]! - idleKw[i]!) * (1 - cheatFraction[i]!) * pp;
        activeByClass[c]! += 1;
        byRegionClass[r * classes + c]! += thr;
      } else if (st === Status.Onboarding || st === Status.Jailed) {
        waiting += idleKw[i]! * powerPrice[i]! + fixedUsdPerHour[i]!;
      } else if (st === Status.Paused) {
        waiting += fixedUsdPerHour[i]!;
      }
    }
    this.waitingUsdPerHour = waiting;
  }

  private contribute(i: number, sign: 1 | -1): void {
    const s = this.s;
    const st = s.status[i]!;
    if (st === Status.Empty) return;
    this.statusCounts[st]! += sign;
    if (st === Status.Active) {
      const r = s.region[i]!;
      const thr = s.throughput[i]!;
      const pp = s.powerPrice[i]!;
      this.capacity[r]! += sign * thr;
      this.serviceWeighted[r]! += sign * thr * this.serviceMsByClass[s.hwClass[i]!]!;
      this.activeBaseUsdPerHour[r]! += sign * (s.idleKw[i]! * pp + s.fixedUsdPerHour[i]!);
      this.activeLoadUsdPerHour[r]! +=
        sign * (s.loadKw[i]! - s.idleKw[i]!) * (1 - s.cheatFraction[i]!) * pp;
      this.activeByClass[s.hwClass[i]!]! += sign;
      this.capacityByRegionClass[r * this.activeByClass.length + s.hwClass[i]!]! += sign * thr;
    } else if (st === Status.Onboarding || st === Status.Jailed) {
      this.waitingUsdPerHour += sign * (s.idleKw[i]! * s.powerPrice[i]! + s.fixedUsdPerHour[i]!);
    } else if (st === Status.Paused) {
      this.waitingUsdPerHour += sign * s.fixedUsdPerHour[i]!;
    }
  }
}
