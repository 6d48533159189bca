import { mkdirSync, writeFileSync } from "node:fs";
import { basename, join } from "node:path";
import { parseHTML } from "linkedom";
import type { NamedChart } from "../charts/analysisSet.ts";
import { rareChartSet } from "../charts/rareCharts.ts";
import { optimizeChartSet, stressChartSet } from "../charts/studySet.ts";
import { readOptimizeView } from "../data/optimizeView.ts";
import { rareLines, replicaTable } from "../data/rareTables.ts";
import { readRareView } from "../data/rareView.ts";
import { readStressCompareView, readStressView, type StressView } from "../data/stressView.ts";
import { studyKind } from "../data/studyFiles.ts";
import {
  finalistTable,
  minimalTable,
  type TextTable,
  type TrajectoryNote,
  trajectoryNote,
} from "../data/studyTables.ts";
import { svgToPng } from "./png.ts";
import type { ReportChart, ReportOptions } from "./render.ts";
import { svgText } from "./svgText.ts";

const escapeHtml = (s: string) =>
  s.replace(/[&<>"]/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;" })[c]!);

/** A section of a study's index.html: a heading, lines of text, charts and tables. */
interface Section {
  heading: string;
  lines: string[];
  charts: ReportChart[];
  tables: { caption: string; table: TextTable }[];
  /** Text with commands, after the tables (why there are no trajectories). */
  notes?: TrajectoryNote[];
}

const tableHtml = ({ caption, table }: Section["tables"][number]) =>
  `<table><caption>${escapeHtml(caption)}</caption><tr>${table.headers.map((h) => `<th>${escapeHtml(h)}</th>`).join("")}</tr>${table.rows
    .map(
      (r, i) =>
        `<tr${i === table.marked ? ' class="marked"' : ""}>${r.map((c) => `<td>${escapeHtml(c)}</td>`).join("")}</tr>`,
    )
    .join("")}</table>`;

