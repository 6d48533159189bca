import { heatmap } from "../../charts/heatmap.ts";
import { heatmapCells, heatmapMetrics, metricLabel } from "../../data/heatmapData.ts";
import { pointLabel } from "../../data/labels.ts";
import { getHeatmapTable, getJson, type ResultDetail } from "../api.ts";
import { chartBox, h, scrollBox, show } from "../dom.ts";
import { drawCharts } from "../responsive.ts";
import { pointCharts } from "./pointCharts.ts";

const fmt = (v: number | null, digits = 3) =>
  v === null ? "–" : Number(v.toPrecision(digits)).toLocaleString("en-US");

function downloads(r: ResultDetail): HTMLElement {
  const links = r.tables.flatMap((t) => {
    const name = t.replace(/\.arrow$/, "");
    return [
      h(
        "a",
        { href: `/api/results/${r.id}/tables/${name}`, download: `${r.id}-${name}.arrow` },
        `${t}`,
      ),
      " ",
      h(
        "a",
        { href: `/api/results/${r.id}/tables/${name}?format=csv`, download: `${r.id}-${name}.csv` },
        `(CSV)`,
      ),
      " · ",
    ];
  });
  return h("p", { id: "downloads" }, "Downloads: ", ...links);
}

/** A sweep heatmap of the chosen metric over the first two swept parameters. */
async function heatmapSection(r: ResultDetail): Promise<HTMLElement | null> {
  if (r.kind !== "sweep" || !r.tables.includes("sweep.arrow") || r.axes.length === 0) return null;
  const sweep = await getHeatmapTable(r.id);
  // Outcomes with the same value at every point are left out: nothing to compare.
  const metrics = heatmapMetrics(sweep);
  const box = h("div", { class: "charts" });
  const select = h(
    "select",
    { id: "heatmap-metric" },
    ...metrics.map((m) => {
      const { title, unit } = metricLabel(sweep, m);
      return h("option", { value: m }, unit ? `${title} (${unit})` : title);
    }),
  );
  const draw = () => {
    const metric = select.value;
    const { cells, xLabel, yLabel } = heatmapCells(sweep, metric);
    const { title, unit, probability } = metricLabel(sweep, metric);
    const input = { cells, xLabel, yLabel, title, unit, probability };
    show(
      box,
      chartBox((maxWidth) => heatmap(input, { document, maxWidth })),
    );
    drawCharts(box);
  };
  select.addEventListener("change", draw);
  draw();
  return h("section", {}, h("h2", {}, "Sweep heatmap"), h("label", {}, "metric ", select), box);
}

/** One result: heatmap (sweeps), per-point fan charts with death spirals, runs, downloads. */
export async function resultView(root: HTMLElement, id: string, point = 0): Promise<void> {
  const r = await getJson<ResultDetail>(`/api/results/${id}`);
  const pointSelect = h(
    "select",
    {
      id: "point",
      onchange: (e: Event) =>
        (location.hash = `#/result/${id}/${(e.target as HTMLSelectElement).value}`),
    },
    ...r.points.map((p) =>
      h(
        "option",
        { value: p.index, selected: p.index === point },
        `point ${p.index}: ${pointLabel(p.values) || "(defaults)"}`,
      ),
    ),
  );
  const charts = h("div", { class: "charts", id: "charts" });
  show(
    root,
    h(
      "h1",
      {},
      `${r.id} `,
      h(
        "small",
        { class: "muted" },
        `${r.scenario} · ${r.kind} · ${r.runsDone} run${r.runsDone === 1 ? "" : "s"}${r.complete ? "" : " (incomplete)"}`,
      ),
    ),
    downloads(r),
    (await heatmapSection(r)) ?? "",
    h("h2", {}, "Time series"),
    r.points.length > 1 ? h("label", {}, "point ", pointSelect) : "",
    charts,
  );
  const { caption, charts: byId } = await pointCharts(id, point);
  show(charts, ...byId.values());
  charts.before(caption);
  if (r.runs.length) {
    const rows = r.runs.filter((x) => x.point === point);
    root.append(
      h("h2", {}, "Runs"),
      scrollBox(
        h(
          "table",
          { id: "runs" },
          h(
            "tr",
            {},
            ...[
              "run",
              "seed",
              "status",
              "spirals",
              "final price",
              "max drawdown %",
              "active at end",
              "steps",
            ].map((t) => h("th", {}, t)),
          ),
          ...rows.map((x) =>
            h(
              "tr",
              {},
              h("td", {}, String(x.run)),
              h("td", {}, String(x.seed)),
              h("td", { title: x.message }, x.status),
              h("td", { class: x.deathSpirals ? "spiral" : "" }, String(x.deathSpirals)),
              h("td", {}, fmt(x.priceEndUsd)),
              h("td", {}, fmt(x.maxDrawdownPct)),
              h("td", {}, fmt(x.providersActiveEnd, 6)),
              h(
                "td",
                {},
                h(
                  "a",
                  { href: `/api/results/${id}/points/${x.point}/runs/${x.run}/steps` },
                  "arrow",
                ),
                " ",
                h(
                  "a",
                  { href: `/api/results/${id}/points/${x.point}/runs/${x.run}/steps?format=csv` },
                  "csv",
                ),
              ),
            ),
          ),
        ),
      ),
    );
  }
}
