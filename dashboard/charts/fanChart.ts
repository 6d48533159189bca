import * as Plot from "@observablehq/plot";
import { type FanTable, fanColumn } from "../data/fan.ts";
import type { ShockMark } from "../data/shocks.ts";
import { spiralDelayNote } from "../data/spiralDelay.ts";
import type { SpiralMark } from "../data/spirals.ts";
import { type AnnotationLabel, type PlacedLabel, placeLabels } from "./annotations.ts";
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
 * they never cover the data's lines; {@link placeLabels} keeps them inside the
 * frame's width and apart.
 */
const ABOVE_FRAME = { frameAnchor: "top", lineAnchor: "bottom", dy: -3 } as const;

/** A label above the frame at day `x`, placed by {@link placeLabels}. */
const labelMark = (x: number, text: string, place: PlacedLabel, fill: string): Plot.Markish =>
  Plot.text([x], {
    x: (d: number) => d,
    ...ABOVE_FRAME,
    text: () => text,
    textAnchor: place.textAnchor,
    dx: place.dx,
    fill,
    fontWeight: "bold",
  });

/** Spans in days, cut to the chart's days [d0, d1]; a span that starts after d1 is left out. */
const within = <T extends { x1: number; x2: number }>(spans: T[], d0: number, d1: number): T[] =>
  spans
    .filter((s) => s.x1 <= d1 && s.x2 >= d0)
    .map((s) => ({ ...s, x1: Math.max(d0, s.x1), x2: Math.min(d1, s.x2) }));

/**
 * Shocks as grey spans (one-off events as rules) labelled above the frame, left
 * of their start where there is room; then death spirals: each run's span
 * shaded (where every run spirals, the shade is darkest), a dashed rule where
 * each starts, and "death spiral ▸" right of the first. `px` turns a day into
 * the chart's pixels, `frame` is the frame's left and right edge.
 */
function annotationMarks(
  shocks: readonly ShockMark[],
  spirals: readonly SpiralMark[],
  runs: number,
  day: (s: number) => number,
  [d0, d1]: readonly [number, number],
  px: (day: number) => number,
  frame: readonly [number, number],
): Plot.Markish[] {
  const shockSpans = within(
    shocks.map((s) => ({ x1: day(s.startStep), x2: day(s.endStep + 1), label: s.label })),
    d0,
    d1,
  );
  const spiralSpans = spirals.map((s) => ({
    x1: day(s.startStep),
    x2: day(s.endStep + 1),
    run: s.run,
  }));
  const starts = [...new Set(spiralSpans.map((s) => s.x1))];
  const first = starts.length ? Math.min(...starts) : undefined;
  const labels: AnnotationLabel[] = shockSpans.map((s) => ({
    at: px(s.x1),
    text: s.label,
    prefer: "before",
    gap: 3,
  }));
  if (first !== undefined)
    labels.push({ at: px(first), text: SPIRAL_LABEL, prefer: "after", gap: 1 });
  const placed = placeLabels(labels, frame[0], frame[1]);
  const marks: Plot.Markish[] = [];
  if (shockSpans.length)
    marks.push(
      Plot.rect(shockSpans, { x1: "x1", x2: "x2", fill: "#666", fillOpacity: 0.14 }),
      Plot.ruleX(shockSpans, { x: "x1", stroke: "#555", strokeDasharray: "2,2" }),
      ...shockSpans.map((s, i) => labelMark(s.x1, s.label, placed[i]!, "#444")),
    );
  if (first !== undefined) {
    // Each run's span adds a little red: where every run spirals, the shade is at its darkest.
    const opacity = Math.min(0.2, 0.3 / Math.max(1, runs));
    marks.push(
      Plot.rect(spiralSpans, { x1: "x1", x2: "x2", fill: SPIRAL_RED, fillOpacity: opacity }),
      Plot.ruleX(starts, { stroke: SPIRAL_RED, strokeOpacity: 0.6, strokeDasharray: "3,3" }),
      labelMark(first, SPIRAL_LABEL, placed.at(-1)!, SPIRAL_RED),
    );
  }
  return marks;
}

/** The label of the first spiral's start. */
const SPIRAL_LABEL = "death spiral ▸";

/** A fan series' columns: its line (median or mean) and the lower and upper edges of its bands. */
interface FanSeries {
  line: Float64Array;
  lo?: Float64Array;
  hi?: Float64Array;
  lo2?: Float64Array;
  hi2?: Float64Array;
}

/** One row to draw: a day, the line's value and the bands' edges (NaN where absent). */
interface FanRow {
  d: number;
  line: number;
  lo: number;
  hi: number;
  lo2: number;
  hi2: number;
}

