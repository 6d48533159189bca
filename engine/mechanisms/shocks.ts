import type { NetworkParams } from "../params/network.ts";
import type { Roster } from "../state/roster.ts";

/**
 * Multiplies the electricity price of every provider in region `r` by `factor`
 * (a power-price spike, or its end with `1 / factor`). Providers there are
 * settled first at the old price (lazy accrual), then the roster's aggregates
 * are rebuilt. O(providers), once per shock edge.
 */
export function scaleRegionPower(roster: Roster, r: number, factor: number): void {
  const s = roster.s;
  for (let i = 0; i < s.highWater; i++) {
    if (s.region[i] !== r) continue;
    roster.accrue(i);
    s.powerPrice[i]! *= factor;
  }
  roster.recount();
}

/**
 * A new hardware generation: class `gen` takes `share` of new entrants and the
 * other classes' entry shares shrink in proportion (fractions, in place).
 */
export function hardwareGeneration(classShare: Float64Array, gen: number, share: number): void {
  let others = 0;
  for (let c = 0; c < classShare.length; c++) if (c !== gen) others += classShare[c]!;
  for (let c = 0; c < classShare.length; c++) {
    classShare[c] = c === gen ? share : others > 0 ? (classShare[c]! / others) * (1 - share) : 0;
  }
}

/**
 * The shocks' state in `World` (`w.shocks`): what the scheduled shocks changed.
 * C is the number of hardware classes, R of regions.
 */
export class ShocksState {
  /** Entry share per hardware class (fractions), `[c]`; a hardware-generation shock changes it. */
  readonly classShare: Float64Array;
  /** Multiplier on each region's electricity price (×), `[r]`; a power-price shock changes it. */
  readonly powerFactor: Float64Array;
  /** Spot price when the current crash started (USD/token). */
  crashStartPrice = 0;

  constructor(p: NetworkParams) {
    this.classShare = Float64Array.from(Object.keys(p.hardware), (c) => p.hardware[c]!.share);
    this.powerFactor = new Float64Array(Object.keys(p.regions).length).fill(1);
  }
}

/**
 * The factor on client arrivals of the scheduled demand drop at `step`:
 * `1 − demandDropShare` for `demandDropStartStep ≤ step < demandDropStartStep + demandDropSteps`,
 * else 1 (and always 1 when the start step is −1, the share is 0 or there is no
 * shocks section).
 */
export function demandDropFactor(sh: NetworkParams["shocks"] | undefined, step: number): number {
  // A scenario built without the shocks mechanism has no shocks section.
  if (sh === undefined) return 1;
  const start = sh.demandDropStartStep;
  if (!(start >= 0) || !(sh.demandDropShare > 0)) return 1;
  return step >= start && step < start + sh.demandDropSteps ? 1 - sh.demandDropShare : 1;
}
