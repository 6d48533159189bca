import { chartsFor } from "../../charts/catalog.ts";
import { fanChart } from "../../charts/fanChart.ts";
import { fanMetrics, pointLabel } from "../../data/labels.ts";
import { spiralCaption, spiralShort } from "../../data/spirals.ts";
import { getFan, getJson, type PointMeta } from "../api.ts";
import { chartBox, h } from "../dom.ts";

/** The time-series charts of one point of a result, by chart id, with a caption. */
export async function pointCharts(
  id: string,
  point: number,
  width = 620,
): Promise<{ caption: HTMLElement; charts: Map<string, HTMLElement> }> {
  const [meta, fan] = await Promise.all([
    getJson<PointMeta>(`/api/results/${id}/points/${point}`),
    getFan(id, point),
  ]);
  const story = spiralCaption(meta.spirals, meta.spiralledRuns, meta.runs);
  const charts = new Map<string, HTMLElement>();
  for (const spec of chartsFor(fanMetrics(fan))) {
    const svg = fanChart(
      spec,
      {
        fan,
        stepHours: meta.stepHours,
        spirals: meta.spirals,
        runs: meta.runs,
        subtitle: spiralShort(meta.spiralledRuns, meta.runs),
      },
      { document, width },
    );
    charts.set(spec.id, chartBox(svg));
  }
  const label = pointLabel(meta.values);
  const caption = h(
    "p",
    {},
    h("strong", {}, `${id}${label ? ` · ${label}` : ""}`),
    " · ",
    h("span", { class: meta.spiralledRuns > 0 ? "spiral" : "" }, story),
  );
  return { caption, charts };
}
