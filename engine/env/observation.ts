import { Status } from "../state/providers.ts";
import type { World } from "../state/world.ts";

/**
 * What every agent class observes of the network after a decision interval
 * (named numbers; units in each field).
 */
export interface MarketObservation {
  /** Steps simulated so far. */
  step: number;
  /** Token price at the AMM (USD/token). */
  priceUsd: number;
  /** Price change over the last decision interval, `P_now / P_then − 1` (fraction; 0 at reset). */
  priceReturn: number;
  /** Network utilisation in the last step: work served over active capacity (fraction; 0 at reset). */
  utilisation: number;
  /** Active providers (providers). */
  activeProviders: number;
}

/** The network part of an observation, read from the world. */
export function marketObservation(w: World, steps: number, priceThen: number): MarketObservation {
  const t = w.totals;
  const price = w.amm.price;
  return {
    step: steps,
    priceUsd: price,
    priceReturn: steps > 0 && priceThen > 0 ? price / priceThen - 1 : 0,
    utilisation:
      steps > 0 && t.capacity > 0 ? t.workServed / (t.capacity * w.params.sim.stepHours) : 0,
    activeProviders: w.roster.statusCounts[Status.Active]!,
  };
}
