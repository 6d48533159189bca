/** Options every chart builder takes: the DOM document to draw in (browser or linkedom) and the size. */
export interface DrawOptions {
  document: Document;
  width?: number;
  height?: number;
}

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
 * (leave {@link marginTopFor} the note at the top).
 */
export function titled(
  svg: SVGSVGElement,
  doc: Document,
  title: string,
  subtitle: string,
  legend: readonly { label: string; color: string }[] = [],
  note?: string,
): SVGSVGElement {
  const text = (y: number, s: string, size: number, weight: string, fill: string) => {
    const t = doc.createElementNS(SVG_NS, "text");
    t.setAttribute("x", "8");
    t.setAttribute("y", String(y));
    t.setAttribute("text-anchor", "start");
    t.setAttribute("font-size", String(size));
    t.setAttribute("font-weight", weight);
    t.setAttribute("fill", fill);
    t.textContent = s;
    return t;
  };
  const bg = doc.createElementNS(SVG_NS, "rect");
  bg.setAttribute("width", "100%");
  bg.setAttribute("height", "100%");
  bg.setAttribute("fill", "white");
  const first = svg.firstChild;
  svg.insertBefore(bg, first);
  svg.insertBefore(text(16, title, 13, "bold", "#222"), first);
  if (subtitle) svg.insertBefore(text(31, subtitle, 10, "normal", "#555"), first);
  if (note) {
    const t = text(45, note, 10, "bold", NOTE_COLOR);
    t.setAttribute("class", "chart-note");
    svg.insertBefore(t, first);
  }
  // Legend: coloured swatches and names, right-aligned on the title's line.
  const width = Number(svg.getAttribute("width") ?? 640);
  let x = width - 8;
  for (const item of [...legend].reverse()) {
    const t = text(16, item.label, 11, "normal", "#333");
    t.setAttribute("text-anchor", "end");
    t.setAttribute("x", String(x));
    svg.insertBefore(t, first);
    x -= item.label.length * 6.2 + 4;
    const sw = doc.createElementNS(SVG_NS, "rect");
    sw.setAttribute("x", String(x - 10));
    sw.setAttribute("y", "7");
    sw.setAttribute("width", "10");
    sw.setAttribute("height", "10");
    sw.setAttribute("fill", item.color);
    svg.insertBefore(sw, first);
    x -= 22;
  }
  return svg;
}
