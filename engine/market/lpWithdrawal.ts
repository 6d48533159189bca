import { sampleStandardDeviation } from "simple-statistics";
import type { Amm } from "../state/amm.ts";

/** When liquidity providers withdraw and how fast they return (`market.lp*`). */
export interface LpWithdrawalSettings {
  /** Window of the realised volatility (steps). */
  readonly windowSteps: number;
  /** Realised volatility (s.d. of per-step log returns) above which LPs withdraw. */
  readonly threshold: number;
  /** Share of the liquidity in the venue withdrawn each step above the threshold. */
  readonly withdrawShare: number;
  /** The most of the full liquidity withdrawn at once (the rest never leaves). */
  readonly maxWithdrawnShare: number;
  /** Share of the withdrawn liquidity that returns each step at or below it. */
  readonly returnShare: number;
}

/**
 * Liquidity providers who withdraw on volatility: after each step the realised
 * volatility of the venue's price over the last `windowSteps` log returns is
 * compared with the threshold; above it they withdraw `withdrawShare` of the
 * liquidity in the venue (until `maxWithdrawnShare` of the full size is out) (`Amm.withdrawLiquidity`: tokens to the liquidity
 * providers' account, USD out, price unchanged), at or below it `returnShare`
 * of what is out comes back (`Amm.addLiquidity`).
 */
export class LpWithdrawal {
  /** Liquidity in the venue as a share of its full size (1 before any withdrawal). */
  inShare = 1;
  /** Realised volatility after the last step (log-return s.d. per step; 0 until 2 returns). */
  volatility = 0;
  private readonly returns: Float64Array;
  private count = 0;
  private lastPrice: number;

  constructor(
    readonly settings: LpWithdrawalSettings,
    initialPrice: number,
  ) {
    if (!(settings.windowSteps >= 2))
      throw new RangeError(
        `LP withdrawal needs a window of at least 2 steps (got ${settings.windowSteps})`,
      );
    this.returns = new Float64Array(settings.windowSteps);
    this.lastPrice = initialPrice;
  }

  /** The share of the full liquidity withdrawn now. */
  get withdrawnShare(): number {
    return 1 - this.inShare;
  }

  /** The realised volatility of the last window's returns (s.d. per step). */
  realisedVolatility(): number {
    const n = Math.min(this.count, this.returns.length);
    return n >= 2 ? sampleStandardDeviation(Array.from(this.returns.subarray(0, n))) : 0;
  }

  /**
   * Records the step's closing price (the main venue's) and withdraws or
   * returns liquidity, on a second venue (`second`) in the same proportion.
   */
  step(amm: Amm, second?: Amm): void {
    const price = amm.price;
    if (price > 0 && this.lastPrice > 0) {
      this.returns[this.count % this.returns.length] = Math.log(price / this.lastPrice);
      this.count++;
    }
    this.lastPrice = price;
    this.volatility = this.realisedVolatility();
    const s = this.settings;
    if (this.volatility > s.threshold) {
      // Withdraw withdrawShare of what is in, down to 1 − maxWithdrawnShare of the full size.
      const floor = 1 - s.maxWithdrawnShare;
      const target = Math.max(this.inShare * (1 - s.withdrawShare), floor);
      if (!(target < this.inShare)) return;
      const share = 1 - target / this.inShare;
      amm.withdrawLiquidity(share);
      second?.withdrawLiquidity(share);
      this.inShare = target;
    } else if (this.inShare < 1 && s.returnShare > 0) {
      const x = amm.tokenReserve;
      if (!(x > 0)) return;
      const share = (s.returnShare * (1 - this.inShare)) / this.inShare;
      const added = amm.addLiquidity(share);
      second?.addLiquidity(added.tokens / x);
      this.inShare = Math.min(1, this.inShare * (1 + added.tokens / x));
    }
  }
}
