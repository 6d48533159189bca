import { type DrawChart, responsiveBox } from "./responsive.ts";

type Attrs = Record<string, string | number | boolean | ((e: Event) => void) | undefined>;

/** Creates an element with attributes (`on*` functions become listeners) and children. */
export function h<K extends keyof HTMLElementTagNameMap>(
  tag: K,
  attrs: Attrs = {},
  ...children: (Node | string | null | undefined | false)[]
): HTMLElementTagNameMap[K] {
  const el = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) {
    if (v === undefined || v === false) continue;
    if (typeof v === "function") el.addEventListener(k.slice(2).toLowerCase(), v);
    else if (v === true) el.setAttribute(k, "");
    else el.setAttribute(k, String(v));
  }
  for (const c of children) if (c !== null && c !== undefined && c !== false) el.append(c);
  return el;
}

/** Replaces an element's content. */
export function show(el: Element, ...children: (Node | string)[]): void {
  el.replaceChildren(...children);
}

/**
 * A chart box: `draw` draws its chart into the room the box has (see
 * responsive.ts); the chart appears once the box is on the page.
 */
export const chartBox = (draw: DrawChart): HTMLElement =>
  responsiveBox(h("div", { class: "chart" }), draw);

/** A table in its own box that scrolls sideways when the table is wider than the page. */
export const scrollBox = (table: HTMLTableElement): HTMLElement =>
  h("div", { class: "table-scroll" }, table);
