import { TrailingMax } from "./trailingMax.ts";

/** Death-spiral detector settings (see `spiral.*` in the parameter schema). */
export interface SpiralParams {
  /** Trailing window of the peaks each leg is measured from (steps). */
  windowSteps: number;
  /** Price leg threshold: fall under the trailing peak price (fraction). */
  priceDrawdown: number;
  /** Provider-exodus leg threshold: fall under the trailing peak of active providers (fraction). */
  providerLoss: number;
  /** Demand-churn leg threshold: fall of smoothed served jobs under their trailing peak (fraction). */
  demandLoss: number;
  /** Served jobs are summed over this many steps before comparing (steps). */
  demandSmoothingSteps: number;
  /** A spiral needs two or more legs active together for this long (steps). */
  minSteps: number;
  /** A spiral ends after fewer than two legs have been active for this long (steps). */
  graceSteps: number;
  /** Recovered: price and active providers back to this share of their pre-spiral peaks (fraction). */
  recoveryShare: number;
}

/** The legs of a death spiral: the feedback loops that feed each other. */
export type SpiralLeg = "priceDrawdown" | "providerExodus" | "demandChurn";
const LEGS: readonly SpiralLeg[] = ["priceDrawdown", "providerExodus", "demandChurn"];

/** A detected death spiral (steps are 0-based step numbers). */
export interface DeathSpiralEvent {
  /** First step at which two or more legs were active together. */
  startStep: number;
  /** Last step with two or more legs active; null while still spiralling at the end of the run. */
  endStep: number | null;
  /** Legs that were active during the spiral while at least one other leg was. */
  legs: SpiralLeg[];
  /** Deepest fall of the price under its pre-spiral peak (percent). */
  maxPriceDrawdownPct: number;
  /** Deepest fall of active providers under their pre-spiral peak (percent). */
  maxProviderLossPct: number;
  /** Deepest fall of smoothed served jobs under their pre-spiral peak (percent). */
  maxDemandLossPct: number;
  /**
   * First step, with fewer than two legs active, at which price and active providers
   * were back to `recoveryShare` of their pre-spiral peaks; null if never.
   */
  recoveredAtStep: number | null;
}

interface Open {
  event: DeathSpiralEvent;
  legMask: number;
  refPrice: number;
  refProviders: number;
  refDemand: number;
  lastJoint: number;
  ended: boolean;
}

/**
 * Online death-spiral detector. Each step it is fed the price, the number of
 * active providers and the jobs served. Leg flags come from trailing windows:
 * - priceDrawdown: `price < (1 − priceDrawdown) · max(price over windowSteps)`;
 * - providerExodus: `active < (1 − providerLoss) · max(active over windowSteps)`;
 * - demandChurn: `D < (1 − demandLoss) · max(D over windowSteps)`, D = jobs served
 *   over the last `demandSmoothingSteps` (removes the daily cycle and short bursts;
 *   the leg is off until that many steps have been seen).
 * A spiral starts when two or more legs are active together and is confirmed
 * once that has lasted `minSteps`; it ends once fewer than two legs have been
 * active for `graceSteps`. Depths are measured from the peaks in force when it
 * started; recovery is watched until the end of the run.
 */
export class DeathSpiralDetector {
  private readonly priceMax: TrailingMax;
  private readonly provMax: TrailingMax;
  private readonly demandMax: TrailingMax;
  private readonly day: Float64Array;
  private daySum = 0;
  private dayPos = 0;
  private candidate: Open | null = null;
  private current: Open | null = null;
  private readonly done: Open[] = [];
  /** Bit mask of the legs active at the last step (bit k = LEGS[k]). */
  legMask = 0;
  /** Whether a confirmed spiral was in progress at the last step. */
  active = false;

  constructor(private readonly p: SpiralParams) {
    this.priceMax = new TrailingMax(p.windowSteps);
    this.provMax = new TrailingMax(p.windowSteps);
    this.demandMax = new TrailingMax(p.windowSteps);
    this.day = new Float64Array(Math.max(1, p.demandSmoothingSteps));
  }

  /** Number of legs active at the last step. */
  get legCount(): number {
    return (this.legMask & 1) + ((this.legMask >> 1) & 1) + ((this.legMask >> 2) & 1);
  }

