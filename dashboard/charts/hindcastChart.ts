import * as Plot from "@observablehq/plot";
import type { HindcastView } from "../data/hindcast.ts";
import { tickFormat } from "./format.ts";
import { chartWidth, type DrawOptions, marginTopFor, PALETTE, titled, wrapExtra } from "./frame.ts";

/** The colour of the observed series (the bands take the palette in order). */
const OBSERVED = "#222";

/**
 * An observed series against the simulated bands: for each band (the fit, or
 * both worlds of a counterfactual) the runs' 10-90% range shaded and their
 * median as a line; the observations as dots, hollow after the fitted window,
 * which a dashed rule marks. A log axis when the values span over a factor of 20.
 */
export function hindcastChart(v: HindcastView, opts: DrawOptions): SVGSVGElement {
  // Laid out as a narrowed chart always: a long counterfactual label then puts the
  // legend on a row of its own instead of over the title.
  const fit = { ...chartWidth(opts, 640), wrapped: true };
  const legend = [
    ...v.labels.map((label, i) => ({ label, color: PALETTE[i % PALETTE.length]! })),
    { label: "observed", color: OBSERVED },
  ];
  const note = v.until
    ? `fitted up to ${v.until.toISOString().slice(0, 10)}; later dots are the backtest`
    : undefined;
  const extra = wrapExtra(fit, { title: v.title, subtitle: v.subtitle, legend, note });
  const color = (label: string) => PALETTE[v.labels.indexOf(label) % PALETTE.length]!;
  const marks: Plot.Markish[] = [];
  for (const label of v.labels) {
    const rows = v.bands.filter((b) => b.band === label);
    marks.push(
      Plot.areaY(rows, { x: "date", y1: "p10", y2: "p90", fill: color(label), fillOpacity: 0.2 }),
      Plot.lineY(rows, { x: "date", y: "p50", stroke: color(label), strokeWidth: 1.5 }),
    );
  }
  if (v.until) marks.push(Plot.ruleX([v.until], { stroke: "#888", strokeDasharray: "4,3" }));
  marks.push(
    Plot.dot(
      v.points.filter((p) => p.fitted),
      { x: "date", y: "value", r: 2.5, fill: OBSERVED },
    ),
    Plot.dot(
      v.points.filter((p) => !p.fitted),
      { x: "date", y: "value", r: 2.5, stroke: OBSERVED, fill: "white" },
    ),
  );
  const svg = Plot.plot({
    document: opts.document,
    width: fit.width,
    height: (opts.height ?? 300) + extra,
    marginTop: marginTopFor(note) + extra,
    marginLeft: 64,
    x: { type: "utc", label: null, grid: true },
    y: {
      label: null,
      grid: true,
      type: v.log ? "log" : "linear",
      ...(v.log ? {} : { tickFormat: tickFormat() }),
    },
    marks,
  }) as SVGSVGElement;
  return titled(svg, opts.document, v.title, v.subtitle, legend, note, fit.wrapped);
}

/**
 * Every hindcast chart of a fit's or a counterfactual's folder: one per
 * observed series (what `tokensim plot` writes as `hindcast-<column>.svg`).
 */
export function hindcastCharts(
  views: readonly HindcastView[],
  opts: DrawOptions,
): { name: string; title: string; svg: SVGSVGElement }[] {
  return views.map((v) => ({ name: v.id, title: v.title, svg: hindcastChart(v, opts) }));
}
