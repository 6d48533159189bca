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
  /**
   * Whether one of the legs must be the provider exodus. Every feedback loop of the
   * model runs through the providers (price → income → exits → capacity → dropped
   * jobs → churn → less burn → price); a price fall and a demand fall without an
   * exodus are not feeding each other (e.g. a crash during an unrelated demand burst).
   */
  requireProviderLeg: boolean;
  /** A spiral ends once the series have stayed recovered for this long (steps). */
  graceSteps: number;
  /** Recovered: price, active providers and served jobs back to this share of their pre-spiral peaks (fraction). */
  recoveryShare: number;
}

/** The legs of a death spiral: the feedback loops that feed each other. */
export type SpiralLeg = "priceDrawdown" | "providerExodus" | "demandChurn";
const LEGS: readonly SpiralLeg[] = ["priceDrawdown", "providerExodus", "demandChurn"];

/** How a death spiral ended: the network recovered, or the run ended first. */
export type SpiralEnd = "recovery" | "runEnd";

/** A detected death spiral (steps are 0-based step numbers). */
export interface DeathSpiralEvent {
  /** First step at which two or more legs were active together. */
  startStep: number;
  /**
   * First step of the recovery that ended it: price, active providers and served
   * jobs all back within their legs' thresholds of (and at least `recoveryShare`
   * of) their pre-spiral peaks, staying there for `graceSteps`; null when the run
   * ended first.
   */
  endStep: number | null;
  /** Whether the spiral ended by recovery or was still going when the run ended. */
  endedBy: SpiralEnd;
  /** Legs that were active during the spiral while at least one other leg was. */
  legs: SpiralLeg[];
  /** Deepest fall of the price under its pre-spiral peak (percent). */
  maxPriceDrawdownPct: number;
  /** Deepest fall of active providers under their pre-spiral peak (percent). */
  maxProviderLossPct: number;
  /** Deepest fall of smoothed served jobs under their pre-spiral peak (percent). */
  maxDemandLossPct: number;
}

interface Open {
  event: DeathSpiralEvent;
  legMask: number;
  refPrice: number;
  refProviders: number;
  refDemand: number;
  /** First step of the current recovered stretch (−1: not recovered now). */
  recoveredSince: number;
}

/**
 * Online death-spiral detector. Each step it is fed the price, the number of
 * active providers and the jobs served. Leg flags come from trailing windows:
 * - priceDrawdown: `price < (1 − priceDrawdown) · max(price over windowSteps)`;
 * - providerExodus: `active < (1 − providerLoss) · max(active over windowSteps)`;
 * - demandChurn: `D < (1 − demandLoss) · max(D over windowSteps)`, D = jobs served
 *   over the last `demandSmoothingSteps` (removes the daily cycle and short bursts;
 *   the leg is off until that many steps have been seen).
 * A spiral starts when two or more legs are active together — one of them the
 * provider exodus, with `requireProviderLeg` — and is confirmed
 * once that has lasted `minSteps`. From its start, the peaks in force then are
 * its references: depths are measured from them, and the spiral ends when the
 * network has recovered, i.e. price, active providers and served jobs are all
 * back within their legs' thresholds of their references (no leg active against
 * them) and at least `recoveryShare` of them, and stay there for `graceSteps`
 * (`endStep` is the first step of that stretch). A spiral that has not
 * recovered by the last step ended with the run (`endedBy: "runEnd"`). The
 * trailing window only decides when spirals start, so their end and duration do
 * not depend on it.
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
  private readonly done: DeathSpiralEvent[] = [];
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
    if (++this.dayPos === this.day.length) this.dayPos = 0;
    const demand = this.daySum;
    const pk = this.priceMax.push(price);
    const vk = this.provMax.push(activeProviders);
    const dk = this.demandMax.push(demand);
    let mask = 0;
    if (price < (1 - p.priceDrawdown) * pk) mask |= 1;
    if (activeProviders < (1 - p.providerLoss) * vk) mask |= 2;
    if (step >= this.day.length && demand < (1 - p.demandLoss) * dk) mask |= 4;
    this.legMask = mask;
    const joint = this.legCount >= 2 && (!p.requireProviderLeg || (mask & 2) !== 0);

    const open = this.current ?? this.candidate;
    if (open) {
      const e = open.event;
      e.maxPriceDrawdownPct = Math.max(e.maxPriceDrawdownPct, 100 * (1 - price / open.refPrice));
      e.maxProviderLossPct = Math.max(
        e.maxProviderLossPct,
        100 * (1 - activeProviders / Math.max(open.refProviders, 1e-12)),
      );
      e.maxDemandLossPct = Math.max(
        e.maxDemandLossPct,
        100 * (1 - demand / Math.max(open.refDemand, 1e-12)),
      );
      if (joint) open.legMask |= mask;
    }

    if (this.current) {
      const o = this.current;
      // Recovered: no leg active against the pre-spiral references, and every series
      // at least recoveryShare of its reference.
      const r = p.recoveryShare;
      const recovered =
        price >= Math.max(r, 1 - p.priceDrawdown) * o.refPrice &&
        activeProviders >= Math.max(r, 1 - p.providerLoss) * o.refProviders &&
        demand >= Math.max(r, 1 - p.demandLoss) * o.refDemand;
      if (!recovered) o.recoveredSince = -1;
      else if (o.recoveredSince < 0) o.recoveredSince = step;
      if (o.recoveredSince >= 0 && step - o.recoveredSince + 1 >= Math.max(1, p.graceSteps)) {
        o.event.endStep = o.recoveredSince;
        o.event.endedBy = "recovery";
        this.done.push(this.finish(o));
        this.current = null;
      }
    } else if (this.candidate) {
      const o = this.candidate;
      if (!joint) this.candidate = null;
      else if (step - o.event.startStep + 1 >= p.minSteps) {
        this.current = o;
        this.candidate = null;
      }
    } else if (joint) {
      this.candidate = {
        event: {
          startStep: step,
          endStep: null,
          endedBy: "runEnd",
          legs: [],
          maxPriceDrawdownPct: 100 * (1 - price / pk),
          maxProviderLossPct: 100 * (1 - activeProviders / Math.max(vk, 1e-12)),
          maxDemandLossPct: 100 * (1 - demand / Math.max(dk, 1e-12)),
        },
        legMask: mask,
        refPrice: pk,
        refProviders: vk,
        refDemand: dk,
        recoveredSince: -1,
      };
    }
    this.active = this.current !== null;
    return this.active;
  }

  /** The confirmed spirals so far (one still going has `endStep: null`, `endedBy: "runEnd"`). */
  events(): DeathSpiralEvent[] {
    return this.current ? [...this.done, this.finish(this.current)] : [...this.done];
  }

  private finish(o: Open): DeathSpiralEvent {
    return { ...o.event, legs: LEGS.filter((_, k) => (o.legMask >> k) & 1) };
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
