import { mkdirSync, mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { Page } from "playwright-core";
import { describe, expect, it } from "vitest";
import { browserSession, OUTPUT } from "./browserSession.ts";
import { DESKTOP, expectFits, measureFit, PHONE } from "./layout.ts";
import { writeSyntheticFailedRun, writeSyntheticSweep } from "./syntheticResult.ts";

/** What each page must show of its failed runs and empty points, in the browser. */
const PAGES = [
  { name: "failed-point", hash: "#/result/fail/1" },
  { name: "failed-run-of-three", hash: "#/result/fail/0" },
  { name: "no-steps", hash: "#/result/nosteps/1" },
  { name: "unfinished", hash: "#/result/unfinished/1" },
  { name: "failed-single-run", hash: "#/result/failedrun" },
  { name: "compare-failed", hash: "#/compare/fail/0/fail/1" },
] as const;

/** The page's visible text, the time-series charts drawn and the failure rows. */
const look = (page: Page) =>
  page.evaluate(() => ({
    text: document.querySelector("#app")!.textContent ?? "",
    charts: document.querySelectorAll("#charts .chart svg, #compare .chart svg").length,
    empty: document.querySelector("#empty-state")?.textContent ?? "",
    failures: [...document.querySelectorAll("#failures tr.failed")].map((tr) =>
      [...tr.querySelectorAll("td")].map((td) => td.textContent),
    ),
    ticks: [...document.querySelectorAll(".chart svg g[aria-label='y-axis tick label'] text")].map(
      (t) => t.textContent ?? "",
    ),
    heatNotes: [...document.querySelectorAll(".charts svg text")]
      .map((t) => t.textContent ?? "")
      .filter((t) => /failed/.test(t)),
  }));

describe("failed runs and empty points in the browser (390 and 1280 px)", () => {
  const { open, errors } = browserSession(() => {
    const root = mkdtempSync(join(tmpdir(), "tokensim-empty-"));
    const results = join(root, "results");
    mkdirSync(results);
    writeSyntheticSweep(join(results, "fail"), { failed: { 0: [1], 1: [0, 1, 2] } });
    writeSyntheticSweep(join(results, "nosteps"), { noSteps: true });
    writeSyntheticSweep(join(results, "unfinished"), { unfinished: [1] });
    writeSyntheticFailedRun(join(results, "failedrun"));
    return { resultsDir: results, workers: 0, dataThreads: 0 };
  });

  for (const [width, device] of [
    ["390", PHONE],
    ["1280", DESKTOP],
  ] as const)
    for (const p of PAGES)
      it(`${p.name} at ${width} px: failures first, a sentence where there is nothing to chart`, async () => {
        const page = await open(device, p.hash);
        const seen = await look(page);
        expect(seen.text).not.toMatch(/^Error/);
        // never "no death spiral in 3 runs" of runs that failed, nor their 3e+83
        expect(seen.text).not.toMatch(/no death spiral in 3 runs/);
        for (const t of seen.ticks) expect(t).not.toMatch(/e\+|NaN/);
        if (p.name === "failed-point") {
          expect(seen.failures).toHaveLength(3);
          expect(seen.failures[0]).toEqual([
            "0",
            "100",
            "failed",
            "supplyConservation",
            "30 (day 1.3)",
            "supplyTokens = 3e+83, ledgerTokens = 1000000",
            "arrow",
          ]);
          expect(seen.empty).toMatch(/^All 3 runs of this point failed/);
          expect(seen.charts).toBe(0);
          expect(seen.heatNotes).toEqual(["1 failed", "all runs failed"]);
          // the result's failed runs come first, before its heatmap
          expect(await page.textContent("h1")).toMatch(/6 runs \(4 failed\)/);
          expect(await page.textContent("#failed-banner")).toBe(
            "4 of 6 runs failed (invariant 'supplyConservation'): left out of every chart, band and statistic. point 0: 1 failed, point 1: all failed",
          );
          const bannerFirst = await page.evaluate(() => {
            const banner = document.querySelector("#failed-banner")!;
            const heatmap = document.querySelector(".charts svg")!;
            return banner.compareDocumentPosition(heatmap) & Node.DOCUMENT_POSITION_FOLLOWING;
          });
          expect(bannerFirst).toBeTruthy();
          // the failures come before the (absent) charts
          const order = await page.evaluate(() => {
            const box = document.querySelector("#failures-box")!;
            const charts = document.querySelector("#charts")!;
            return box.compareDocumentPosition(charts) & Node.DOCUMENT_POSITION_FOLLOWING;
          });
          expect(order).toBeTruthy();
        }
        if (p.name === "failed-run-of-three") {
          expect(seen.failures).toHaveLength(1);
          expect(seen.empty).toBe("");
          expect(seen.charts).toBeGreaterThan(8);
          expect(seen.text).toMatch(/1 of 3 runs failed: left out of the charts and statistics/);
          expect(seen.text).toMatch(/1 failed run left out/);
        }
        if (p.name !== "failed-point" && p.name !== "failed-run-of-three")
          expect(await page.locator("#failed-banner").count()).toBe(0);
        if (p.name === "no-steps") {
          expect(seen.empty).toBe(
            "This sweep was run with --no-steps: per-step charts are not available; the table of outcomes is below.",
          );
          expect(seen.charts).toBe(0);
          expect(await page.locator("#runs tr").count()).toBe(4);
          expect(await page.locator(".charts svg").count()).toBe(1); // the heatmap
        }
        if (p.name === "unfinished") {
          expect(seen.empty).toMatch(/^No run of this point has finished yet \(0 of 3\)/);
          expect(seen.charts).toBe(0);
          expect(seen.text).not.toMatch(/one run/);
          expect(await page.textContent("#runs-empty")).toMatch(/^No run of this point/);
          expect(await page.textContent("#heatmap-empty")).toMatch(/3 of 6 runs are done/);
          expect(await page.locator("#runs").count()).toBe(0);
        }
        if (p.name === "failed-single-run") {
          expect(seen.failures).toHaveLength(1);
          expect(seen.empty).toMatch(/^The run failed/);
          expect(seen.charts).toBe(0);
        }
        if (p.name === "compare-failed") {
          expect(seen.text).toMatch(/All 3 runs of this point failed/);
          expect(seen.charts).toBeGreaterThan(8); // the left side's, none on the right
        }
        // no chart is drawn empty or solid: every SVG under the charts has a line or band
        const blank = await page.$$eval(
          "#charts .chart svg, #compare .chart svg",
          (svgs) => svgs.filter((s) => s.querySelectorAll("path").length === 0).length,
        );
        expect(blank).toBe(0);
        if (width === "390") {
          expectFits(await measureFit(page), p.name);
          // every failure's invariant, step and values are on the screen, not scrolled off it
          const offScreen = await page.$$eval(
            "#failures td",
            (tds) =>
              tds.filter((td) => td.getBoundingClientRect().right > window.innerWidth).length,
          );
          expect(offScreen).toBe(0);
        }
        await page.screenshot({
          path: join(OUTPUT, `dashboard-${width === "390" ? "mobile" : "desktop"}-${p.name}.png`),
          fullPage: true,
        });
        expect(errors).toEqual([]);
      }, 90_000);
});