  /** Feeds one step; returns whether a confirmed spiral is in progress. */
  observe(step: number, price: number, activeProviders: number, jobsServed: number): boolean {
    const p = this.p;
    this.daySum += jobsServed - this.day[this.dayPos]!;
    this.day[this.dayPos] = jobsServed;
    this.dayPos = (this.dayPos + 1) % this.day.length;
    const demand = this.daySum;
    const pk = this.priceMax.push(price);
    const vk = this.provMax.push(activeProviders);
    const dk = this.demandMax.push(demand);
    let mask = 0;
    if (price < (1 - p.priceDrawdown) * pk) mask |= 1;
    if (activeProviders < (1 - p.providerLoss) * vk) mask |= 2;
    if (step >= this.day.length && demand < (1 - p.demandLoss) * dk) mask |= 4;
    this.legMask = mask;
    const joint = this.legCount >= 2;

    // Depth of every spiral still going, and recovery of every spiral seen so far.
    for (const o of this.allOpen()) {
      const e = o.event;
      if (!o.ended) {
        e.maxPriceDrawdownPct = Math.max(e.maxPriceDrawdownPct, 100 * (1 - price / o.refPrice));
        e.maxProviderLossPct = Math.max(
          e.maxProviderLossPct,
          100 * (1 - activeProviders / Math.max(o.refProviders, 1e-12)),
        );
        e.maxDemandLossPct = Math.max(
          e.maxDemandLossPct,
          100 * (1 - demand / Math.max(o.refDemand, 1e-12)),
        );
      }
      if (e.recoveredAtStep === null) {
        // Not while two legs still feed each other: price and providers can be back
        // near their peaks early in a spiral that later goes deep.
        if (
          !joint &&
          step > e.startStep &&
          price >= p.recoveryShare * o.refPrice &&
          activeProviders >= p.recoveryShare * o.refProviders
        )
          e.recoveredAtStep = step;
      } else if (joint && !o.ended) {
        e.recoveredAtStep = null; // it spiralled again within the grace period: not recovered
      }
    }

    if (this.current) {
      const o = this.current;
      if (joint) {
        o.lastJoint = step;
        o.legMask |= mask;
      } else if (step - o.lastJoint >= p.graceSteps) {
        o.ended = true;
        o.event.endStep = o.lastJoint;
        this.done.push(o);
        this.current = null;
      }
    } else if (this.candidate) {
      const o = this.candidate;
      if (!joint) this.candidate = null;
      else {
        o.lastJoint = step;
        o.legMask |= mask;
        if (step - o.event.startStep + 1 >= p.minSteps) {
          this.current = o;
          this.candidate = null;
        }
      }
    } else if (joint) {
      this.candidate = {
        event: {
          startStep: step,
          endStep: null,
          legs: [],
          maxPriceDrawdownPct: 0,
          maxProviderLossPct: 0,
          maxDemandLossPct: 0,
          recoveredAtStep: null,
        },
        legMask: mask,
        refPrice: pk,
        refProviders: vk,
        refDemand: dk,
        lastJoint: step,
        ended: false,
      };
      // Depth from the first step.
      this.candidate.event.maxPriceDrawdownPct = 100 * (1 - price / pk);
      this.candidate.event.maxProviderLossPct = 100 * (1 - activeProviders / Math.max(vk, 1e-12));
      this.candidate.event.maxDemandLossPct = 100 * (1 - demand / Math.max(dk, 1e-12));
    }
    this.active = this.current !== null;
    return this.active;
  }

  /** The confirmed spirals so far (one still in progress has `endStep: null`). */
  events(): DeathSpiralEvent[] {
    const all = this.current ? [...this.done, this.current] : this.done;
    return all.map((o) => ({
      ...o.event,
      legs: LEGS.filter((_, k) => (o.legMask >> k) & 1),
    }));
  }

  private *allOpen(): Iterable<Open> {
    yield* this.done;
    if (this.current) yield this.current;
    if (this.candidate) yield this.candidate;
  }
}

/**
 * Offline detection over recorded series (same rules as {@link DeathSpiralDetector}):
 * price (USD/token), active providers and jobs served per step.
 */
export function detectDeathSpirals(
  p: SpiralParams,
  price: ArrayLike<number>,
  activeProviders: ArrayLike<number>,
  jobsServed: ArrayLike<number>,
): DeathSpiralEvent[] {
  const d = new DeathSpiralDetector(p);
  for (let t = 0; t < price.length; t++)
    d.observe(t, price[t]!, activeProviders[t]!, jobsServed[t]!);
  return d.events();
}
