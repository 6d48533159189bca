import * as Plot from "@observablehq/plot";
import { type DrawOptions, titled } from "./frame.ts";

/** One cell: the values of the two swept parameters and the metric there. */
export interface HeatCell {
  x: string;
  y: string;
  value: number;
}

export interface HeatmapInput {
  cells: HeatCell[];
  xLabel: string;
  yLabel: string;
  title: string;
  /** Values are probabilities (shown as percentages, on a white-to-red scale). */
  probability?: boolean;
}

const fmt = (v: number, probability: boolean) =>
  !Number.isFinite(v)
    ? "–"
    : probability
      ? `${(100 * v).toFixed(0)}%`
      : Math.abs(v) >= 1000
        ? v.toLocaleString("en-US", { maximumFractionDigits: 0 })
        : v.toPrecision(3);

/** A sweep heatmap: one cell per parameter point, coloured and labelled with its value. */
export function heatmap(input: HeatmapInput, opts: DrawOptions): SVGSVGElement {
  const probability = input.probability === true;
  const num = (s: string) => (Number.isFinite(Number(s)) ? Number(s) : Number.NaN);
  const order = (vals: string[]) =>
    [...new Set(vals)].sort((a, b) => num(a) - num(b) || a.localeCompare(b));
  const xs = order(input.cells.map((c) => c.x));
  const ys = order(input.cells.map((c) => c.y));
  const svg = Plot.plot({
    document: opts.document,
    width: opts.width ?? Math.min(640, 140 + 110 * xs.length),
    height: opts.height ?? 100 + 56 * ys.length,
    marginTop: 44,
    marginLeft: 90,
    padding: 0.04,
    x: { label: input.xLabel, domain: xs },
    y: { label: input.yLabel || null, domain: ys, ...(input.yLabel ? {} : { axis: null }) },
    color: probability
      ? { type: "linear", domain: [0, 1], range: ["#fff5f0", "#a50f15"] }
      : { type: "linear", scheme: "viridis" },
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
    ],
  }) as SVGSVGElement;
  return titled(
    svg,
    opts.document,
    input.title,
    input.yLabel ? `${input.yLabel} × ${input.xLabel}` : input.xLabel,
  );
}
