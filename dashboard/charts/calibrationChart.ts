import * as Plot from "@observablehq/plot";
import { type DrawOptions, PALETTE, titled } from "./frame.ts";

/** Measured points and the fitted curve of one calibration quantity against load. */
export interface CalibrationSeries {
  title: string;
  xLabel: string;
  yLabel: string;
  points: { x: number; y: number }[];
  /** The fit, evaluated; empty when there is none. */
  curve: { x: number; y: number }[];
  /** The fit in words (e.g. "X(c) = 1776 · c / (c + 14.2), R² 0.99"). */
  fit: string;
}

/** Measured points (dots) over the fitted curve (line). */
export function calibrationChart(s: CalibrationSeries, opts: DrawOptions): SVGSVGElement {
  const svg = Plot.plot({
    document: opts.document,
    width: opts.width ?? 520,
    height: opts.height ?? 280,
    marginTop: 44,
    marginLeft: 60,
    x: { label: s.xLabel, grid: true },
    y: { label: null, grid: true, zero: true },
    marks: [
      Plot.line(s.curve, { x: "x", y: "y", stroke: PALETTE[0], strokeWidth: 1.5 }),
      Plot.dot(s.points, { x: "x", y: "y", r: 4, fill: PALETTE[1], stroke: "white" }),
    ],
  }) as SVGSVGElement;
  return titled(
    svg,
    opts.document,
    s.title,
    `${s.yLabel} · measured points (dots) and fit: ${s.fit}`,
  );
}