function indexHtml(title: string, sections: Section[], png: boolean): string {
  const body = sections
    .map(
      (s) =>
        `<section><h2>${escapeHtml(s.heading)}</h2>${s.lines.map((l) => `<p>${escapeHtml(l)}</p>`).join("")}<div class="grid">${s.charts
          .map(
            (c) =>
              `<figure><img src="${c.name}.svg" alt="${escapeHtml(c.title)}" width="640"><figcaption><a href="${c.name}.svg">SVG</a>${png ? ` · <a href="${c.name}.png">PNG</a>` : ""}</figcaption></figure>`,
          )
          .join("")}</div>${s.tables.map(tableHtml).join("")}${(s.notes ?? [])
          .map(
            (n) =>
              `<p>${escapeHtml(n.note)}</p>${n.commands.map((c) => `<p>${escapeHtml(c.label)}:</p><pre>${escapeHtml(c.command)}</pre>`).join("")}`,
          )
          .join("")}</section>`,
    )
    .join("\n");
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>tokensim: ${escapeHtml(title)}</title>
<style>body{font-family:system-ui,sans-serif;margin:1.5rem;color:#222}.grid{display:flex;flex-wrap:wrap;gap:1rem}figure{margin:0}img{max-width:100%;border:1px solid #ddd}figcaption{font-size:.8rem}table{border-collapse:collapse;font-size:.85rem;margin:1rem 0}caption{text-align:left;font-weight:bold}td,th{border:1px solid #ddd;padding:.2rem .5rem;text-align:right}pre{white-space:pre-wrap;background:#f4f4f4;padding:.4rem}tr.marked{background:#fdf1e3}</style>
</head><body><h1>${escapeHtml(title)}</h1>
${body}
</body></html>
`;
}

/** File-name-safe text (a compared value such as `burnPegged`). */
const fileSafe = (s: string) => s.replace(/[^A-Za-z0-9._-]/g, "_");

/**
 * Whether `dir` is a study folder `tokensim plot` draws with
 * {@link renderStudyReport}: an optimisation, a stress search or a stress comparison.
 */
export const isStudyFolder = (dir: string): boolean => studyKind(dir) !== undefined;

/**
 * Draws a study folder's charts as SVG (and PNG) files into `out`, with an
 * index.html that shows them and the tables: an optimisation's convergence by
 * generation per objective, its Pareto front (two or more objectives) and the
 * finalists; a stress search's frontier and minimal shocks (each value's, for
 * a comparison). The same chart builders as the dashboard's study page.
 */
export function renderStudyReport(
  dir: string,
  out: string,
  opts: Pick<ReportOptions, "png"> = {},
): ReportChart[] {
  mkdirSync(out, { recursive: true });
  const kind = studyKind(dir);
  const id = basename(dir);
  const charts: ReportChart[] = [];
  const sections: Section[] = [];
  const doc = () =>
    parseHTML("<!doctype html><html><body></body></html>").document as unknown as Document;
  const draw = (set: NamedChart[], section: Section) => {
    for (const c of set) {
      const text = svgText(c.draw({ document: doc() }));
      writeFileSync(join(out, `${c.name}.svg`), text);
      if (opts.png !== false) writeFileSync(join(out, `${c.name}.png`), svgToPng(text));
      const chart = { name: c.name, title: c.title, section: section.heading };
      charts.push(chart);
      section.charts.push(chart);
    }
  };
  const stressSection = (heading: string, view: StressView, suffix?: string) => {
    const s: Section = {
      heading,
      lines: [
        `${view.scenario}: the cheapest ${view.families.join(" + ")} shock with P(spiral) ≥ ${view.p}; stopped by ${view.stopped}; ${view.runs.search} search runs, ${view.runs.final} on fresh seeds, ${view.runs.legs} re-run for legs.`,
        `Cost measure: ${view.costMeasure}`,
      ],
      // Without the two per-step files (an older stress output): how to make them.
      notes: view.trajectories ? [] : [trajectoryNote(view, dir)],
      charts: [],
      tables: [{ caption: "Minimal shocks (fresh seeds)", table: minimalTable(view) }],
    };
    draw(stressChartSet(view, suffix), s);
    sections.push(s);
  };
  let title = id;
  if (kind === "optimize") {
    const view = readOptimizeView(dir);
    title = `${id} (optimize ${view?.scenario ?? ""})`;
    const s: Section = { heading: "Optimisation", lines: [], charts: [], tables: [] };
    if (!view)
      s.lines.push(
        "optimize.json is not written yet: the study is running or was interrupted (--resume continues it).",
      );
    else {
      s.lines.push(
        `${view.algorithm}, ${view.generations} generations, stopped by ${view.stopped}; ${view.runs.search} search runs and ${view.runs.final} on fresh seeds. Marked: ${view.chosenWhy}.`,
      );
      s.tables.push({
        caption: "Best parameters (re-evaluated on fresh seeds)",
        table: finalistTable(view),
      });
      draw(optimizeChartSet(view), s);
    }
    sections.push(s);
  } else if (kind === "stress") {
    const view = readStressView(dir);
    title = `${id} (stress ${view?.scenario ?? ""})`;
    if (view) stressSection("Stress search", view);
    else
      sections.push({
        heading: "Stress search",
        lines: ["stress.json is not written yet: the search is running or was interrupted."],
        charts: [],
        tables: [],
      });
  } else if (kind === "stress-compare") {
    const c = readStressCompareView(dir);
    title = `${id} (stress comparison by ${c.key})`;
    for (const v of c.values) {
      const heading = `${c.key}=${v.value}`;
      if (v.view) stressSection(heading, v.view, fileSafe(v.value));
      else
        sections.push({
          heading,
          lines: ["stress.json is not written yet."],
          charts: [],
          tables: [],
        });
    }
  }
  if (kind === "rare") {
    const view = readRareView(dir);
    title = `${id} (rare ${view?.scenario ?? ""})`;
    const s: Section = { heading: "Rare-event estimate", lines: [], charts: [], tables: [] };
    if (view) {
      s.lines.push(...rareLines(view));
      s.tables.push({ caption: "Replicas", table: replicaTable(view) });
      draw(rareChartSet(view), s);
    } else s.lines.push("rare.json is not written yet.");
    sections.push(s);
  }
  writeFileSync(join(out, "index.html"), indexHtml(title, sections, opts.png !== false));
  return charts;
}
