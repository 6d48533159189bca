import { rareChartSet } from "../../charts/rareCharts.ts";
import { rareLines, replicaTable } from "../../data/rareTables.ts";
import type { RareView } from "../../data/rareView.ts";
import { chartBox, h } from "../dom.ts";
import { textTable } from "./tables.ts";

/**
 * A rare-event estimate (`tokensim rare`): the estimate in words, the
 * splitting levels and the running estimate by level, and each replica.
 */
export function rareSections(view: RareView): HTMLElement[] {
  const [headline, ...rest] = rareLines(view);
  return [
    h("p", { id: "rare-estimate" }, headline ?? ""),
    ...rest.map((l) => h("p", { class: "muted" }, l)),
    h("h2", {}, "Splitting levels and the running estimate"),
    view.iterations.length === 0
      ? h(
          "p",
          { class: "empty-state", id: "rare-charts-empty" },
          "No iteration recorded: this folder has no rare.arrow (or it is empty).",
        )
      : h(
          "div",
          { class: "charts", id: "rare-charts" },
          ...rareChartSet(view).map((c) => chartBox((maxWidth) => c.draw({ document, maxWidth }))),
        ),
    h("h2", {}, "Replicas"),
    textTable(replicaTable(view), "rare-replicas"),
  ];
}
