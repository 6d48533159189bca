import * as Plot from "@observablehq/plot";
import { type FanTable, fanColumn } from "../data/fan.ts";
import type { ShockMark } from "../data/shocks.ts";
import { spiralDelayNote } from "../data/spiralDelay.ts";
import type { SpiralMark } from "../data/spirals.ts";
import type { ChartSpec } from "./catalog.ts";
import { tickFormat } from "./format.ts";
import {
  chartWidth,
  type DrawOptions,
  marginTopFor,
  PALETTE,
  SPIRAL_RED,
  titled,
  wrapExtra,
} from "./frame.ts";

/** What a time-series chart draws: a point's fan table, its step length and spirals. */
export interface FanInput {
  fan: FanTable;
  stepHours: number;
  spirals: readonly SpiralMark[];
  /** External shocks (market crash, power spike...), drawn in grey under the data. */
  shocks?: readonly ShockMark[];
  /** Runs behind the fan (for the spiral shading and the subtitle). */
  runs: number;
  /** Line under the title (e.g. the point's parameters, the spiral summary). */
  subtitle?: string;
  /** The y axis' extent (to share one scale between charts side by side); default: the data's. */
  yDomain?: readonly [number, number];
}

/** The extent of what a chart draws (p5–p95 bands, or means), NaN ignored; undefined when empty. */
export function fanExtent(spec: ChartSpec, fan: FanTable): [number, number] | undefined {
  let lo = Number.POSITIVE_INFINITY;
  let hi = Number.NEGATIVE_INFINITY;
  const stats = spec.mean ? ["mean"] : spec.series.length > 1 ? ["p25", "p75"] : ["p5", "p95"];
  for (const s of spec.series)
    for (const stat of stats)
      for (const v of col(fan, s.column, stat) ?? []) {
        if (Number.isNaN(v)) continue;
        if (v < lo) lo = v;
        if (v > hi) hi = v;
      }
  return lo <= hi ? [lo, hi] : undefined;
}

/** The frame's left and right margins. */
const FRAME = { left: 56, right: 20 } as const;

const col = (fan: FanTable, metric: string, stat: string): Float64Array | undefined =>
  fan.columns[fanColumn(metric, stat)];

/**
 * Labels of spirals and shocks sit just above the frame (in the top margin), so
 * they never cover the data's lines.
 */
const ABOVE_FRAME = { frameAnchor: "top", lineAnchor: "bottom", dy: -3 } as const;

/** Spiral spans (in days) as shaded rectangles and dashed start rules, with a label above the frame. */
function spiralMarks(
  spirals: readonly SpiralMark[],
  runs: number,
  day: (s: number) => number,
  /** On a narrowed chart: how far left the label must move to end inside the frame (px of a day). */
  room?: (day: number) => number,
): Plot.Markish[] {
  if (spirals.length === 0) return [];
  const spans = spirals.map((s) => ({ x1: day(s.startStep), x2: day(s.endStep + 1), run: s.run }));
  const starts = [...new Set(spans.map((s) => s.x1))];
  const first = Math.min(...starts);
  // Each run's span adds a little red: where every run spirals, the shade is at its darkest.
  const opacity = Math.min(0.2, 0.3 / Math.max(1, runs));
  return [
    Plot.rect(spans, { x1: "x1", x2: "x2", fill: SPIRAL_RED, fillOpacity: opacity }),
    Plot.ruleX(starts, { stroke: SPIRAL_RED, strokeOpacity: 0.6, strokeDasharray: "3,3" }),
    Plot.text([first], {
      x: (d: number) => d,
      ...ABOVE_FRAME,
      text: () => "death spiral ▸",
      textAnchor: "start",
      dx: room ? Math.min(1, room(first)) : 1,
      fill: SPIRAL_RED,
      fontWeight: "bold",
    }),
  ];
}

/** Shocks as grey spans (one-off events as rules), labelled above the frame, left of their start. */
function shockMarksOf(shocks: readonly ShockMark[], day: (s: number) => number): Plot.Markish[] {
  if (shocks.length === 0) return [];
  const spans = shocks.map((s) => ({
    x1: day(s.startStep),
    x2: day(s.endStep + 1),
    label: s.label,
  }));
  return [
    Plot.rect(spans, { x1: "x1", x2: "x2", fill: "#666", fillOpacity: 0.14 }),
    Plot.ruleX(spans, { x: "x1", stroke: "#555", strokeDasharray: "2,2" }),
    Plot.text(spans, {
      x: "x1",
      text: "label",
      ...ABOVE_FRAME,
      textAnchor: "end",
      dx: -3,
      fill: "#444",
      fontWeight: "bold",
    }),
  ];
}

