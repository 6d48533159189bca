import { existsSync, mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { parseArgs } from "node:util";
import { parseHTML } from "linkedom";
import { networksChartSet } from "../../dashboard/charts/networksCharts.ts";
import { readHindcast } from "../../dashboard/data/hindcastFile.ts";
import { type NetworksView, readNetworksView } from "../../dashboard/data/networksView.ts";
import { renderHindcastReport } from "../../dashboard/report/hindcastReport.ts";
import { svgToPng } from "../../dashboard/report/png.ts";
import { renderReport } from "../../dashboard/report/render.ts";
import { isStudyFolder, renderStudyReport } from "../../dashboard/report/studyReport.ts";
import { svgText } from "../../dashboard/report/svgText.ts";
import { type CliCommand, UsageError } from "../command.ts";

/** A compete folder's charts (networksChartSet) as SVG (and PNG) files with an index.html; their names. */
function writeNetworksReport(view: NetworksView, out: string, png: boolean): string[] {
  mkdirSync(out, { recursive: true });
  const figures: string[] = [];
  for (const c of networksChartSet(view)) {
    const doc = parseHTML("<!doctype html><html><body></body></html>")
      .document as unknown as Document;
    const text = svgText(c.draw({ document: doc }));
    writeFileSync(join(out, `${c.name}.svg`), text);
    if (png) writeFileSync(join(out, `${c.name}.png`), svgToPng(text));
    figures.push(`<figure><img src="${c.name}.svg" alt="${c.title}" width="640"></figure>`);
  }
  const esc = (t: string) =>
    t.replace(/[&<>]/g, (ch) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;" })[ch]!);
  writeFileSync(
    join(out, "index.html"),
    `<!doctype html>\n<html lang="en"><head><meta charset="utf-8"><title>tokensim: ${esc(view.study)}</title></head><body><h1>${esc(view.study)} (compete, seed ${view.seed})</h1>${view.lines.map((l) => `<p>${esc(l)}</p>`).join("")}<div style="display:flex;flex-wrap:wrap;gap:1rem">${figures.join("")}</div></body></html>\n`,
  );
  return figures;
}

/** `tokensim plot`: the dashboard's charts as SVG and PNG files, without a server. */
export const plotCommand: CliCommand = {
  help: `Usage: tokensim plot <result-dir> [--out <dir>] [--no-png] [--max-points <n>]

Draws the dashboard's charts of a sweep, run, optimize or stress folder without a server: fan
charts (p5–p95, p25–p75, median across runs) of price, supply, minted against
burned, providers by status and class, utilisation, latency, dropped jobs,
slashing, with death spirals shaded; and, for sweeps, heatmaps of P(death spiral)
and of median outcomes over the swept parameters; with an analysis.json (tokensim
analyze), Sobol bars, the Morris plane and the parameter-region map. An optimize
folder gets each objective's convergence by generation, the Pareto front (two or
more objectives) and the finalists' table; a stress folder, the frontier of
shock cost against P(spiral) and the minimal shocks (each value's, after
--compare). A fit or counterfactual folder (hindcast.json) gets one hindcast
chart per observed series: the observations against the simulated 10-90% band
and median. A rare-event folder (rare.json, tokensim rare) gets the splitting
levels by iteration and each replica's running estimate by level, with the
estimate and its interval. A compete folder (networks.json, tokensim compete)
gets its networks side by side: GPUs per network and on the outside option,
expected returns, active providers and prices. Numbers in the SVGs are rounded to 2 decimals.

Options:
  --out <dir>          output folder (default <result-dir>/report)
  --no-png             SVG only
  --max-points <n>     time-series charts for the first n points only (default 12)

Writes <out>/*.svg, <out>/*.png and <out>/index.html.`,
  async run(argv) {
    const { values, positionals } = parseArgs({
      args: [...argv],
      allowPositionals: true,
      options: {
        out: { type: "string" },
        "no-png": { type: "boolean" },
        "max-points": { type: "string" },
      },
    });
    if (positionals.length !== 1)
      throw new UsageError("expected one result folder (see 'tokensim plot --help')");
    const dir = positionals[0]!;
    const hindcast = (() => {
      try {
        return readHindcast(dir);
      } catch (err) {
        throw new UsageError((err as Error).message);
      }
    })();
    if (hindcast) {
      const out = values.out ?? join(dir, "report");
      const charts = renderHindcastReport(hindcast, out, { png: values["no-png"] !== true });
      console.log(`wrote ${charts.length} hindcast charts and ${join(out, "index.html")}`);
      return 0;
    }
    // A compete folder (networks.json): the networks side by side.
    const networks = (() => {
      try {
        return existsSync(join(dir, "networks.json")) ? readNetworksView(dir) : undefined;
      } catch (err) {
        throw new UsageError((err as Error).message);
      }
    })();
    if (networks) {
      const out = values.out ?? join(dir, "report");
      const n = writeNetworksReport(networks, out, values["no-png"] !== true).length;
      console.log(`wrote ${n} network charts and ${join(out, "index.html")}`);
      return 0;
    }
    const study = !existsSync(join(dir, "manifest.json")) && isStudyFolder(dir);
    if (!study && !existsSync(join(dir, "manifest.json")) && !existsSync(join(dir, "summary.json")))
      throw new UsageError(
        `${dir}: not a result folder (no manifest.json or summary.json, and no optimize or stress study)`,
      );
    const maxPoints = values["max-points"] === undefined ? 12 : Number(values["max-points"]);
    if (!Number.isSafeInteger(maxPoints) || maxPoints < 1)
      throw new UsageError(`--max-points ${values["max-points"]}: expected a positive integer`);
    const out = values.out ?? join(dir, "report");
    const png = values["no-png"] !== true;
    const charts = study
      ? renderStudyReport(dir, out, { png })
      : await renderReport(dir, out, { png, maxPoints });
    console.log(
      `wrote ${charts.length} charts (SVG${values["no-png"] ? "" : " and PNG"}) and ${join(out, "index.html")}`,
    );
    if (charts.length === 0 && study)
      console.error(
        `tokensim plot: ${dir} holds nothing to chart yet (the study has not written its result): see ${join(out, "index.html")}`,
      );
    else if (charts.length === 0)
      console.error(
        `tokensim plot: ${dir} holds nothing to chart: no per-step files (a sweep run with --no-steps?) and no swept parameter for a heatmap`,
      );
    return 0;
  },
};
