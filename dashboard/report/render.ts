import { existsSync, mkdirSync, writeFileSync } from "node:fs";
import { basename, join } from "node:path";
import { parseHTML } from "linkedom";
import { analysisCharts } from "../charts/analysisSet.ts";
import { chartsFor } from "../charts/catalog.ts";
import { fanChart } from "../charts/fanChart.ts";
import { heatmap } from "../charts/heatmap.ts";
import { readAnalysis } from "../data/analysis.ts";
import { readArrow } from "../data/arrowTable.ts";
import { failureLine } from "../data/failures.ts";
import { heatmapCells, isConstant, metricLabel } from "../data/heatmapData.ts";
import { heatmapTable } from "../data/heatmapTable.ts";
import { heatmapTitle, PROFIT_METRIC } from "../data/heatmapTitle.ts";
import { fanMetrics, pointLabel } from "../data/labels.ts";
import { pointFan } from "../data/pointFan.ts";
import { pointParams } from "../data/pointShocks.ts";
import { emptyState, leftOut, pointStory } from "../data/pointState.ts";
import { describeResult, loadPoint } from "../data/resultStore.ts";
import { shockMarks } from "../data/shocks.ts";
import { spiralShort } from "../data/spirals.ts";
import { svgToPng } from "./png.ts";
import { svgText } from "./svgText.ts";

/** One chart written by {@link renderReport}. */
export interface ReportChart {
  /** File name without extension (`p0000-price`). */
  name: string;
  title: string;
  section: string;
}

export interface ReportOptions {
  /** Write PNGs too (default true). */
  png?: boolean;
  /** At most this many points get time-series charts (default 12). */
  maxPoints?: number;
}

/** Units of the report's heatmaps, where the table's field metadata does not give them. */
const UNITS: Record<string, string> = {
  priceEndUsd_p50: "USD/token",
  providersActiveEnd_p50: "providers",
  [PROFIT_METRIC]: "USD/hour",
};

const escapeHtml = (s: string) =>
  s.replace(/[&<>"]/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;" })[c]!);

/**
 * Draws a result's charts as SVG (and PNG) files into `out`, with an
 * index.html that shows them: the sweep heatmaps, then the time-series charts
 * of each point. The same chart builders as the dashboard's page.
 */
