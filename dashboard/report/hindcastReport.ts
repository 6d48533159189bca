import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { parseHTML } from "linkedom";
import type { Hindcast } from "../../engine/fit/hindcast.ts";
import { hindcastCharts } from "../charts/hindcastChart.ts";
import { hindcastView } from "../data/hindcast.ts";
import { svgToPng } from "./png.ts";
import type { ReportChart, ReportOptions } from "./render.ts";
import { svgText } from "./svgText.ts";

const escapeHtml = (s: string) =>
  s.replace(/[&<>"]/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;" })[c]!);

/**
 * Draws a fit's or a counterfactual's `hindcast.json` as one chart per observed
 * series (`hindcast-<column>.svg`, and PNG): the observations against the
 * simulated band (10-90% and median over runs) of each world, with an
 * index.html that shows them.
 */
export function renderHindcastReport(
  hindcast: Hindcast,
  out: string,
  opts: Pick<ReportOptions, "png"> = {},
): ReportChart[] {
  mkdirSync(out, { recursive: true });
  const document = parseHTML("<!doctype html><html><body></body></html>")
    .document as unknown as Document;
  const charts = hindcastCharts(
    hindcast.series.map((s) => hindcastView(hindcast, s)),
    { document },
  );
  const written: ReportChart[] = [];
  for (const c of charts) {
    const text = svgText(c.svg);
    writeFileSync(join(out, `${c.name}.svg`), text);
    if (opts.png !== false) writeFileSync(join(out, `${c.name}.png`), svgToPng(text));
    written.push({ name: c.name, title: c.title, section: "Hindcast" });
  }
  const figures = written
    .map(
      (c) =>
        `<figure><img src="${c.name}.svg" alt="${escapeHtml(c.title)}" width="640"><figcaption>${escapeHtml(c.title)}</figcaption></figure>`,
    )
    .join("\n");
  writeFileSync(
    join(out, "index.html"),
    `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>tokensim: hindcast</title>
<style>body{font-family:system-ui,sans-serif;margin:1.5rem;color:#222}figure{margin:0 0 1rem}img{max-width:100%;border:1px solid #ddd}</style>
</head><body><h1>Hindcast: observed against simulated</h1>
${figures}
</body></html>
`,
  );
  return written;
}