/** The least and greatest of `a[i0..i1)`, NaN left out (both NaN when all are), and where. */
function range(a: Float64Array, i0: number, i1: number) {
  let lo = Number.NaN;
  let hi = Number.NaN;
  let at = i0;
  let atHi = i0;
  for (let i = i0; i < i1; i++) {
    const v = a[i]!;
    if (Number.isNaN(v)) continue;
    if (!(v >= lo)) {
      lo = v;
      at = i;
    }
    if (!(v <= hi)) {
      hi = v;
      atHi = i;
    }
  }
  return { lo, hi, loFirst: at <= atHi };
}

/**
 * The rows a chart draws of a series: every step, or, when there are `bucket`
 * steps or more to a pixel of the frame (a year of hourly steps on a 560 px
 * frame: 15), two rows per `bucket` steps that draw the same picture: the
 * line's least and greatest value in the order they come, and the bands'
 * outer edges (the least lower edge, the greatest upper edge) at both. A spike
 * one step wide is kept; the SVG has about 1,100 points a path in place of
 * 8,760, which is most of the cost of drawing a year-long point's charts.
 */
export function decimate(days: readonly number[], bucket: number, s: FanSeries): FanRow[] {
  const nan = Number.NaN;
  const at = (a: Float64Array | undefined, i: number) => (a ? a[i]! : nan);
  if (bucket <= 1)
    return days.map((d, i) => ({
      d,
      line: s.line[i]!,
      lo: at(s.lo, i),
      hi: at(s.hi, i),
      lo2: at(s.lo2, i),
      hi2: at(s.hi2, i),
    }));
  const rows: FanRow[] = [];
  for (let i0 = 0; i0 < days.length; i0 += bucket) {
    const i1 = Math.min(days.length, i0 + bucket);
    const line = range(s.line, i0, i1);
    const edge = (a: Float64Array | undefined, low: boolean) => {
      if (!a) return nan;
      const r = range(a, i0, i1);
      return low ? r.lo : r.hi;
    };
    const band = {
      lo: edge(s.lo, true),
      hi: edge(s.hi, false),
      lo2: edge(s.lo2, true),
      hi2: edge(s.hi2, false),
    };
    const [first, second] = line.loFirst ? [line.lo, line.hi] : [line.hi, line.lo];
    rows.push({ d: days[i0]!, line: first, ...band });
    rows.push({ d: days[i1 - 1]!, line: second, ...band });
  }
  return rows;
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
  // Labels of shocks and spirals stay inside the frame's width (see placeLabels).
  const frame = [FRAME.left, fit.width - FRAME.right] as const;
  const px = (d: number) => frame[0] + ((d - d0) / (d1 - d0 || 1)) * (frame[1] - frame[0]);
  const marks: Plot.Markish[] = annotationMarks(
    input.shocks ?? [],
    input.spirals,
    input.runs,
    day,
    [d0, d1],
    px,
    frame,
  );
  const multi = spec.series.length > 1;
  // Steps per pixel of the frame: a year of hourly steps is 15 to a pixel (see decimate).
  const bucket = Math.max(1, Math.floor(days.length / (fit.width - FRAME.left - FRAME.right)));
  spec.series.forEach((s, k) => {
    const color = s.color ?? (multi ? PALETTE[k % PALETTE.length]! : PALETTE[0]);
    if (spec.mean) {
      const mean = col(fan, s.column, "mean");
      if (!mean) return;
      const rows = decimate(days, bucket, { line: mean }).map((r) => ({ d: r.d, v: r.line }));
      marks.push(Plot.areaY(rows, { x: "d", y: "v", fill: SPIRAL_RED, fillOpacity: 0.25 }));
      marks.push(Plot.lineY(rows, { x: "d", y: "v", stroke: SPIRAL_RED, strokeWidth: 1.5 }));
      return;
    }
    const [p5, p25, p50, p75, p95] = ["p5", "p25", "p50", "p75", "p95"].map((q) =>
      col(fan, s.column, q),
    );
    if (!p50 || !p25 || !p75) return;
    const rows = decimate(days, bucket, {
      line: p50,
      lo: p25,
      hi: p75,
      ...(p5 ? { lo2: p5 } : {}),
      ...(p95 ? { hi2: p95 } : {}),
    }).map((r) => ({ d: r.d, p5: r.lo2, p25: r.lo, p50: r.line, p75: r.hi, p95: r.hi2 }));
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
  // One run has no bands; no run is never drawn (the views say why instead).
  const bands =
    input.runs === 1
      ? "one run"
      : multi
        ? "median and p25–p75 band"
        : spec.mean
          ? "mean over runs"
          : "median, p25–p75 and p5–p95 bands";
  const subtitle = [
    input.runs === 1 ? `${spec.unit} · one run` : `${spec.unit} · ${bands} · ${input.runs} runs`,
    input.subtitle ?? "",
  ]
    .filter(Boolean)
    .join(" · ");
  const note =
    spec.mean && input.spirals.length > 0 ? spiralDelayNote(fan.spiralDelay, stepHours) : undefined;
  const legend = multi
    ? spec.series.map((s, k) => ({
        label: s.label,
        color: s.color ?? PALETTE[k % PALETTE.length]!,
      }))
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