/**
 * A time-series chart with Monte Carlo fan bands. One series: p5–p95 and
 * p25–p75 bands and the median line; several: a p25–p75 band and a median line
 * each, labelled at their right end; a `mean` chart: the mean across runs.
 * Death spirals are shaded (each run's span, so overlaps darken) with a dashed
 * rule where each starts; external shocks are grey spans; their labels sit
 * above the frame. The `mean` chart (runs in a death spiral) notes how long
 * after the shading its line starts: the detector's confirmation delay.
 */
export function fanChart(spec: ChartSpec, input: FanInput, opts: DrawOptions): SVGSVGElement {
  const { fan, stepHours } = input;
  const day = (step: number) => (step * stepHours) / 24;
  const days = Array.from(fan.steps, day);
  const fit = chartWidth(opts, 640);
  const [d0, d1] = days.length ? [days[0]!, days[days.length - 1]!] : [0, 1];
  // A narrowed chart keeps the "death spiral ▸" label (about 92 px) inside its frame.
  const room = fit.wrapped
    ? (d: number) =>
        fit.width -
        FRAME.right -
        92 -
        (FRAME.left + ((d - d0) / (d1 - d0 || 1)) * (fit.width - FRAME.left - FRAME.right))
    : undefined;
  const marks: Plot.Markish[] = [
    ...shockMarksOf(input.shocks ?? [], day),
    ...spiralMarks(input.spirals, input.runs, day, room),
  ];
  const multi = spec.series.length > 1;
  spec.series.forEach((s, k) => {
    const color = multi ? PALETTE[k % PALETTE.length]! : PALETTE[0];
    if (spec.mean) {
      const mean = col(fan, s.column, "mean");
      if (!mean) return;
      const rows = days.map((d, i) => ({ d, v: mean[i]! }));
      marks.push(Plot.areaY(rows, { x: "d", y: "v", fill: SPIRAL_RED, fillOpacity: 0.25 }));
      marks.push(Plot.lineY(rows, { x: "d", y: "v", stroke: SPIRAL_RED, strokeWidth: 1.5 }));
      return;
    }
    const [p5, p25, p50, p75, p95] = ["p5", "p25", "p50", "p75", "p95"].map((q) =>
      col(fan, s.column, q),
    );
    if (!p50 || !p25 || !p75) return;
    const rows = days.map((d, i) => ({
      d,
      p5: p5?.[i] ?? Number.NaN,
      p25: p25[i]!,
      p50: p50[i]!,
      p75: p75[i]!,
      p95: p95?.[i] ?? Number.NaN,
    }));
    if (!multi)
      marks.push(Plot.areaY(rows, { x: "d", y1: "p5", y2: "p95", fill: color, fillOpacity: 0.18 }));
    marks.push(
      Plot.areaY(rows, {
        x: "d",
        y1: "p25",
        y2: "p75",
        fill: color,
        fillOpacity: multi ? 0.25 : 0.35,
      }),
    );
    marks.push(Plot.lineY(rows, { x: "d", y: "p50", stroke: color, strokeWidth: 1.6 }));
  });
  const bands =
    input.runs <= 1
      ? "one run"
      : multi
        ? "median and p25–p75 band"
        : spec.mean
          ? "mean over runs"
          : "median, p25–p75 and p5–p95 bands";
  const subtitle = [
    input.runs <= 1 ? `${spec.unit} · one run` : `${spec.unit} · ${bands} · ${input.runs} runs`,
    input.subtitle ?? "",
  ]
    .filter(Boolean)
    .join(" · ");
  const note =
    spec.mean && input.spirals.length > 0 ? spiralDelayNote(fan.spiralDelay, stepHours) : undefined;
  const legend = multi
    ? spec.series.map((s, k) => ({ label: s.label, color: PALETTE[k % PALETTE.length]! }))
    : [];
  // On a narrow screen the header wraps: taller by as much, the frame the same.
  const extra = wrapExtra(fit, { title: spec.title, subtitle, legend, note });
  const svg = Plot.plot({
    document: opts.document,
    width: fit.width,
    height: (opts.height ?? 260) + extra,
    // The same frame for every chart of a kind, note or not, labels or not, so
    // that charts side by side (compare) line up: a row above the frame for
    // spiral and shock labels, and the mean chart's note row.
    marginTop: marginTopFor(spec.mean ? "note" : undefined) + 12 + extra,
    marginLeft: FRAME.left,
    marginRight: FRAME.right,
    x: { label: "day", domain: [d0, d1] },
    y: {
      grid: true,
      label: null,
      tickFormat: tickFormat(spec.format),
      ...(input.yDomain ? { domain: [...input.yDomain], nice: true } : {}),
    },
    marks,
  }) as SVGSVGElement;
  return titled(svg, opts.document, spec.title, subtitle, legend, note, fit.wrapped);
}
