import type { Page } from "playwright-core";
import { expect } from "vitest";

/** A phone (iPhone 12 to 15: 390 × 844 CSS pixels) and the desktop the dashboard was laid out for. */
export const PHONE = {
  viewport: { width: 390, height: 844 },
  deviceScaleFactor: 2,
  isMobile: true,
  hasTouch: true,
} as const;
export const DESKTOP = { viewport: { width: 1280, height: 900 } } as const;

/** How a page fits its viewport: page width, charts (drawn and shown width), tables' boxes. */
export interface Fit {
  innerWidth: number;
  scrollWidth: number;
  charts: {
    title: string;
    drawn: number;
    shown: number;
    left: number;
    right: number;
    /** The header's texts and legend swatches (title, subtitle, note, legend), as boxes. */
    header: ControlBox[];
  }[];
  tables: { id: string; box: number; right: number; table: number }[];
  nav: { text: string; left: number; right: number; top: number }[];
}

export const measureFit = (page: Page): Promise<Fit> =>
  page.evaluate(() => {
    const r = (el: Element) => el.getBoundingClientRect();
    return {
      innerWidth: window.innerWidth,
      scrollWidth: document.documentElement.scrollWidth,
      charts: [...document.querySelectorAll(".chart svg")].map((svg) => ({
        title: svg.querySelector("text")?.textContent ?? "",
        drawn: Number(svg.getAttribute("width")),
        shown: r(svg).width,
        left: r(svg).left,
        right: r(svg).right,
        header: [...svg.querySelectorAll(":scope > text, :scope > rect[width='10']")].map((t) => ({
          name: t.textContent || `swatch ${t.getAttribute("fill")}`,
          left: r(t).left,
          right: r(t).right,
          top: r(t).top,
          bottom: r(t).bottom,
          visible: r(t).width > 0,
        })),
      })),
      tables: [...document.querySelectorAll(".table-scroll")].map((box) => ({
        id: box.querySelector("table")?.id ?? "",
        box: r(box).width,
        right: r(box).right,
        table: box.querySelector("table")?.getBoundingClientRect().width ?? 0,
      })),
      nav: [...document.querySelectorAll("header a")].map((a) => ({
        text: a.textContent ?? "",
        left: r(a).left,
        right: r(a).right,
        top: r(a).top,
      })),
    };
  });

/** A form control's box on the page. */
export interface ControlBox {
  name: string;
  left: number;
  right: number;
  top: number;
  bottom: number;
  visible: boolean;
}

/** The boxes of the form's controls (inputs, selects, buttons) under `selector`, scrolled into view or not. */
export const controlBoxes = (page: Page, selector: string): Promise<ControlBox[]> =>
  page.$$eval(`${selector} input, ${selector} select, ${selector} button`, (els) =>
    els.map((el) => {
      const b = el.getBoundingClientRect();
      const style = getComputedStyle(el);
      return {
        name: el.getAttribute("name") ?? el.id ?? el.tagName,
        left: b.left,
        right: b.right,
        top: b.top + window.scrollY,
        bottom: b.bottom + window.scrollY,
        visible: b.width > 0 && b.height > 0 && style.visibility !== "hidden",
      };
    }),
  );

/** Pairs of boxes that overlap (by more than half a pixel each way). */
export function overlaps(boxes: readonly ControlBox[]): string[] {
  const out: string[] = [];
  for (let i = 0; i < boxes.length; i++)
    for (let j = i + 1; j < boxes.length; j++) {
      const a = boxes[i]!;
      const b = boxes[j]!;
      const x = Math.min(a.right, b.right) - Math.max(a.left, b.left);
      const y = Math.min(a.bottom, b.bottom) - Math.max(a.top, b.top);
      if (x > 0.5 && y > 0.5) out.push(`${a.name} × ${b.name}`);
    }
  return out;
}

/** No sideways page scroll, every chart drawn no wider than the screen and not shrunk to fit. */
export function expectFits(fit: Fit, page: string): void {
  expect(fit.scrollWidth, `${page}: page scrolls sideways`).toBeLessThanOrEqual(fit.innerWidth);
  for (const c of fit.charts) {
    expect(c.drawn, `${page}: ${c.title}`).toBeLessThanOrEqual(fit.innerWidth);
    expect(c.left, `${page}: ${c.title}`).toBeGreaterThanOrEqual(0);
    expect(c.right, `${page}: ${c.title}`).toBeLessThanOrEqual(fit.innerWidth);
    // drawn at the width it is shown, so its text keeps its size
    expect(Math.abs(c.shown - c.drawn), `${page}: ${c.title}`).toBeLessThanOrEqual(1);
    // its header (title, subtitle, note, legend) inside the chart, nothing over anything
    expect(c.header.length, `${page}: ${c.title}`).toBeGreaterThanOrEqual(2);
    for (const t of c.header)
      expect(t.right, `${page}: ${t.name}`).toBeLessThanOrEqual(c.right + 1);
    expect(overlaps(c.header), `${page}: ${c.title}`).toEqual([]);
  }
  for (const t of fit.tables)
    expect(t.right, `${page}: #${t.id}`).toBeLessThanOrEqual(fit.innerWidth);
  for (const a of fit.nav)
    expect(a.right, `${page}: ${a.text}`).toBeLessThanOrEqual(fit.innerWidth);
}
