import { mkdirSync, mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { type Browser, chromium, type Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runCalibration, writeProfile } from "../../calibration/harness.ts";
import { buildApp, type DashboardApp } from "../../dashboard/server/app.ts";
import { buildPage } from "../../dashboard/server/bundle.ts";
import { writeSyntheticSweep } from "./syntheticResult.ts";

const OUTPUT = join(import.meta.dirname, "../output");

/** Marks Plot drew in one chart: paths of line and area marks, rects of rect and cell marks. */
const marks = (page: Page, selector: string) =>
  page.$eval(selector, (svg) => ({
    lines: svg.querySelectorAll('g[aria-label="line"] path').length,
    areas: svg.querySelectorAll('g[aria-label="area"] path').length,
    spiralRects: svg.querySelectorAll('g[aria-label="rect"][fill="#d62728"] rect').length,
    cells: svg.querySelectorAll('g[aria-label="cell"] rect').length,
    // vertices of the first median line: one per step drawn
    lineVertices: (svg.querySelector('g[aria-label="line"] path')?.getAttribute("d") ?? "").split(
      "L",
    ).length,
    title: svg.querySelector("text")?.textContent ?? "",
  }));

describe("dashboard in headless Chromium", () => {
  let dash: DashboardApp;
  let browser: Browser;
  let base: string;

  beforeAll(async () => {
    const results = join(mkdtempSync(join(tmpdir(), "tokensim-e2e-")), "results");
    mkdirSync(results);
    dash = buildApp({ resultsDir: results, page: await buildPage(), workers: 2 });
    base = await dash.app.listen({ host: "127.0.0.1", port: 0 });
    browser = await chromium.launch({
      executablePath: "/usr/bin/chromium",
      args: ["--no-sandbox"],
    });
  });
  afterAll(async () => {
    await browser?.close();
    await dash?.app.close();
  });

  it("launches a sweep from the form, follows it live, and charts the result", async () => {
    const page = await browser.newPage({ viewport: { width: 1360, height: 900 } });
    const errors: string[] = [];
    page.on("pageerror", (e) => errors.push(e.message));
    const external: string[] = [];
    page.on("request", (r) => {
      if (!r.url().startsWith(base)) external.push(r.url());
    });
    await page.goto(`${base}/#/launch/crash-death-spiral`);
    await page.waitForSelector('#app[data-ready="true"] #launcher');
    await page.$$eval("details", (ds) => {
      for (const d of ds) (d as HTMLDetailsElement).open = true;
    });
    // checked in the browser before anything is sent
    await page.fill('input[name="verification.sampleRate"]', "2");
    await page.click("#launch");
    await expect
      .poll(() => page.textContent("#form-errors"))
      .toMatch(/verification.sampleRate: 2 is above the maximum 1/);
    expect(await page.$(".sweep")).toBeNull();
    await page.fill('input[name="verification.sampleRate"]', "0.01");
    // 3 runs × 2 emission policies, 45 days (the crash starts on day 30)
    await page.fill('input[name="runs"]', "3");
    await page.fill('input[name="sim.steps"]', "1080");
    await page.selectOption('select[name="axis1-key"]', "emission.policy");
    await page.fill('input[name="axis1-values"]', "fixed,burnPegged");
    await page.click("#launch");
    await page.waitForSelector(".sweep progress");
    await page.waitForSelector('.sweep[data-status="done"]', { timeout: 120_000 });
    expect(await page.textContent(".sweep-status")).toMatch(/^6\/6 runs · done/);
    await page.click(".open-result");
    await page.waitForSelector('#app[data-ready="true"] #charts svg');

    const heat = await marks(page, ".charts svg");
    expect(heat.title).toBe("P(death spiral)");
    expect(heat.cells).toBe(2); // one cell per emission policy
    const charts = await page.$$("#charts svg");
    expect(charts.length).toBe(11);
    const price = await marks(page, "#charts .chart:nth-child(1) svg");
    expect(price.title).toBe("Token price");
    expect(price).toMatchObject({ lines: 1, areas: 2 });
    expect(price.lineVertices).toBe(1080); // the median at every step
    const status = await marks(page, "#charts .chart:nth-child(5) svg");
    expect(status.title).toBe("Providers by status");
    expect(status).toMatchObject({ lines: 4, areas: 4 });
    // the fixed-emission runs spiral after the crash: shaded on the charts, told in the caption
    const caption = await page.textContent("#app p .spiral");
    expect(caption).toMatch(/death spiral in [1-3] of 3 runs \(price drawdown \+ provider exodus/);
    expect(price.spiralRects).toBeGreaterThan(0);
    // and the shock that started it is marked where it happened
    expect(await page.textContent("#charts .chart:nth-child(1) svg")).toContain(
      "market crash −70%",
    );
    expect((await page.$$("#runs tr")).length).toBe(4);
    expect(await page.getAttribute("#downloads a", "href")).toMatch(/\/tables\/runs$/);
    await page.screenshot({ path: join(OUTPUT, "dashboard-e2e.png"), fullPage: true });

    await page.goto(`${base}/#/compare`);
    await page.waitForSelector('#app[data-ready="true"] #compare .pair svg');
    expect((await page.$$("#compare .pair")).length).toBe(12);
    // side by side on one y scale: the two price charts have the same y ticks
    const ticks = await page.$$eval("#compare .pair:nth-child(2) svg", (svgs) =>
      svgs.map((svg) =>
        [...svg.querySelectorAll('g[aria-label="y-axis tick label"] text')]
          .map((t) => t.textContent)
          .join(" "),
      ),
    );
    expect(ticks).toHaveLength(2);
    expect(ticks[0]).not.toBe("");
    expect(ticks[0]).toBe(ticks[1]);
    await page.screenshot({ path: join(OUTPUT, "dashboard-compare.png") });
    expect(errors).toEqual([]);
    expect(external).toEqual([]); // nothing fetched from outside
  }, 300_000);

  it("shows the catalogue, and calibration profiles as fitted curves over measured points", async () => {
    const root = mkdtempSync(join(tmpdir(), "tokensim-e2e-cal-"));
    const results = join(root, "results");
    const calib = join(root, "calib");
    mkdirSync(results);
    mkdirSync(calib);
    writeSyntheticSweep(join(results, "syn"));
    const { profile } = await runCalibration({
      target: "emulated:rtx4090:llama3-8b",
      workloadPath: join(import.meta.dirname, "../../calibration/workloads/chat.ts"),
      mode: "closed",
      levels: [1, 8, 32, 128],
      durationMs: 10_000,
      warmupMs: 1_000,
      workers: 0,
    });
    writeProfile(join(calib, "rtx4090-llama3-8b.json"), profile);
    const other = buildApp({
      resultsDir: results,
      calibrationDir: calib,
      page: await buildPage(),
      workers: 0,
    });
    const url = await other.app.listen({ host: "127.0.0.1", port: 0 });
    try {
      const page = await browser.newPage({ viewport: { width: 1360, height: 900 } });
      const errors: string[] = [];
      page.on("pageerror", (e) => errors.push(e.message));
      await page.goto(`${url}/#/`);
      await page.waitForSelector('#app[data-ready="true"] #results');
      expect(
        await page.$$eval("#results tr td:first-child a", (as) => as.map((a) => a.textContent)),
      ).toEqual(["syn"]);
      expect((await page.$$("#scenarios tr")).length).toBeGreaterThanOrEqual(10);

      await page.goto(`${url}/#/calibration`);
      await page.waitForSelector('#app[data-ready="true"] .charts svg');
      const charts = await page.$$eval(".charts svg", (svgs) =>
        svgs.map((svg) => ({
          title: svg.querySelector("text")?.textContent ?? "",
          dots: svg.querySelectorAll('g[aria-label="dot"] circle').length,
          fitVertices: (
            svg.querySelector('g[aria-label="line"] path')?.getAttribute("d") ?? ""
          ).split("L").length,
        })),
      );
      expect(charts.length).toBeGreaterThanOrEqual(2);
      for (const c of charts) {
        expect(c.dots, c.title).toBe(4); // one per measured load
        expect(c.fitVertices, c.title).toBeGreaterThan(10); // the fitted curve, evaluated
      }
      await page.screenshot({ path: join(OUTPUT, "dashboard-calibration.png"), fullPage: true });
      expect(errors).toEqual([]);
    } finally {
      await other.app.close();
    }
  }, 300_000);
});
