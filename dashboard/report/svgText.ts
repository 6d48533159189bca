import { SVG_NS } from "../charts/frame.ts";

/**
 * A chart as a standalone SVG file: the namespace declared and every number
 * rounded to 2 decimals (stable across floating-point noise, and smaller).
 */
export function svgText(svg: SVGSVGElement): string {
  svg.setAttribute("xmlns", SVG_NS);
  return `${roundNumbers(svg.outerHTML)}\n`;
}

/** Rounds decimal numbers with more than 2 decimals to 2 (`12.34567` → `12.35`). */
const roundIn = (markup: string): string =>
  markup.replace(/-?\d+\.\d{3,}/g, (m) => {
    const r = Math.round(Number(m) * 100) / 100;
    return String(Object.is(r, -0) ? 0 : r);
  });

/**
 * Rounds the numbers of the markup (coordinates, sizes) but not those of the
 * text a reader sees: a tick label "0.975" stays as the chart wrote it.
 */
const roundNumbers = (text: string): string =>
  text
    .split(/(>[^<]*<)/)
    .map((part, i) => (i % 2 === 1 ? part : roundIn(part)))
    .join("");
