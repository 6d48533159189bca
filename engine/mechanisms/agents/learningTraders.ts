import { int, num } from "../../params/fields.ts";

/**
 * The `learningTraders` parameter section: speculators that split their trading
 * between trend following and mean reversion by each rule's recent profit
 * (docs/agents.md#learning-speculators). Off by default (`share` 0).
 */
export const learningTradersSection = {
  share: num(0, {
    unit: "fraction",
    description:
      "order size of the learning speculators: USD traded per step = share × the AMM's USD reserve × (w·ln(P/P_lag) + (1 − w)·ln(mean/P)), w their learned trend weight (0 = off)",
    minimum: 0,
    maximum: 10,
    provenance: {
      kind: "setting",
      note: "off by default: a study of learning speculators sets it",
    },
  }),
  lookbackSteps: int(24, {
    unit: "steps",
    description: "learning speculators: lag of the trend signal and window of the mean price",
    minimum: 1,
    maximum: 100_000,
    provenance: {
      kind: "assumption",
      note: "a day of hourly prices, as the fixed momentum and mean-reversion traders look back",
    },
  }),
  memorySteps: num(168, {
    unit: "steps",
    description:
      "learning speculators: window of the exponential moving average of each rule's profit (its weight in the split)",
    minimum: 1,
    maximum: 1e6,
    provenance: { kind: "assumption", note: "a week of hourly steps of recent profit" },
  }),
};

/** Settings of learning speculators (the `learningTraders.*` parameters). */
export interface LearningTraderParams {
  share: number;
  lookbackSteps: number;
  memorySteps: number;
}

/**
 * Learning speculators' state and rule. Each step, from the AMM price P: the trend
 * signal `ln(P/P_lag)` and the reversion signal `ln(mean/P)` over `lookbackSteps`.
 * Each rule's profit per unit of signal over the last step, `signal_{t−1} · ln(P_t/P_{t−1})`
 * (the log return of a position proportional to the signal), enters an exponential
 * moving average Π over `memorySteps`; the trend weight is `w = Π⁺_trend / (Π⁺_trend + Π⁺_rev)`
 * (½ when neither rule has made money). The order is
 * `share · USD reserve · (w·trend + (1 − w)·reversion)`. Deterministic, no random draws.
 */
export class LearningTraders {
  /** Trend weight (fraction). */
  weight = 0.5;
  /** This step's order (USD; negative: a sale). */
  orderUsd = 0;
  private readonly ring: Float64Array;
  private sum = 0;
  private seen = 0;
  private prevPrice = 0;
  private prevTrend = 0;
  private prevReversion = 0;
  private profitTrend = 0;
  private profitReversion = 0;

  constructor(private readonly p: LearningTraderParams) {
    this.ring = new Float64Array(p.lookbackSteps);
  }

  /** Takes this step's price; returns the order (USD; negative: sell that much worth). */
  order(price: number, usdReserve: number): number {
    const L = this.p.lookbackSteps;
    const alpha = 1 / this.p.memorySteps;
    if (this.prevPrice > 0 && price > 0) {
      const ret = Math.log(price / this.prevPrice);
      this.profitTrend += alpha * (this.prevTrend * ret - this.profitTrend);
      this.profitReversion += alpha * (this.prevReversion * ret - this.profitReversion);
      const a = Math.max(0, this.profitTrend);
      const b = Math.max(0, this.profitReversion);
      this.weight = a + b > 0 ? a / (a + b) : 0.5;
    }
    const slot = this.seen % L;
    const lag = this.ring[slot]!;
    let trend = 0;
    let reversion = 0;
    if (this.seen >= L && lag > 0 && price > 0) {
      trend = Math.log(price / lag);
      reversion = Math.log(this.sum / L / price);
    }
    this.sum += price - lag;
    this.ring[slot] = price;
    this.seen++;
    this.prevPrice = price;
    this.prevTrend = trend;
    this.prevReversion = reversion;
    this.orderUsd =
      this.p.share * usdReserve * (this.weight * trend + (1 - this.weight) * reversion);
    return this.orderUsd;
  }
}
