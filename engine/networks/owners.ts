import { lognormalMeanCv } from "../rng/distributions.ts";
import type { Rng } from "../rng/source.ts";
import { Status } from "../state/providers.ts";
import type { World } from "../state/world.ts";

/** Where an owner's GPU runs when it is on no network: the outside option. */
export const OUTSIDE = -1;

/**
 * The shared population of GPU owners, one GPU each, as typed columns. An owner
 * has hardware (class, region, electricity price, purchase step) and traits the
 * networks' exit rule reads (patience, hurdle rate); it runs its GPU on one
 * network (`loc` = that network's index, `slot` its provider slot there) or on
 * the outside option (`loc` = {@link OUTSIDE}).
 */
export class OwnerPopulation {
  readonly size: number;
  /** Hardware class index (into the study's class names). */
  readonly hwClass: Uint8Array;
  /** Region index (into the study's region names). */
  readonly region: Uint8Array;
  /** Electricity price the owner pays (USD/kWh). */
  readonly powerPrice: Float64Array;
  /** Step at which the hardware was bought (negative: before the run). */
  readonly boughtStep: Int32Array;
  /** Loss-making epochs tolerated before a network's exit rule takes the GPU off it (epochs). */
  readonly patience: Int16Array;
  /** Annual return wanted on the hardware's resale value (per year). */
  readonly hurdleRate: Float64Array;
  /** Network index, or {@link OUTSIDE}. */
  readonly loc: Int16Array;
  /** Provider slot in network `loc` (−1 outside). */
  readonly slot: Int32Array;

  constructor(size: number) {
    this.size = size;
    this.hwClass = new Uint8Array(size);
    this.region = new Uint8Array(size);
    this.powerPrice = new Float64Array(size);
    this.boughtStep = new Int32Array(size);
    this.patience = new Int16Array(size);
    this.hurdleRate = new Float64Array(size);
    this.loc = new Int16Array(size).fill(OUTSIDE);
    this.slot = new Int32Array(size).fill(-1);
  }

  /** Owners whose GPU is on network k (or outside, for {@link OUTSIDE}). */
  countAt(k: number): number {
    let n = 0;
    for (let o = 0; o < this.size; o++) if (this.loc[o] === k) n++;
    return n;
  }
}

/**
 * The owner population at the start: every provider of every network's genesis
 * (network by network, slot by slot) owns its GPU there, then `outsideInitial`
 * owners start on the outside option, their class and region drawn from the
 * first network's shares and their electricity price from its region's with the
 * same spread as a network's own providers, their traits as `spawnProvider`
 * draws them.
 */
export function initialOwners(
  worlds: readonly World[],
  classNames: readonly string[],
  regionNames: readonly string[],
  outsideInitial: number,
  rng: Rng,
): OwnerPopulation {
  let n = outsideInitial;
  for (const w of worlds) n += w.providers.highWater - w.providers.countStatus(Status.Empty);
  const pop = new OwnerPopulation(n);
  let o = 0;
  worlds.forEach((w, k) => {
    const s = w.providers;
    for (let i = 0; i < s.highWater; i++) {
      if (s.status[i] === Status.Empty) continue;
      pop.hwClass[o] = classNames.indexOf(w.classNames[s.hwClass[i]!]!);
      pop.region[o] = regionNames.indexOf(w.regionNames[s.region[i]!]!);
      pop.powerPrice[o] = s.powerPrice[i]!;
      pop.boughtStep[o] = s.boughtStep[i]!;
      pop.patience[o] = s.patience[i]!;
      pop.hurdleRate[o] = s.hurdleRate[i]!;
      pop.loc[o] = k;
      pop.slot[o] = i;
      o++;
    }
  });
  const p = worlds[0]!.params;
  const classShare = classNames.map((c) => p.hardware[c]!.share);
  const regionShare = regionNames.map((r) => p.regions[r]!.providerShare);
  const pick = (shares: number[]): number => {
    const total = shares.reduce((a, b) => a + b, 0);
    let u = rng.next() * total;
    for (let k = 0; k < shares.length; k++) {
      u -= shares[k]!;
      if (u < 0) return k;
    }
    return shares.length - 1;
  };
  const e = p.economics;
  for (; o < n; o++) {
    const c = pick(classShare);
    const r = pick(regionShare);
    pop.hwClass[o] = c;
    pop.region[o] = r;
    pop.powerPrice[o] =
      p.regions[regionNames[r]!]!.powerUsdPerKwh *
      (1 + p.providers.powerPriceSpread * (2 * rng.next() - 1));
    pop.boughtStep[o] = 0;
    pop.patience[o] = Math.min(
      32767,
      Math.max(1, Math.round(lognormalMeanCv(rng, e.exitPatienceEpochs, e.exitPatienceCv))),
    );
    pop.hurdleRate[o] = lognormalMeanCv(rng, e.hurdleRateMean, e.hurdleRateCv);
  }
  return pop;
}
