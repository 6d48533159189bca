import * as Plot from "@observablehq/plot";
import { tickFormat } from "./format.ts";
import { chartWidth, type DrawOptions, marginTopFor, PALETTE, titled, wrapExtra } from "./frame.ts";

/** Measured points and the fitted curve of one calibration quantity against load. */
export interface CalibrationSeries {
  title: string;
  /** The load axis, by the profile's load kind ("load (requests per second)"...). */
  xLabel: string;
  yLabel: string;
  points: { x: number; y: number }[];
  /** The fit, evaluated and clamped at 0; empty when there is none. */
  curve: { x: number; y: number }[];
  /** The fit in words (e.g. "X(c) = 1776 · c / (c + 14.2), R² 0.99"). */
  fit: string;
  /** Set when the fit goes below zero ("fit extrapolates below zero ..."), shown on the chart. */
  note?: string;
}

/** Measured points (dots) over the fitted curve (line); a fit that went below zero is noted. */
export function calibrationChart(s: CalibrationSeries, opts: DrawOptions): SVGSVGElement {
  const fit = chartWidth(opts, 520);
  const subtitle = `${s.yLabel} · measured points (dots) and fit: ${s.fit}`;
  const extra = wrapExtra(fit, { title: s.title, subtitle, legend: [], note: s.note });
  const svg = Plot.plot({
    document: opts.document,
    width: fit.width,
    height: (opts.height ?? 280) + extra,
    marginTop: marginTopFor(s.note) + extra,
    marginLeft: 60,
    x: { label: s.xLabel, grid: true, tickFormat: tickFormat() },
    y: { label: null, grid: true, zero: true, tickFormat: tickFormat() },
    marks: [
      Plot.line(s.curve, { x: "x", y: "y", stroke: PALETTE[0], strokeWidth: 1.5 }),
      Plot.dot(s.points, { x: "x", y: "y", r: 4, fill: PALETTE[1], stroke: "white" }),
    ],
  }) as SVGSVGElement;
  return titled(svg, opts.document, s.title, subtitle, [], s.note, fit.wrapped);
}
