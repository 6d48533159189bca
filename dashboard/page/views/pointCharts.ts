import { type ChartSpec, chartsFor } from "../../charts/catalog.ts";
import { fanChart, fanExtent } from "../../charts/fanChart.ts";
import type { FanTable } from "../../data/fan.ts";
import { fanMetrics, pointLabel } from "../../data/labels.ts";
import { emptyState, leftOut, pointStory } from "../../data/pointState.ts";
import { spiralShort } from "../../data/spirals.ts";
import { getFan, getJson, type PointMeta } from "../api.ts";
import { chartBox, h } from "../dom.ts";
import { emptyBox, failuresBox } from "./failures.ts";

/** One point's data, ready to chart. */
export interface PointView {
  /** The result and the point's values ("syn · emission.tokensPerEpoch=1000"). */
  name: string;
  caption: HTMLElement;
  /** The failed runs, shown first (absent when none failed). */
  failures?: HTMLElement;
  /** Why the point has no charts (absent when it has them). */
  empty?: HTMLElement;
  /** The charts to draw: none when the point is empty. */
  specs: ChartSpec[];
  fan: FanTable;
  /** Draws one chart, on a given y extent when set, at most `natural` px wide (else the view's width). */
  draw(spec: ChartSpec, yDomain?: readonly [number, number], natural?: number): HTMLElement;
}

/** A chart's place when it has no value to draw: its title and why, never an empty frame. */
const noValues = (title: string) =>
  h(
    "div",
    { class: "chart-empty" },
    h("strong", {}, title),
    h(
      "p",
      { class: "muted" },
      "No value at any step in the runs that completed ok: nothing to draw.",
    ),
  );

/**
 * Fetches a point of a result (spirals and failures as JSON, fan bands as
 * Arrow) and prepares its charts; or, when it has nothing to chart (no finished
 * run, every run failed, a `--no-steps` sweep), the sentence that says why.
 */
export async function pointView(
  id: string,
  point: number,
  width = 620,
  single = false,
  /** Drawn away from the result's page (compare): its empty state points there. */
  elsewhere = false,
): Promise<PointView> {
  const [meta, fan] = await Promise.all([
    getJson<PointMeta>(`/api/results/${id}/points/${point}`),
    getFan(id, point),
  ]);
  const story = pointStory(meta);
  const subtitle = [spiralShort(meta.spiralledRuns, meta.runs), leftOut(meta.failures.length)]
    .filter(Boolean)
    .join(" · ");
  const draw = (spec: ChartSpec, yDomain?: readonly [number, number], natural = width) =>
    chartBox((maxWidth) =>
      fanExtent(spec, fan) === undefined
        ? noValues(spec.title)
        : fanChart(
            spec,
            {
              fan,
              stepHours: meta.stepHours,
              spirals: meta.spirals,
              shocks: meta.shocks,
              runs: meta.runs,
              subtitle,
              ...(yDomain ? { yDomain } : {}),
            },
            { document, width: natural, maxWidth },
          ),
    );
  const label = pointLabel(meta.values);
  const name = `${id}${label ? ` · ${label}` : ""}`;
  const caption = h(
    "p",
    {},
    h("strong", {}, name),
    " · ",
    h(
      "span",
      { class: meta.failures.length > 0 ? "error" : meta.spiralledRuns > 0 ? "spiral" : "" },
      story,
    ),
  );
  const empty = emptyState(meta, single ? "run" : "sweep", elsewhere ? "elsewhere" : "below");
  return {
    name,
    caption,
    ...(meta.failures.length > 0
      ? { failures: failuresBox(id, point, meta.failures, meta.stepHours, single) }
      : {}),
    ...(empty ? { empty: emptyBox(empty) } : {}),
    specs: empty ? [] : chartsFor(fanMetrics(fan)),
    fan,
    draw,
  };
}

/**
 * The time-series charts of one point of a result, by chart id, and what goes
 * before them: the failed runs, the caption, and the empty state when there is
 * nothing to chart.
 */
export async function pointCharts(
  id: string,
  point: number,
  width = 620,
  single = false,
): Promise<{ before: HTMLElement[]; charts: Map<string, HTMLElement> }> {
  const view = await pointView(id, point, width, single);
  return {
    before: [view.caption, view.failures, view.empty].filter((e): e is HTMLElement => !!e),
    charts: new Map(view.specs.map((s) => [s.id, view.draw(s)])),
  };
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
