import { heatmap } from "../../charts/heatmap.ts";
import { failureValue } from "../../data/failures.ts";
import { heatmapCells, heatmapMetrics, metricLabel } from "../../data/heatmapData.ts";
import { pointLabel } from "../../data/labels.ts";
import { getHeatmapTable, getJson, type ResultDetail } from "../api.ts";
import { chartBox, h, scrollBox, show } from "../dom.ts";
import { drawCharts } from "../responsive.ts";
import { analysisSection } from "./analysis.ts";
import { failedBanner } from "./failures.ts";
import { pointCharts } from "./pointCharts.ts";

/** A figure of the runs table; huge ones (a failed run's 3e+83) in exponent form. */
const fmt = (v: number | null, digits = 3) =>
  v === null
    ? "–"
    : Math.abs(v) >= 1e9
      ? failureValue(v)
      : Number(v.toPrecision(digits)).toLocaleString("en-US");

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
  if (r.kind !== "sweep" || r.axes.length === 0) return null;
  // An unfinished sweep has no sweep.arrow yet: say so rather than draw nothing.
  if (!r.tables.includes("sweep.arrow"))
    return h(
      "section",
      {},
      h("h2", {}, "Sweep heatmap"),
      h(
        "p",
        { class: "empty-state", id: "heatmap-empty" },
        `The heatmap is drawn when the sweep completes (its table of outcomes, sweep.arrow, is written at the end): ${r.runsDone} of ${r.points.length * r.runsPerPoint} runs are done.`,
      ),
    );
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
  // The point's data is fetched while the heatmap's is: a cold sweep page waits
  // for the slower of the two, not for both one after the other.
  const pointData = pointCharts(id, point, 620, r.kind === "run");
  pointData.catch(() => {}); // awaited below; its error is shown there
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
        `${r.scenario} · ${r.kind} · ${r.runsDone} run${r.runsDone === 1 ? "" : "s"}${r.failedRuns > 0 ? ` (${r.failedRuns} failed)` : ""}${r.complete ? "" : " (incomplete)"}`,
      ),
    ),
    // Failed runs first, before the heatmap and the charts.
    failedBanner(r) ?? "",
    downloads(r),
    (await heatmapSection(r)) ?? "",
    r.analysis ? await analysisSection(id) : "",
    h("h2", {}, "Time series"),
    r.points.length > 1 ? h("label", {}, "point ", pointSelect) : "",
    charts,
  );
  const { before, charts: byId } = await pointData;
  show(charts, ...byId.values());
  charts.before(...before);
  if (r.kind === "sweep") {
    const rows = r.runs.filter((x) => x.point === point);
    if (rows.length === 0) {
      root.append(
        h("h2", {}, "Runs"),
        h(
          "p",
          { class: "empty-state", id: "runs-empty" },
          `No run of this point has finished yet (0 of ${r.runsPerPoint}): its runs are listed here as they complete.`,
        ),
      );
      return;
    }
    const steps = (x: ResultDetail["runs"][number], format: string) =>
      h(
        "a",
        {
          href: `/api/results/${id}/points/${x.point}/runs/${x.run}/steps${format === "csv" ? "?format=csv" : ""}`,
        },
        format,
      );
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
              { class: x.status === "ok" ? "" : "failed" },
              h("td", {}, String(x.run)),
              h("td", {}, String(x.seed)),
              h("td", { title: x.message }, x.status),
              h("td", { class: x.deathSpirals ? "spiral" : "" }, String(x.deathSpirals)),
              h("td", {}, fmt(x.priceEndUsd)),
              h("td", {}, fmt(x.maxDrawdownPct)),
              h("td", {}, fmt(x.providersActiveEnd, 6)),
              r.stepsKept
                ? h("td", {}, steps(x, "arrow"), " ", steps(x, "csv"))
                : h("td", { class: "muted", title: "the sweep was run with --no-steps" }, "none"),
            ),
          ),
        ),
      ),
    );
  }
}
