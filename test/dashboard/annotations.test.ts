import { mkdirSync, mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { parseHTML } from "linkedom";
import { describe, expect, it } from "vitest";
import { labelWidth, placeLabels } from "../../dashboard/charts/annotations.ts";
import { chartsFor } from "../../dashboard/charts/catalog.ts";
import { fanChart } from "../../dashboard/charts/fanChart.ts";
import type { FanTable } from "../../dashboard/data/fan.ts";
import { browserSession, OUTPUT } from "./browserSession.ts";
import { DESKTOP, expectFits, measureFit, overlaps, PHONE } from "./layout.ts";
import { writeSyntheticYearRun, YEAR } from "./syntheticResult.ts";

describe("annotation labels stay inside the frame", () => {
  const CRASH = "market crash −70%";
  const SPIRAL = "death spiral ▸";
  // a 560 px chart's frame: 56 px left margin, 20 right
  const [lo, hi] = [56, 540];
  const px = (day: number, days = 365) => lo + (day / days) * (hi - lo);

  it("a shock label goes left of its rule where there is room, ending 3 px before it", () => {
    const [p] = placeLabels([{ at: px(30, 45), text: CRASH, prefer: "before", gap: 3 }], lo, hi);
    expect(p).toMatchObject({ textAnchor: "end", dx: -3 });
    expect(p!.left).toBeGreaterThanOrEqual(lo);
  });

  it("at day 30 of a year it has no room left of its rule: it goes right of it, inside the frame", () => {
    const at = px(30);
    expect(at - 3 - labelWidth(CRASH)).toBeLessThan(lo); // where it used to be clipped
    const [p] = placeLabels([{ at, text: CRASH, prefer: "before", gap: 3 }], lo, hi);
    expect(p).toMatchObject({ textAnchor: "start", dx: 3 });
    expect(p!.left).toBeGreaterThanOrEqual(lo);
    expect(p!.right).toBeLessThanOrEqual(hi);
  });

  it("a spiral label right after the shock's moves along, apart from it and inside the frame", () => {
    const placed = placeLabels(
      [
        { at: px(30), text: CRASH, prefer: "before", gap: 3 },
        { at: px(33), text: SPIRAL, prefer: "after", gap: 1 },
      ],
      lo,
      hi,
    );
    const [crash, spiral] = placed as [(typeof placed)[0], (typeof placed)[0]];
    expect(spiral.left).toBeGreaterThan(crash.right);
    for (const p of placed) {
      expect(p.left).toBeGreaterThanOrEqual(lo);
      expect(p.right).toBeLessThanOrEqual(hi);
    }
  });

  it("near the right edge, and for a shock outside the run's days, labels end inside the frame", () => {
    const placed = placeLabels(
      [
        { at: px(364), text: SPIRAL, prefer: "after", gap: 1 },
        { at: px(500), text: CRASH, prefer: "before", gap: 3 },
        { at: px(-20), text: CRASH, prefer: "before", gap: 3 },
      ],
      lo,
      hi,
    );
    for (const p of placed) {
      expect(p.left).toBeGreaterThanOrEqual(lo);
      expect(p.right).toBeLessThanOrEqual(hi);
    }
  });

  it("a year-long chart drawn by tokensim plot places the crash label right of its rule", () => {
    const { document } = parseHTML("<!doctype html><html><body></body></html>");
    const steps = YEAR.steps;
    const flat = (v: number) => new Float64Array(steps).fill(v);
    const fan: FanTable = {
      steps: Int32Array.from({ length: steps }, (_, s) => s),
      runs: new Int32Array(steps).fill(3),
      columns: Object.fromEntries(
        ["p5", "p25", "p50", "p75", "p95"].map((q, i) => [`priceUsd:${q}`, flat(1 + i / 10)]),
      ),
    };
    const spec = chartsFor(["priceUsd"])[0]!;
    const svg = fanChart(
      spec,
      {
        fan,
        stepHours: 1,
        spirals: [],
        shocks: [{ label: CRASH, startStep: YEAR.crashStep, endStep: YEAR.crashStep + 167 }],
        runs: 3,
      },
      { document: document as unknown as Document, width: 560 },
    );
    const label = [...svg.querySelectorAll('g[aria-label="text"]')].find((g) =>
      g.textContent?.includes(CRASH),
    )!;
    expect(label.getAttribute("text-anchor")).toBe("start");
    expect(label.getAttribute("transform")).toMatch(/^translate\(3,/);
  });
});

describe("a year-long run's annotation labels in the browser (390 and 1280 px)", () => {
  const { open, errors } = browserSession(() => {
    const results = join(mkdtempSync(join(tmpdir(), "tokensim-labels-")), "results");
    mkdirSync(results);
    writeSyntheticYearRun(join(results, "year"));
    return { resultsDir: results, workers: 0, dataThreads: 0 };
  });

  for (const [width, device] of [
    ["390", PHONE],
    ["1280", DESKTOP],
  ] as const)
    it(`at ${width} px "market crash −70%" and "death spiral ▸" lie inside every chart's SVG, apart and off the axis`, async () => {
      const page = await open(device, "#/result/year", "#charts svg");
      const charts = await page.$$eval("#charts .chart svg", (svgs) =>
        svgs.map((svg) => {
          const box = (el: Element) => {
            const r = el.getBoundingClientRect();
            return { left: r.left, right: r.right, top: r.top, bottom: r.bottom };
          };
          const named = (el: Element) => ({
            name: el.textContent ?? "",
            ...box(el),
            visible: true,
          });
          return {
            title: svg.querySelector("text")?.textContent ?? "",
            svg: box(svg),
            labels: [...svg.querySelectorAll('g[aria-label="text"] text')].map(named),
            ticks: [...svg.querySelectorAll('g[aria-label="y-axis tick label"] text')].map(named),
            // the frame's left edge: where the x axis starts
            frameLeft: Math.min(
              ...[...svg.querySelectorAll('g[aria-label="x-axis tick"] path')].map(
                (p) => p.getBoundingClientRect().left,
              ),
            ),
          };
        }),
      );
      expect(charts.length).toBe(11);
      for (const c of charts) {
        // each chart names the crash and the spiral
        expect(c.labels.map((l) => l.name).sort(), c.title).toEqual([
          "death spiral ▸",
          "market crash −70%",
        ]);
        for (const l of c.labels) {
          const what = `${c.title}: ${l.name}`;
          // inside the SVG: not clipped at its left edge (nor anywhere else)
          expect(l.left, what).toBeGreaterThanOrEqual(c.svg.left);
          expect(l.right, what).toBeLessThanOrEqual(c.svg.right);
          expect(l.top, what).toBeGreaterThanOrEqual(c.svg.top);
          expect(l.bottom, what).toBeLessThanOrEqual(c.svg.bottom);
          // and inside the frame's width: never out over the y axis
          expect(l.left, what).toBeGreaterThanOrEqual(c.frameLeft - 1);
        }
        expect(overlaps([...c.labels, ...c.ticks]), c.title).toEqual([]);
      }
      if (width === "390") expectFits(await measureFit(page), "year-long run");
      await page.screenshot({
        path: join(OUTPUT, `dashboard-${width === "390" ? "mobile" : "desktop"}-year-labels.png`),
        fullPage: true,
      });
      await page
        .locator("#charts .chart")
        .first()
        .screenshot({
          path: join(OUTPUT, `dashboard-${width === "390" ? "mobile" : "desktop"}-year-price.png`),
        });
      expect(errors).toEqual([]);
    }, 90_000);
});
