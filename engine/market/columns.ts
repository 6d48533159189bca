import type { NetworkParams } from "../params/network.ts";
import { type Column, column } from "../pipeline/outputs.ts";
import type { Amm } from "../state/amm.ts";
import { venueParams } from "./params.ts";

/**
 * The venue's 2% depth now: the USD value at the current price of the tokens
 * a sale must bring to move the price 2% down (fee ignored). A constant-product
 * pool with USD reserve y has y·(1/√0.98 − 1) ≈ 1.02% of y.
 */
export function depth2pctUsd(amm: Amm): number {
  const p = amm.price;
  return amm.tokensToReachPrice(0.98 * p) * p;
}

/**
 * The market phase's venue columns: `marketDepth2pctUsd` (the main venue's)
 * when the venue is not the constant-product pool, there is a second venue or
 * LPs withdraw on volatility; `secondVenuePriceUsd`, `venueSpread` and
 * `venueArbTokens` with `market.secondVenue`; `lpWithdrawnShare` and
 * `realisedVolPerStep` with `market.lpWithdrawal`. None by default.
 */
export function venueColumns(p: NetworkParams): Column[] {
  const v = venueParams(p);
  if (v.venue === "constantProduct" && !v.lpWithdrawal && v.secondVenue === "none") return [];
  const out = [
    column(
      "marketDepth2pctUsd",
      "USD",
      "market venue: USD value at the price of the tokens a sale needs to move the price 2% down (market.venue, market.lpWithdrawal)",
      (w) => depth2pctUsd(w.amm),
    ),
  ];
  if (v.secondVenue !== "none")
    out.push(
      column(
        "secondVenuePriceUsd",
        "USD/token",
        "second venue: its price after the step (market.secondVenue)",
        (w) => w.amm.second?.price ?? Number.NaN,
      ),
      column(
        "venueSpread",
        "fraction",
        "second venue: its price over the main venue's, minus 1, after the step's arbitrage (market.secondVenue)",
        (w) => (w.amm.second ? w.amm.second.price / w.amm.price - 1 : Number.NaN),
      ),
      column(
        "venueArbTokens",
        "tokens",
        "second venue: tokens arbitrageurs moved between the venues this step (market.venueArbCostRate)",
        (w) => w.market.venueArbTokens,
      ),
    );
  if (v.lpWithdrawal)
    out.push(
      column(
        "lpWithdrawnShare",
        "fraction",
        "LP withdrawal: share of the venue's full liquidity withdrawn by liquidity providers (market.lpWithdrawal)",
        (w) => w.market.lp?.withdrawnShare ?? 0,
      ),
      column(
        "realisedVolPerStep",
        "log-return s.d. per step",
        "LP withdrawal: realised volatility of the price over market.lpVolWindowSteps (market.lpWithdrawal)",
        (w) => w.market.lp?.volatility ?? 0,
      ),
    );
  return out;
}
