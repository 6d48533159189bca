import { formatNumber, formatPercent } from "./format.ts";
import { SVG_NS } from "./frame.ts";

/** Up to about five round ticks (multiples of 1, 2 or 5 × 10^k) over [lo, hi]. */
export function niceTicks(lo: number, hi: number): number[] {
  if (!Number.isFinite(lo) || !Number.isFinite(hi)) return [];
  if (hi <= lo) return [lo];
  const raw = (hi - lo) / 4;
  const mag = 10 ** Math.floor(Math.log10(raw));
  const step = [1, 2, 5, 10].map((m) => m * mag).find((s) => s >= raw)!;
  const out: number[] = [];
  for (let k = Math.ceil(lo / step - 1e-9); k * step <= hi * (1 + 1e-12) + 1e-12; k++)
    out.push(Number((k * step).toPrecision(12)));
  return out;
}

/** Where and how to draw a colour ramp legend. */
export interface RampOptions {
  /** Left end and top of the ramp. */
  x: number;
  y: number;
  width: number;
  domain: readonly [number, number];
  color: (v: number) => string;
  /** The values' unit, written left of the ramp. */
  label: string;
  /** Values are shares, ticked as percentages. */
  percent?: boolean;
}

/**
 * Appends a horizontal colour legend to an SVG: the ramp (as 40 small
 * rectangles, which every renderer draws), round ticks under it, and the unit
 * on its left.
 */
export function colorRamp(svg: SVGSVGElement, doc: Document, o: RampOptions): void {
  const g = doc.createElementNS(SVG_NS, "g");
  g.setAttribute("aria-label", "color legend");
  g.setAttribute("font-size", "10");
  const [lo, hi] = o.domain;
  const n = 40;
  for (let i = 0; i < n; i++) {
    const r = doc.createElementNS(SVG_NS, "rect");
    r.setAttribute("x", String(o.x + (o.width * i) / n));
    r.setAttribute("y", String(o.y));
    r.setAttribute("width", String(o.width / n + 0.5));
    r.setAttribute("height", "10");
    r.setAttribute("fill", o.color(lo + ((hi - lo) * (i + 0.5)) / n));
    g.append(r);
  }
  const text = (x: number, y: number, s: string, anchor: string) => {
    const t = doc.createElementNS(SVG_NS, "text");
    t.setAttribute("x", String(x));
    t.setAttribute("y", String(y));
    t.setAttribute("text-anchor", anchor);
    t.setAttribute("fill", "#333");
    t.textContent = s;
    g.append(t);
  };
  const ticks = niceTicks(lo, hi);
  const step = ticks.length > 1 ? ticks[1]! - ticks[0]! : undefined;
  const at = (v: number) => (hi > lo ? o.x + (o.width * (v - lo)) / (hi - lo) : o.x + o.width / 2);
  for (const v of ticks) {
    const tick = doc.createElementNS(SVG_NS, "line");
    tick.setAttribute("x1", String(at(v)));
    tick.setAttribute("x2", String(at(v)));
    tick.setAttribute("y1", String(o.y + 10));
    tick.setAttribute("y2", String(o.y + 13));
    tick.setAttribute("stroke", "#333");
    g.append(tick);
    text(at(v), o.y + 23, o.percent ? formatPercent(v, step) : formatNumber(v, step), "middle");
  }
  if (o.label) text(o.x - 6, o.y + 9, o.label, "end");
  svg.append(g);
}
