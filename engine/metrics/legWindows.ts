import type { SpiralParams } from "./deathSpiral.ts";
import { TrailingMax } from "./trailingMax.ts";

/**
 * The trailing peaks a death spiral's legs are measured against, fed once per
 * step as the detector is: the price's and active providers' maxima over the
 * last `spiral.windowSteps` steps, and the maximum of jobs served summed over
 * the last `spiral.demandSmoothingSteps` steps (`daySum`). The stress probe and
 * the rare-event score grade each leg's fall under these.
 */
export class LegWindows {
  private readonly priceMax: TrailingMax;
  private readonly provMax: TrailingMax;
  private readonly demandMax: TrailingMax;
  private readonly day: Float64Array;
  private dayPos = 0;
  /** Jobs served over the last `demandSmoothingSteps` steps (fewer at the start). */
  daySum = 0;
  /** Trailing peaks after the last {@link push}: price, active providers, `daySum`. */
  pricePeak = 0;
  providersPeak = 0;
  demandPeak = 0;

  constructor(p: SpiralParams) {
    this.priceMax = new TrailingMax(p.windowSteps);
    this.provMax = new TrailingMax(p.windowSteps);
    this.demandMax = new TrailingMax(p.windowSteps);
    this.day = new Float64Array(Math.max(1, p.demandSmoothingSteps));
  }

  /** Steps the demand sum spans: the demand leg is graded from this step on. */
  get daySteps(): number {
    return this.day.length;
  }

  /** Adds a step's price, active providers and jobs served. */
  push(price: number, active: number, served: number): void {
    this.daySum += served - this.day[this.dayPos]!;
    this.day[this.dayPos] = served;
    this.dayPos = (this.dayPos + 1) % this.day.length;
    this.pricePeak = this.priceMax.push(price);
    this.providersPeak = this.provMax.push(active);
    this.demandPeak = this.demandMax.push(this.daySum);
  }
}
