import { mkdirSync, writeFileSync } from "node:fs";
import { dirname } from "node:path";
import * as Plot from "@observablehq/plot";
import { parseHTML } from "linkedom";

/**
 * Plot rendering outside a browser: Observable Plot builds its SVG in a
 * linkedom document, and the notebook shows it as `image/svg+xml` (which GitHub
 * and VS Code render in a committed notebook). A figure with a title or a
 * categorical legend (which Plot draws as HTML) is redrawn as one SVG, so that
 * every chart is a single image.
 */
const { document } = parseHTML("<!DOCTYPE html><html><head></head><body></body></html>");

const DISPLAY = Symbol.for("Jupyter.display");

/** The DOM a chart is read through (linkedom's; tsc here has no DOM types). */
interface El {
  readonly tagName: string;
  readonly children: ArrayLike<El>;
  readonly textContent: string | null;
  readonly outerHTML: string;
  getAttribute(name: string): string | null;
  setAttribute(name: string, value: string): void;
  querySelector(selector: string): El | null;
  querySelectorAll(selector: string): ArrayLike<El>;
}

/** Something the Deno kernel displays as a rich output when it ends a cell. */
export interface Displayable {
  [DISPLAY](): Record<string, string>;
}

/** An SVG chart: displayed as an image, kept as text for saving. */
export class Svg implements Displayable {
  constructor(
    readonly svg: string,
    readonly alt: string,
  ) {}
  [DISPLAY](): Record<string, string> {
    return { "image/svg+xml": this.svg, "text/plain": this.alt };
  }
  /** Writes the SVG to a file (e.g. for a report). */
  save(path: string): this {
    mkdirSync(dirname(path), { recursive: true });
    writeFileSync(path, this.svg);
    return this;
  }
}

const esc = (s: string) =>
  s.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;");

const FONT = "system-ui, sans-serif";

/** Draws a Plot figure (title, subtitle, legends, chart, caption) as one SVG. */
function figureToSvg(fig: El): string {
  const parts: string[] = [];
  let y = 0;
  let width = 0;
  for (const child of Array.from<El>(fig.children)) {
    const tag = child.tagName.toLowerCase();
    if (tag === "h2" || tag === "h3" || tag === "figcaption") {
      const size = tag === "h2" ? 16 : 12.5;
      const weight = tag === "h2" ? 600 : 400;
      y += size + 6;
      parts.push(
        `<text x="0" y="${y}" font-family="${FONT}" font-size="${size}" font-weight="${weight}" fill="${tag === "h2" ? "#111" : "#555"}">${esc(child.textContent ?? "")}</text>`,
      );
      y += 4;
    } else if (tag === "div") {
      // swatches legend: <span class="...-swatch"><svg fill=color>...</svg>label</span>
      let x = 0;
      y += 6;
      for (const sw of Array.from<El>(child.querySelectorAll("span"))) {
        const swSvg = sw.querySelector("svg");
        const color =
          swSvg?.getAttribute("fill") ??
          swSvg?.getAttribute("stroke") ??
          swSvg?.querySelector("[fill]")?.getAttribute("fill") ??
          "#888";
        const label = (sw.textContent ?? "").trim();
        const w = 22 + label.length * 6.6 + 14;
        if (x + w > 640 && x > 0) {
          x = 0;
          y += 18;
        }
        parts.push(
          `<rect x="${x}" y="${y}" width="14" height="14" fill="${esc(color)}"/><text x="${x + 19}" y="${y + 11.5}" font-family="${FONT}" font-size="11" fill="#222">${esc(label)}</text>`,
        );
        x += w;
        width = Math.max(width, x);
      }
      y += 22;
    } else if (tag === "svg") {
      const w = Number(child.getAttribute("width") ?? 640);
      const h = Number(child.getAttribute("height") ?? 400);
      child.setAttribute("x", "0");
      child.setAttribute("y", String(y));
      parts.push(child.outerHTML);
      y += h + 4;
      width = Math.max(width, w);
    }
  }
  const pad = 8;
  return `<svg xmlns="http://www.w3.org/2000/svg" width="${width + 2 * pad}" height="${y + 2 * pad}" viewBox="${-pad} ${-pad} ${width + 2 * pad} ${y + 2 * pad}" style="background:white"><rect x="${-pad}" y="${-pad}" width="${width + 2 * pad}" height="${y + 2 * pad}" fill="white"/>${parts.join("")}</svg>`;
}

/** Renders Plot options to an SVG chart; `alt` is the text shown where images are not. */
export function plot(options: Plot.PlotOptions, alt = "chart"): Svg {
  const el = Plot.plot({
    ...options,
    document: document as unknown as Document,
  }) as unknown as El;
  let svg: string;
  if (el.tagName.toLowerCase() === "svg") {
    el.setAttribute("xmlns", "http://www.w3.org/2000/svg");
    el.setAttribute(
      "style",
      `${el.getAttribute("style") ?? ""};background:white`.replace(/^;/, ""),
    );
    svg = el.outerHTML;
  } else {
    svg = figureToSvg(el);
  }
  // Nested SVGs need the namespace only on the root.
  return new Svg(svg, alt);
}

/**
 * Displays outputs (charts, tables, Markdown; a string is Markdown) inside
 * Jupyter; elsewhere (`deno run`) prints their text. The notebooks show every
 * output this way rather than as a cell's last expression, whose result the
 * Deno kernel can send after reporting the cell done.
 */
export async function show(...items: (Displayable | string)[]): Promise<void> {
  const jupyter = (globalThis as { Deno?: typeof Deno }).Deno?.jupyter;
  const bundles = items.map((x) => (typeof x === "string" ? md(x) : x)[DISPLAY]());
  if (!jupyter) {
    for (const b of bundles) console.log(b["text/plain"] ?? "");
    return;
  }
  for (const b of bundles) await jupyter.display(b, { raw: true });
  // The kernel can report the cell finished (status idle) before the display
  // messages have left; a headless runner (nbconvert) then drops them. A short
  // pause lets them go first.
  await new Promise((r) => setTimeout(r, 100));
}

/** A Markdown table (displayed as text/markdown) from rows of values. */
export class Table implements Displayable {
  constructor(
    readonly columns: string[],
    readonly rows: (string | number)[][],
  ) {}
  [DISPLAY](): Record<string, string> {
    const head = `| ${this.columns.join(" | ")} |`;
    const rule = `| ${this.columns.map(() => "---").join(" | ")} |`;
    const body = this.rows.map((r) => `| ${r.join(" | ")} |`);
    const md = [head, rule, ...body].join("\n");
    return { "text/markdown": md, "text/plain": md };
  }
}

/** Markdown text (for conclusions computed from the numbers). */
export class Markdown implements Displayable {
  constructor(readonly text: string) {}
  [DISPLAY](): Record<string, string> {
    return { "text/markdown": this.text, "text/plain": this.text };
  }
}

export const md = (text: string): Markdown => new Markdown(text);

/** Number formatting for tables and text. */
export const fmt = (x: number, digits = 3): string =>
  Number.isFinite(x)
    ? Math.abs(x) >= 1e4
      ? Math.round(x).toLocaleString("en-US")
      : Number(x.toPrecision(digits)).toString()
    : String(x);

export const pct = (x: number, digits = 0): string => `${(x * 100).toFixed(digits)}%`;

export { Plot };
