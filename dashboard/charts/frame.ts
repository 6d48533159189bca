/** Options every chart builder takes: the DOM document to draw in (browser or linkedom) and the size. */
export interface DrawOptions {
  document: Document;
  width?: number;
  height?: number;
  /**
   * The room the chart has (its container's width, on the page): a chart
   * wider than this is drawn this wide, but never narrower than
   * {@link MIN_CHART_WIDTH}. Unset (files of `tokensim plot`): its own width.
   */
  maxWidth?: number;
}

/** The narrowest a chart is drawn to fit its container: a 320 px phone still holds it. */
const MIN_CHART_WIDTH = 280;

/**
 * A chart's width: `width` (else its natural width), narrowed to `maxWidth`
 * when set; `wrapped` when narrowed (its header then wraps: see header.ts).
 */
export function chartWidth(
  opts: DrawOptions,
  natural: number,
): { width: number; wrapped: boolean } {
  const width = opts.width ?? natural;
  if (opts.maxWidth === undefined || !(opts.maxWidth < width)) return { width, wrapped: false };
  return { width: Math.max(MIN_CHART_WIDTH, Math.floor(opts.maxWidth)), wrapped: true };
}

/** The extra top margin of a chart's header: more lines when it wraps, none otherwise. */
export const wrapExtra = (fit: { width: number; wrapped: boolean }, header: HeaderText): number =>
  fit.wrapped ? headerExtra(fit.width, header) : 0;

import { type HeaderText, headerExtra, headerLines, type LegendItem, LINE } from "./header.ts";

export const SVG_NS = "http://www.w3.org/2000/svg";

/** Colours of the series of a chart, in order (Tableau 10). */
export const PALETTE = [
  "#4e79a7",
  "#f28e2b",
  "#59a14f",
  "#9c755f", // (Tableau brown in place of its red: red is kept for death spirals)
  "#76b7b2",
  "#edc948",
  "#b07aa1",
  "#ff9da7",
] as const;

/** The colour of death-spiral marks. */
export const SPIRAL_RED = "#d62728";

/** The colour of notes that qualify what a chart shows (a clamped fit, a delayed line). */
const NOTE_COLOR = "#a04000";

/** The top margin a chart needs for its title and subtitle, and a note line when it has one. */
export const marginTopFor = (note?: string): number => (note ? 58 : 44);

/**
 * Adds a title and a subtitle at the top of a Plot SVG (drawn inside the SVG,
 * so that static SVG and PNG files carry them) and a white background; a
 * `note` (what qualifies the chart) is a third line, in {@link NOTE_COLOR}
 * (leave {@link marginTopFor} the note at the top). A `wrapped` header (a
 * chart narrowed to its container) breaks the subtitle and the note into
 * lines and puts a legend that does not fit beside the title on a row of its
 * own (leave {@link headerExtra} more at the top).
 */
export function titled(
  svg: SVGSVGElement,
  doc: Document,
  title: string,
  subtitle: string,
  legend: readonly LegendItem[] = [],
  note?: string,
  wrapped = false,
): SVGSVGElement {
  const text = (y: number, s: string | string[], size: number, weight: string, fill: string) => {
    const t = doc.createElementNS(SVG_NS, "text");
    t.setAttribute("x", "8");
    t.setAttribute("y", String(y));
    t.setAttribute("text-anchor", "start");
    t.setAttribute("font-size", String(size));
    t.setAttribute("font-weight", weight);
    t.setAttribute("fill", fill);
    if (typeof s === "string") t.textContent = s;
    // Lines as tspans; each keeps its trailing space, so the text reads as one.
    else
      s.forEach((line, i) => {
        const span = doc.createElementNS(SVG_NS, "tspan");
        span.setAttribute("x", "8");
        if (i > 0) span.setAttribute("dy", String(LINE));
        span.textContent = i < s.length - 1 ? `${line} ` : line;
        t.append(span);
      });
    return t;
  };
  const width = Number(svg.getAttribute("width") ?? 640);
  const lines = wrapped
    ? headerLines(width, { title, subtitle, legend, note })
    : { subtitle: [subtitle], note: note ? [note] : [], legendRow: false };
  const bg = doc.createElementNS(SVG_NS, "rect");
  bg.setAttribute("width", "100%");
  bg.setAttribute("height", "100%");
  bg.setAttribute("fill", "white");
  const first = svg.firstChild;
  svg.insertBefore(bg, first);
  svg.insertBefore(text(16, title, 13, "bold", "#222"), first);
  const lineText = (s: string[]) => (wrapped ? s : s.join(""));
  if (subtitle) svg.insertBefore(text(31, lineText(lines.subtitle), 10, "normal", "#555"), first);
  const noteY = 45 + LINE * Math.max(0, lines.subtitle.length - 1);
  if (note) {
    const t = text(noteY, lineText(lines.note), 10, "bold", NOTE_COLOR);
    t.setAttribute("class", "chart-note");
    svg.insertBefore(t, first);
  }
  const swatch = (x: number, y: number, color: string) => {
    const sw = doc.createElementNS(SVG_NS, "rect");
    sw.setAttribute("x", String(x));
    sw.setAttribute("y", String(y));
    sw.setAttribute("width", "10");
    sw.setAttribute("height", "10");
    sw.setAttribute("fill", color);
    svg.insertBefore(sw, first);
  };
  if (lines.legendRow) {
    // Legend on its own row under the text, left-aligned: swatch, then name.
    const y = (note ? noteY + LINE * (lines.note.length - 1) : noteY - LINE) + 16;
    let x = 8;
    for (const item of legend) {
      swatch(x, y - 9, item.color);
      const t = text(y, item.label, 11, "normal", "#333");
      t.setAttribute("x", String(x + 14));
      svg.insertBefore(t, first);
      x += 14 + item.label.length * 7 + 12;
    }
    return svg;
  }
  // Legend: coloured swatches and names, right-aligned on the title's line.
  let x = width - 8;
  for (const item of [...legend].reverse()) {
    const t = text(16, item.label, 11, "normal", "#333");
    t.setAttribute("text-anchor", "end");
    t.setAttribute("x", String(x));
    svg.insertBefore(t, first);
    x -= item.label.length * 6.2 + 4;
    swatch(x - 10, 7, item.color);
    x -= 22;
  }
  return svg;
}

/**
 * The frame of a study chart (optimize, stress, analysis, rare, networks): its
 * header always wraps to the chart's width (its text depends on the data).
 * `plot` is Plot's document, size and margins (`naturalHeight` plus the
 * header's extra lines, unless `opts.height` is set); `finish` draws the header
 * on the plotted SVG.
 */
export function studyChart(
  opts: DrawOptions,
  header: HeaderText,
  naturalHeight: number,
): {
  width: number;
  plot: {
    document: Document;
    width: number;
    height: number;
    marginTop: number;
    marginBottom: number;
    marginLeft: number;
    marginRight: number;
  };
  finish: (svg: SVGSVGElement) => SVGSVGElement;
} {
  const fit = { ...chartWidth(opts, 640), wrapped: true };
  const extra = wrapExtra(fit, header);
  return {
    width: fit.width,
    plot: {
      document: opts.document,
      width: fit.width,
      height: (opts.height ?? naturalHeight) + extra,
      marginTop: marginTopFor(header.note) + extra,
      marginBottom: 44,
      marginLeft: 64,
      marginRight: 24,
    },
    finish: (svg) =>
      titled(svg, opts.document, header.title, header.subtitle, header.legend, header.note, true),
  };
}
