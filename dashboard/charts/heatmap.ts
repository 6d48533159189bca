import * as Plot from "@observablehq/plot";
import { formatNumber, formatPercent } from "./format.ts";
import { chartWidth, type DrawOptions, titled, wrapExtra } from "./frame.ts";
import { colorRamp } from "./legend.ts";

/** One cell: the values of the two swept parameters and the metric there. */
export interface HeatCell {
  x: string;
  y: string;
  value: number;
  /** A line under the value: the point's failed runs ("2 failed", "all runs failed"). */
  note?: string;
}

export interface HeatmapInput {
  cells: HeatCell[];
  xLabel: string;
  yLabel: string;
  title: string;
  /** The values' unit, shown on the colour legend (e.g. "USD/token"). */
  unit?: string;
  /** Values are probabilities (shown as percentages, on a white-to-red scale). */
  probability?: boolean;
}

const fmt = (v: number, probability: boolean) =>
  !Number.isFinite(v) ? "–" : probability ? formatPercent(v) : formatNumber(v);

/** The extent of the finite values; [0, 1] without any. */
function extent(cells: readonly HeatCell[]): [number, number] {
  const vs = cells.map((c) => c.value).filter(Number.isFinite);
  return vs.length ? [Math.min(...vs), Math.max(...vs)] : [0, 1];
}

/** The cells' notes (failed runs), under their values; none when no cell has one. */
function notes(cells: readonly HeatCell[], probability: boolean): Plot.Markish[] {
  const noted = cells.filter((c) => c.note);
  if (noted.length === 0) return [];
  return [
    Plot.text(noted, {
      x: "x",
      y: "y",
      text: "note",
      dy: 14,
      fontSize: 10,
      fontWeight: "bold",
      fill: (c: HeatCell) => (probability && c.value > 0.55 ? "white" : "#b00"),
      stroke: probability ? "none" : "white",
      strokeWidth: probability ? 0 : 3,
      paintOrder: "stroke",
    }),
  ];
}

/** Room under the frame for the x axis (its label 32 px down) and the colour legend under it. */
const BOTTOM = 86;

/**
 * A sweep heatmap: one cell per parameter point, coloured and labelled with
 * its value, and a colour legend with the values' unit under it.
 */
export function heatmap(input: HeatmapInput, opts: DrawOptions): SVGSVGElement {
  const probability = input.probability === true;
  const num = (s: string) => (Number.isFinite(Number(s)) ? Number(s) : Number.NaN);
  const order = (vals: string[]) =>
    [...new Set(vals)].sort((a, b) => num(a) - num(b) || a.localeCompare(b));
  const xs = order(input.cells.map((c) => c.x));
  const ys = order(input.cells.map((c) => c.y));
  const domain: [number, number] = probability ? [0, 1] : extent(input.cells);
  const color = probability
    ? { type: "linear" as const, domain, range: ["#fff5f0", "#a50f15"] }
    : { type: "linear" as const, domain, scheme: "viridis" as const };
  const fit = chartWidth(opts, Math.min(640, Math.max(440, 160 + 110 * xs.length)));
  const width = fit.width;
  const axes = input.yLabel ? `${input.yLabel} × ${input.xLabel}` : input.xLabel;
  const subtitle = input.unit ? `${axes} · colour: ${input.unit}` : axes;
  const extra = wrapExtra(fit, { title: input.title, subtitle, legend: [] });
  const height = (opts.height ?? 70 + BOTTOM + 56 * ys.length) + extra;
  const marginLeft = 90;
  const svg = Plot.plot({
    document: opts.document,
    width,
    height,
    marginTop: 44 + extra,
    marginLeft,
    marginBottom: BOTTOM,
    padding: 0.04,
    x: { label: input.xLabel, domain: xs, labelOffset: 32 },
    y: { label: input.yLabel || null, domain: ys, ...(input.yLabel ? {} : { axis: null }) },
    color,
    marks: [
      Plot.cell(input.cells, { x: "x", y: "y", fill: "value", inset: 0.5 }),
      Plot.text(input.cells, {
        x: "x",
        y: "y",
        text: (c: HeatCell) => fmt(c.value, probability),
        fill: (c: HeatCell) => (probability ? (c.value > 0.55 ? "white" : "black") : "white"),
        stroke: probability ? "none" : "black",
        strokeWidth: probability ? 0 : 2,
        paintOrder: "stroke",
        fontSize: 12,
      }),
      ...notes(input.cells, probability),
    ],
  }) as SVGSVGElement;
  const scale = Plot.scale({ color });
  colorRamp(svg, opts.document, {
    x: marginLeft,
    y: height - 32,
    width: Math.min(240, width - marginLeft - 24),
    domain,
    color: (v) => String(scale.apply(v)),
    label: input.unit ?? "",
    percent: probability,
  });
  return titled(svg, opts.document, input.title, subtitle, [], undefined, fit.wrapped);
}