export async function renderReport(
  resultDir: string,
  out: string,
  opts: ReportOptions = {},
): Promise<ReportChart[]> {
  mkdirSync(out, { recursive: true });
  const info = describeResult(resultDir, basename(resultDir));
  const charts: ReportChart[] = [];
  /** The death-spiral story of each section (point), shown under its heading. */
  const captions = new Map<string, string>();
  const write = (name: string, svg: SVGSVGElement, title: string, section: string) => {
    const text = svgText(svg);
    writeFileSync(join(out, `${name}.svg`), text);
    if (opts.png !== false) writeFileSync(join(out, `${name}.png`), svgToPng(text));
    charts.push({ name, title, section });
  };
  const doc = () =>
    parseHTML("<!doctype html><html><body></body></html>").document as unknown as Document;
  const sweepPath = join(resultDir, "sweep.arrow");
  if (info.kind === "sweep" && existsSync(sweepPath) && info.axes.length > 0) {
    const sweep = readArrow(await heatmapTable(resultDir));
    // Titles where the table's field metadata does not give one.
    const metrics: [string, string][] = [
      ["pDeathSpiral", "P(death spiral)"],
      ["priceEndUsd_p50", "Median final price"],
      ["providersActiveEnd_p50", "Median active providers at the end"],
      [PROFIT_METRIC, heatmapTitle(PROFIT_METRIC)],
    ];
    for (const [metric, fallback] of metrics) {
      const values = sweep.get(metric);
      // An outcome with the same value at every point has nothing to compare.
      if (!values || (metric !== "pDeathSpiral" && isConstant(values))) continue;
      const { cells, xLabel, yLabel } = heatmapCells(sweep, metric);
      const { title, unit, probability } = metricLabel(sweep, metric, fallback);
      write(
        `heatmap-${metric}`,
        heatmap(
          { cells, xLabel, yLabel, title, unit: unit || (UNITS[metric] ?? ""), probability },
          { document: doc() },
        ),
        title,
        "Sweep",
      );
    }
  }
  const analysis = info.kind === "sweep" ? await readAnalysis(resultDir) : undefined;
  for (const c of analysis ? analysisCharts(analysis) : [])
    write(c.name, c.draw({ document: doc() }), c.title, "Sensitivity analysis");
  for (const point of info.points.slice(0, opts.maxPoints ?? 12)) {
    const data = loadPoint(resultDir, info, point.index);
    const label = pointLabel(point.values);
    const section =
      info.kind === "run" ? info.scenario : `point ${point.index}${label ? `: ${label}` : ""}`;
    const facts = { ...data, seriesRuns: data.series.length };
    // Failed runs first, left out of the charts; a point with nothing to chart says why.
    const failed = data.failures.map((f) => `run ${f.run}: ${failureLine(f, data.stepHours)}`);
    const empty = emptyState(facts, info.kind);
    captions.set(section, [pointStory(facts), ...failed, empty ?? ""].filter(Boolean).join(". "));
    if (empty) continue;
    const params = await pointParams(resultDir, data);
    const fan = pointFan(data, params);
    const shocks = params === undefined ? [] : shockMarks(params);
    for (const spec of chartsFor(fanMetrics(fan))) {
      const svg = fanChart(
        spec,
        {
          fan,
          stepHours: data.stepHours,
          spirals: data.spirals,
          shocks,
          runs: data.runs,
          subtitle: [spiralShort(data.spiralledRuns, data.runs), leftOut(data.failures.length)]
            .filter(Boolean)
            .join(" · "),
        },
        { document: doc() },
      );
      write(`p${String(point.index).padStart(4, "0")}-${spec.id}`, svg, spec.title, section);
    }
  }
  writeFileSync(
    join(out, "index.html"),
    indexHtml(info.scenario, basename(resultDir), charts, captions, opts.png !== false),
  );
  return charts;
}

function indexHtml(
  scenario: string,
  id: string,
  charts: ReportChart[],
  captions: ReadonlyMap<string, string>,
  png: boolean,
): string {
  // The heatmaps' section, then every point's (one with no chart says why in its caption).
  const points = [...captions.keys()];
  const order = (section: string) =>
    section === "Sweep" ? -2 : section === "Sensitivity analysis" ? -1 : points.indexOf(section);
  const sections = [...new Set([...charts.map((c) => c.section), ...captions.keys()])].sort(
    (a, b) => order(a) - order(b),
  );
  const body = sections
    .map(
      (s) =>
        `<section><h2>${escapeHtml(s)}</h2>${captions.has(s) ? `<p>${escapeHtml(captions.get(s)!)}</p>` : ""}<div class="grid">${charts
          .filter((c) => c.section === s)
          .map(
            (c) =>
              `<figure><img src="${c.name}.svg" alt="${escapeHtml(c.title)}" width="640"><figcaption><a href="${c.name}.svg">SVG</a>${png ? ` · <a href="${c.name}.png">PNG</a>` : ""}</figcaption></figure>`,
          )
          .join("")}</div></section>`,
    )
    .join("\n");
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>tokensim: ${escapeHtml(id)}</title>
<style>body{font-family:system-ui,sans-serif;margin:1.5rem;color:#222}.grid{display:flex;flex-wrap:wrap;gap:1rem}figure{margin:0}img{max-width:100%;border:1px solid #ddd}figcaption{font-size:.8rem}</style>
</head><body><h1>${escapeHtml(id)} <small>(${escapeHtml(scenario)})</small></h1>
${body}
</body></html>
`;
}
