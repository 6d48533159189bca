import type { World } from "../state/world.ts";

/** The oracle's parameters (`oracle.*`). */
export interface OracleParams {
  readonly enabled: boolean;
  readonly delaySteps: number;
  readonly windowSteps: number;
}

/**
 * The price oracle's state in `World` (`w.oracle`): the prices it has seen
 * and the price it reports this step. With `oracle.enabled` the oracle phase,
 * after `shocks` in step t, records the AMM price then, o_t (the close of
 * step t − 1, moved by a scheduled shock of step t if any) and reports the mean
 * of `o_{t − delaySteps − windowSteps + 1} … o_{t − delaySteps}` (a
 * time-weighted average over `windowSteps` steps, `delaySteps` steps old;
 * observations before step 0 count as the first one). Mechanisms that read a
 * price for a rule read {@link rulePrice}.
 */
export class OracleState {
  /** The price the oracle reports in this step (USD/token; 0 until its phase first runs). */
  price = 0;
  /** Whether the oracle phase has run in this run (before that, readers see the spot price). */
  ready = false;
  /** Prices seen, newest at `[next − 1]` (USD/token; ring of delaySteps + windowSteps). */
  readonly closes: Float64Array;
  /** The ring's next slot. */
  next = 0;
  private readonly window: number;

  constructor(p: OracleParams) {
    this.window = p.windowSteps;
    this.closes = new Float64Array(p.enabled ? p.delaySteps + p.windowSteps : 1);
  }

  /**
   * Records a price and updates {@link price}. The first call fills the ring
   * with it (the observations before the run are the first one).
   */
  observe(close: number): void {
    const ring = this.closes;
    const n = ring.length;
    if (!this.ready) {
      ring.fill(close);
      this.ready = true;
    }
    ring[this.next] = close;
    this.next = (this.next + 1) % n;
    // The oldest `window` entries of the ring: slots next, next+1, ... (mod n).
    let sum = 0;
    for (let k = 0; k < this.window; k++) sum += ring[(this.next + k) % n]!;
    this.price = sum / this.window;
  }
}

/**
 * The price a mechanism's rule reads (USD/token): the oracle's price with
 * `oracle.enabled` (once its phase has run), else the AMM's spot price as it
 * is when read.
 */
export function rulePrice(w: World): number {
  const o = w.oracle;
  return o?.ready ? o.price : w.amm.price;
}
