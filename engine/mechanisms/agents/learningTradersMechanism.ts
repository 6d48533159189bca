import { column } from "../../pipeline/outputs.ts";
import { definePhase } from "../../pipeline/phase.ts";
import { defineMechanism, type Mechanism } from "../mechanism.ts";
import { traderTrade } from "../traders.ts";
import { LearningTraders, learningTradersSection } from "./learningTraders.ts";

/**
 * The `learningTraders` mechanism: speculators that weigh trend following
 * against mean reversion by each rule's recent profit ({@link LearningTraders}).
 * Its phase `learningTraders` runs after `market` and trades through the AMM with
 * the traders' account (`traderTrade`); with `learningTraders.share` 0 (the
 * default) it does nothing and adds no column. On, it adds `learnedTrendWeight`
 * and `learningTraderUsd`.
 */
export const learningTradersMechanism: Mechanism = defineMechanism({
  name: "learningTraders",
  description:
    "speculators that split their trading between trend following and mean reversion by each rule's recent profit",
  section: learningTradersSection,
  phases: [
    definePhase("learningTraders", (w) => {
      const p = w.params.learningTraders;
      if (!p || p.share <= 0) return { name: "learningTraders", run() {} };
      const traders = new LearningTraders(p);
      return {
        name: "learningTraders",
        after: ["market"],
        run(w) {
          traderTrade(traders.order(w.amm.price, w.amm.usdReserve), w.amm, w.ledger);
        },
        columns: [
          column(
            "learnedTrendWeight",
            "fraction",
            "learning speculators' weight on trend following (the rest on mean reversion)",
            () => traders.weight,
          ),
          column(
            "learningTraderUsd",
            "USD",
            "learning speculators' order this step (negative: a sale)",
            () => traders.orderUsd,
          ),
        ],
      };
    }),
  ],
});
