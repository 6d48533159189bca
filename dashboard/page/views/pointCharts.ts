import { type ChartSpec, chartsFor } from "../../charts/catalog.ts";
import { fanChart, fanExtent } from "../../charts/fanChart.ts";
import type { FanTable } from "../../data/fan.ts";
import { fanMetrics, pointLabel } from "../../data/labels.ts";
import { spiralCaption, spiralShort } from "../../data/spirals.ts";
import { getFan, getJson, type PointMeta } from "../api.ts";
import { chartBox, h } from "../dom.ts";

/** One point's data, ready to chart. */
export interface PointView {
  caption: HTMLElement;
  specs: ChartSpec[];
  fan: FanTable;
  /** Draws one chart, on a given y extent when set. */
  draw(spec: ChartSpec, yDomain?: readonly [number, number]): HTMLElement;
}

/** Fetches a point of a result (spirals as JSON, fan bands as Arrow) and prepares its charts. */
export async function pointView(id: string, point: number, width = 620): Promise<PointView> {
  const [meta, fan] = await Promise.all([
    getJson<PointMeta>(`/api/results/${id}/points/${point}`),
    getFan(id, point),
  ]);
  const story = spiralCaption(meta.spirals, meta.spiralledRuns, meta.runs);
  const draw = (spec: ChartSpec, yDomain?: readonly [number, number]) =>
    chartBox((maxWidth) =>
      fanChart(
        spec,
        {
          fan,
          stepHours: meta.stepHours,
          spirals: meta.spirals,
          shocks: meta.shocks,
          runs: meta.runs,
          subtitle: spiralShort(meta.spiralledRuns, meta.runs),
          ...(yDomain ? { yDomain } : {}),
        },
        { document, width, maxWidth },
      ),
    );
  const label = pointLabel(meta.values);
  const caption = h(
    "p",
    {},
    h("strong", {}, `${id}${label ? ` · ${label}` : ""}`),
    " · ",
    h("span", { class: meta.spiralledRuns > 0 ? "spiral" : "" }, story),
  );
  return { caption, specs: chartsFor(fanMetrics(fan)), fan, draw };
}

/** The time-series charts of one point of a result, by chart id, with a caption. */
export async function pointCharts(
  id: string,
  point: number,
  width = 620,
): Promise<{ caption: HTMLElement; charts: Map<string, HTMLElement> }> {
  const view = await pointView(id, point, width);
  return { caption: view.caption, charts: new Map(view.specs.map((s) => [s.id, view.draw(s)])) };
}

/** The union of two extents (either may be missing). */
export function union(
  a: [number, number] | undefined,
  b: [number, number] | undefined,
): [number, number] | undefined {
  if (!a) return b;
  if (!b) return a;
  return [Math.min(a[0], b[0]), Math.max(a[1], b[1])];
}

export { fanExtent };
