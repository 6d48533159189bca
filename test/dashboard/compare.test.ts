import { mkdirSync, mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { Page } from "playwright-core";
import { describe, expect, it } from "vitest";
import { browserSession, OUTPUT } from "./browserSession.ts";
import { DESKTOP, expectFits, measureFit, PHONE } from "./layout.ts";
import { writeSyntheticSweep } from "./syntheticResult.ts";

/**
 * Every box of the compare view (the two heads, each chart, each "not drawn"
 * sentence) with the side it belongs to, its band (letter, text, box, colour)
 * and what it holds.
 */
const sides = (page: Page) =>
  page.$$eval("#compare .side", (els) =>
    els.map((el) => {
      const band = el.querySelector(":scope > .side-band")!;
      const b = band.getBoundingClientRect();
      const svg = el.querySelector(":scope > .chart svg");
      const s = svg?.getBoundingClientRect();
      // each legend swatch with the name right of it
      const texts = svg ? [...svg.querySelectorAll(":scope > text")] : [];
      const legend = svg
        ? [...svg.querySelectorAll(":scope > rect[width='10']")].map((sw) => {
            const r = sw.getBoundingClientRect();
            const name = texts
              .map((t) => ({ t, box: t.getBoundingClientRect() }))
              .filter((x) => Math.abs(x.box.top - r.top) < 8 && x.box.left >= r.right - 1)
              .sort((x, y) => x.box.left - y.box.left)[0];
            return { name: name?.t.textContent ?? "", color: sw.getAttribute("fill") ?? "" };
          })
        : [];
      return {
        side: el.getAttribute("data-side") ?? "",
        letter: band.querySelector(".side-letter")?.textContent ?? "",
        band: band.textContent ?? "",
        bandColor: getComputedStyle(band).backgroundColor,
        bandBox: { left: b.left, right: b.right, top: b.top, bottom: b.bottom, height: b.height },
        head: el.parentElement?.matches("#compare > .pair:first-child") === true,
        chart: svg
          ? {
              title: svg.querySelector("text")?.textContent ?? "",
              drawn: Number(svg.getAttribute("width")),
              left: s!.left,
              top: s!.top,
              right: s!.right,
              paths: svg.querySelectorAll("path").length,
            }
          : undefined,
        notDrawn: el.querySelector(":scope > .chart-empty")?.textContent ?? "",
        empty: el.querySelector(":scope .empty-state")?.textContent ?? "",
        legend,
      };
    }),
  );

describe("compare: sides A and B told apart, an empty side said once (390 and 1280 px)", () => {
  const session = browserSession(() => {
    const root = mkdtempSync(join(tmpdir(), "tokensim-compare-"));
    const results = join(root, "results");
    mkdirSync(results);
    writeSyntheticSweep(join(results, "syn"));
    // other hardware classes (b and c): the class chart's series differ between the sides
    writeSyntheticSweep(join(results, "other"), { classes: ["b", "c"] });
    writeSyntheticSweep(join(results, "fail"), { failed: { 0: [1], 1: [0, 1, 2] } });
    writeSyntheticSweep(join(results, "nosteps"), { noSteps: true });
    return { resultsDir: results, workers: 0, dataThreads: 0 };
  });
  const errors = session.errors;
  const open = (device: typeof PHONE | typeof DESKTOP, hash: string) =>
    session.open(device, hash, "#compare .side");
  const shot = (page: Page, width: string, name: string) =>
    page.screenshot({
      path: join(OUTPUT, `dashboard-${width === "390" ? "mobile" : "desktop"}-${name}.png`),
      fullPage: true,
    });

  for (const [width, device] of [
    ["390", PHONE],
    ["1280", DESKTOP],
  ] as const) {
    it(`at ${width} px every chart carries its side's coloured A/B band, on screen, and a series keeps its colour on both sides`, async () => {
      const page = await open(device, "#/compare/syn/0/other/0");
      const inner = await page.evaluate(() => window.innerWidth);
      const all = await sides(page);
      const charts = all.filter((s) => s.chart);
      expect(charts.length).toBe(22); // 11 charts a side
      expect(charts.filter((s) => s.side === "A")).toHaveLength(11);
      for (const s of all) {
        // its letter first, then what the side shows
        expect(s.letter).toBe(s.side);
        expect(s.band).toMatch(s.side === "A" ? /^Asyn · / : /^Bother · /);
        // the band is on screen, within the viewport's width, and one line high
        expect(s.bandBox.left, s.band).toBeGreaterThanOrEqual(0);
        expect(s.bandBox.right, s.band).toBeLessThanOrEqual(inner);
        expect(s.bandBox.height, s.band).toBeGreaterThan(12);
        expect(s.bandBox.height, s.band).toBeLessThan(30);
        if (s.chart) {
          // right above its chart, as wide as it
          expect(s.chart.top - s.bandBox.bottom, s.chart.title).toBeGreaterThanOrEqual(0);
          expect(s.chart.top - s.bandBox.bottom, s.chart.title).toBeLessThan(8);
          expect(s.bandBox.left).toBeLessThanOrEqual(s.chart.left);
          expect(s.bandBox.right).toBeGreaterThanOrEqual(s.chart.right - 1);
          expect(s.chart.right, s.chart.title).toBeLessThanOrEqual(inner);
        }
      }
      // two colours, one a side
      const colorOf = (side: string) =>
        new Set(all.filter((s) => s.side === side).map((s) => s.bandColor));
      expect(colorOf("A").size).toBe(1);
      expect(colorOf("B").size).toBe(1);
      expect([...colorOf("A")][0]).not.toBe([...colorOf("B")][0]);
      // the heads: one a side, A first
      expect(all.filter((s) => s.head).map((s) => s.side)).toEqual(["A", "B"]);
      // pairs: A then B, chart by chart, the same chart on both sides
      for (let i = 0; i < charts.length; i += 2) {
        expect([charts[i]!.side, charts[i + 1]!.side]).toEqual(["A", "B"]);
        expect(charts[i]!.chart!.title).toBe(charts[i + 1]!.chart!.title);
      }
      if (width === "390") {
        // one above the other: A's chart, then B's, each the screen's width
        expect(charts[1]!.chart!.top).toBeGreaterThan(charts[0]!.chart!.top + 100);
        for (const c of charts) expect(c.chart!.drawn).toBeGreaterThan(300);
        expectFits(await measureFit(page), "compare A/B");
      } else {
        expect(charts[1]!.chart!.left - charts[0]!.chart!.left).toBeGreaterThan(500);
        for (const c of charts) expect(c.chart!.drawn).toBe(560);
      }
      // hardware classes a, b (A) and b, c (B): b in the same colour on both sides, c in another
      const classes = charts.filter((s) => s.chart!.title === "Active providers by hardware class");
      const legend = (side: string) =>
        Object.fromEntries(
          classes.find((s) => s.side === side)!.legend.map((l) => [l.name, l.color]),
        );
      const [a, b] = [legend("A"), legend("B")];
      expect(Object.keys(a).sort()).toEqual(["a", "b"]);
      expect(Object.keys(b).sort()).toEqual(["b", "c"]);
      expect(b.b).toBe(a.b);
      expect(new Set([a.a, a.b, b.c]).size).toBe(3);
      // the line of b is drawn in its legend's colour on both sides
      const strokes = await page.$$eval("#compare .side svg", (svgs) =>
        svgs
          .filter(
            (s) => s.querySelector("text")?.textContent === "Active providers by hardware class",
          )
          .map((s) =>
            [...s.querySelectorAll('g[aria-label="line"]')].map((g) => g.getAttribute("stroke")),
          ),
      );
      expect(strokes).toEqual([
        [a.a, a.b],
        [b.b, b.c],
      ]);
      // while scrolled past, a chart's band stays at the top of the screen
      const title = charts[8]!.chart!.title;
      const stuck = await page.evaluate((t) => {
        const svg = [...document.querySelectorAll("#compare .side-B svg")].find(
          (s) => s.querySelector("text")?.textContent === t,
        )!;
        window.scrollTo(0, svg.getBoundingClientRect().top + window.scrollY + 60);
        const band = svg.closest(".side")!.querySelector(".side-band")!.getBoundingClientRect();
        return { top: band.top, chartTop: svg.getBoundingClientRect().top };
      }, title);
      expect(stuck.chartTop).toBeLessThan(0);
      expect(Math.abs(stuck.top)).toBeLessThanOrEqual(1);
      await page.evaluate(() => window.scrollTo(0, 0));
      await shot(page, width, "compare-sides");
      expect(errors).toEqual([]);
    }, 90_000);

    for (const c of [
      {
        name: "compare-b-failed",
        hash: "#/compare/fail/0/fail/1",
        empty: "B",
        text: /^All 3 runs of this point failed/,
        link: "#/result/fail/1",
      },
      {
        name: "compare-a-no-steps",
        hash: "#/compare/nosteps/1/syn/1",
        empty: "A",
        text: /^This sweep was run with --no-steps: per-step charts are not available; the table of outcomes is on the result's page\.$/,
        link: "#/result/nosteps/1",
      },
    ])
      it(`at ${width} px ${c.name}: side ${c.empty}'s empty state said once, the other side's charts take the width`, async () => {
        const page = await open(device, c.hash);
        const inner = await page.evaluate(() => window.innerWidth);
        const all = await sides(page);
        const full = c.empty === "A" ? "B" : "A";
        // said once, at the empty side's head
        const empties = all.filter((s) => s.empty);
        expect(empties.map((s) => [s.side, s.head])).toEqual([[c.empty, true]]);
        expect(empties[0]!.empty).toMatch(c.text);
        expect(await page.locator("#compare .empty-state").count()).toBe(1);
        // and links to its result's page (its runs and table of outcomes)
        expect(
          await page.$$eval(`#compare .side-${c.empty} a.side-open`, (as) =>
            as.map((a) => a.getAttribute("href")),
          ),
        ).toEqual([c.link]);
        // no blank box, no chart or placeholder of the empty side
        expect(all.filter((s) => !s.head && s.side === c.empty)).toEqual([]);
        expect(all.filter((s) => s.notDrawn)).toEqual([]);
        const charts = all.filter((s) => s.chart);
        expect(charts.length).toBe(11);
        for (const s of charts) {
          expect(s.side).toBe(full);
          expect(s.chart!.paths, s.chart!.title).toBeGreaterThan(0);
          expect(s.bandBox.right).toBeLessThanOrEqual(inner);
        }
        // the charts are in a grid of their own, not in pairs beside an empty place
        expect(await page.locator("#compare > .pair").count()).toBe(1); // the heads
        expect(await page.locator("#compare-charts > .side").count()).toBe(11);
        if (width === "1280") {
          // two by two over the whole width, wider than in pairs (560)
          expect(charts[0]!.chart!.top).toBe(charts[1]!.chart!.top);
          expect(charts[1]!.chart!.right).toBeGreaterThan(1100);
          for (const s of charts) expect(s.chart!.drawn).toBeGreaterThan(560);
        } else {
          for (const s of charts) expect(s.chart!.drawn).toBeGreaterThan(300);
          expectFits(await measureFit(page), c.name);
        }
        await shot(page, width, c.name);
        expect(errors).toEqual([]);
      }, 90_000);

    it(`at ${width} px both sides empty: each says why, no chart`, async () => {
      const page = await open(device, "#/compare/fail/1/nosteps/0");
      const all = await sides(page);
      expect(all.map((s) => [s.side, s.head, !!s.empty])).toEqual([
        ["A", true, true],
        ["B", true, true],
      ]);
      expect(await page.locator("#compare-charts").count()).toBe(0);
      expect(errors).toEqual([]);
    }, 90_000);
  }
});
