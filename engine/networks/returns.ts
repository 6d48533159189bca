import { Status } from "../state/providers.ts";
import type { World } from "../state/world.ts";
import type { OutsideOption } from "./spec.ts";

/** Hardware figures an owner's return depends on, by class (from the first network). */
export interface ClassFigures {
  /** Work per hour at full load (reference GPU-hours per hour). */
  readonly throughput: Float64Array;
  /** Power draw idle and at full load (kW). */
  readonly idleKw: Float64Array;
  readonly loadKw: Float64Array;
}

/** The hardware figures of `classNames` in world `w`'s parameters. */
export function classFigures(w: World, classNames: readonly string[]): ClassFigures {
  const hw = (c: string) => w.params.hardware[c]!;
  return {
    throughput: Float64Array.from(classNames, (c) => hw(c).throughput),
    idleKw: Float64Array.from(classNames, (c) => hw(c).idleW / 1000),
    loadKw: Float64Array.from(classNames, (c) => hw(c).loadW / 1000),
  };
}

/**
 * What a GPU earned on one network recently, as the network's own entry rule
 * sees it: per region, the mean utilisation since the last decision point, and
 * the revenue per GPU-hour of a reference-throughput GPU there,
 * `u_r · (fiat + rewardPerWork · P) + rewardPerAvail · P` (USD per hour), with
 * last epoch's reward rates, the fiat paid per GPU-hour served and the AMM
 * price now. GPUs on their way in share the same pool once they serve: both
 * figures are scaled by the active share of the network's committed capacity,
 * `f = cap_active / (cap_active + cap_onboarding)` (an assumption: the pool is
 * fixed over the horizon, as with a fixed emission and a given demand; without
 * it owners chase a pool the GPUs already moving in will dilute, and their
 * moves cycle). Both are smoothed over decision points by an exponential moving
 * average with weight `1 / window` (the first observation starts it).
 */
export class NetworkReturns {
  /** Smoothed utilisation per region (fraction). */
  readonly util: Float64Array;
  /** Smoothed revenue per reference GPU-hour owned, per region (USD per hour). */
  readonly revenue: Float64Array;
  private readonly cumMark: Float64Array;
  private stepMark = 0;
  private started = false;

  constructor(
    private readonly world: World,
    /** For each study region, the world's region index. */
    private readonly regionIndex: readonly number[],
    private readonly window: number,
  ) {
    this.util = new Float64Array(regionIndex.length);
    this.revenue = new Float64Array(regionIndex.length);
    this.cumMark = new Float64Array(world.nRegions);
  }

  /** Observes the network at a decision point (after a step). */
  observe(): void {
    const w = this.world;
    const roster = w.roster;
    const steps = roster.utilSteps - this.stepMark;
    const p = w.params;
    const price = w.amm.price;
    const fiat = p.pricing.usdPerGpuHour * p.pricing.providerFiatShare + w.credits.usdPerWork;
    const alpha = this.started ? 1 / this.window : 1;
    const f = activeShare(w);
    this.regionIndex.forEach((r, k) => {
      const u = f * (steps > 0 ? (roster.cumUtil[r]! - this.cumMark[r]!) / steps : 0);
      const rev =
        u * (fiat + w.emission.rewardPerWork * price) + f * w.emission.rewardPerAvail * price;
      this.util[k]! += alpha * (u - this.util[k]!);
      this.revenue[k]! += alpha * (rev - this.revenue[k]!);
    });
    this.cumMark.set(roster.cumUtil);
    this.stepMark = roster.utilSteps;
    this.started = true;
  }

  /**
   * Expected return of a GPU of class c in region r paying `powerPrice` here (USD
   * per hour): throughput × revenue minus power at the region's utilisation,
   * `thr_c · rev_r − π · (idle_c + (load_c − idle_c) · u_r)`. Fixed costs are the
   * same wherever the GPU runs and are left out.
   */
  expected(f: ClassFigures, c: number, r: number, powerPrice: number): number {
    const u = this.util[r]!;
    const kw = f.idleKw[c]! + (f.loadKw[c]! - f.idleKw[c]!) * u;
    return f.throughput[c]! * this.revenue[r]! - powerPrice * kw;
  }
}

/** Active capacity over active plus onboarding capacity of a network (1 when it has none). */
function activeShare(w: World): number {
  const s = w.providers;
  let onboarding = 0;
  for (let i = 0; i < s.highWater; i++)
    if (s.status[i] === Status.Onboarding) onboarding += s.throughput[i]!;
  let active = 0;
  for (let r = 0; r < w.nRegions; r++) active += w.roster.capacity[r]!;
  return active + onboarding > 0 ? active / (active + onboarding) : 1;
}

/**
 * Return of a GPU of class c on the outside option (USD per hour): the rental
 * price × the host's share × the rented share of hours, minus power at that
 * load, `price_c · host · u − π · (idle_c + (load_c − idle_c) · u)`.
 */
export function outsideReturn(
  o: OutsideOption,
  className: string,
  f: ClassFigures,
  c: number,
  powerPrice: number,
): number {
  const u = o.utilisation;
  const kw = f.idleKw[c]! + (f.loadKw[c]! - f.idleKw[c]!) * u;
  return o.usdPerGpuHour[className]! * o.hostShare * u - powerPrice * kw;
}

/**
 * The gain over the horizon of moving (USD): what the GPU would earn at the new
 * place over `H` days less its downtime `D` there, minus the switching cost,
 * minus what it earns staying, `24 · (R_new · (H − D) − R_stay · H) − C`. An owner
 * moves to the place with the largest gain when it is positive.
 */
export function moveGain(
  rStay: number,
  rNew: number,
  horizonDays: number,
  downtimeDays: number,
  switchCostUsd: number,
): number {
  return (
    24 * (rNew * Math.max(0, horizonDays - downtimeDays) - rStay * horizonDays) - switchCostUsd
  );
}
