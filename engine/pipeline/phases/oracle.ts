import { column } from "../outputs.ts";
import type { PhaseFactory } from "../phase.ts";

/**
 * The price oracle (the `oracle` phase), with `oracle.enabled`; otherwise it
 * does nothing and adds no output. After `shocks`, it records the AMM price
 * (the previous step's close, moved by the step's scheduled shocks if any)
 * and sets the price the oracle reports in this step (see `OracleState`),
 * which credits (redemptions,
 * collateral ratio), burn-pegged emission, the governance price rule and the
 * subsidies' price band read through `rulePrice`.
 *
 * Reads `w.amm.price`; writes `w.oracle`. Adds the column `oraclePriceUsd`.
 */
export const oraclePhase: PhaseFactory = (w) => {
  if (!w.params.oracle.enabled) return { name: "oracle", run() {} };
  const state = w.oracle;
  return {
    name: "oracle",
    after: ["shocks"],
    writes: ["oracle"],
    run(w) {
      state.observe(w.amm.price);
    },
    columns: [
      column(
        "oraclePriceUsd",
        "USD/token",
        "oracle: the price mechanisms' rules read in this step (mean of windowSteps closes, delaySteps old; oracle.enabled)",
        () => state.price,
      ),
    ],
  };
};
