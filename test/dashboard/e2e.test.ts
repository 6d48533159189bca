import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { type Browser, chromium, type Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { buildApp, type DashboardApp } from "../../dashboard/server/app.ts";
import { buildPage } from "../../dashboard/server/bundle.ts";
import { expectFits, measureFit, overlaps, PHONE } from "./layout.ts";
import { resultsWithProfile } from "./resultsWithProfile.ts";

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

/** Every axis tick label on the page. */
const tickLabels = (page: Page) =>
  page.$$eval('g[aria-label$="tick label"] text', (ts) => ts.map((t) => t.textContent ?? ""));

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
    const resultUrl = page.url();

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
    // the spiral line starts after the shading by the detector's confirmation delay: said so
    const spiralChart = "#charts .chart:nth-child(2) svg";
    expect(await page.textContent(`${spiralChart} text`)).toBe("Runs in a death spiral");
    expect(await page.textContent(`${spiralChart} text.chart-note`)).toBe(
      "line starts 7 days after the shading: spirals count once confirmed (spiral.minSteps = 168 steps)",
    );
    // spiral and shock labels sit above the frame, off the lines
    const placed = await page.$eval("#charts .chart:nth-child(1) svg", (svg) => {
      const frameTop = Math.min(
        ...[...svg.querySelectorAll('g[aria-label="rect"] rect')].map(
          (r) => r.getBoundingClientRect().top,
        ),
      );
      const labels = [...svg.querySelectorAll('g[aria-label="text"] text')].map((t) => ({
        text: t.textContent,
        bottom: t.getBoundingClientRect().bottom,
      }));
      return { frameTop, labels };
    });
    expect(placed.labels.map((l) => l.text).sort()).toEqual([
      "death spiral ▸",
      "market crash −70%",
    ]);
    for (const l of placed.labels)
      expect(l.bottom, l.text ?? "").toBeLessThanOrEqual(placed.frameTop + 1);
    // ticks: never NaN, never "0k" or "0M"
    const labels = await tickLabels(page);
    expect(labels.length).toBeGreaterThan(50);
    expect(labels.filter((t) => /NaN|^0[kMGT]$|^−?0\.0+$/.test(t))).toEqual([]);
    // heatmap metrics by description and unit, constant ones left out, a colour legend
    const options = await page.$$eval("#heatmap-metric option", (os) =>
      os.map((o) => o.textContent),
    );
    expect(options[0]).toBe("P(death spiral) (share of runs)");
    expect(options).toContain("Median token price at the end over runs (USD/token)");
    expect(options.filter((o) => /providers at the start|_p50/.test(o ?? ""))).toEqual([]);
    const legend = ".charts svg g[aria-label='color legend'] text";
    expect(await page.$$eval(legend, (ts) => ts.map((t) => t.textContent))).toEqual([
      "0%",
      "50%",
      "100%",
      "share of runs",
    ]);
    expect((await page.$$("#runs tr")).length).toBe(4);
    expect(await page.getAttribute("#downloads a", "href")).toMatch(/\/tables\/runs$/);
    await page.screenshot({ path: join(OUTPUT, "dashboard-e2e.png"), fullPage: true });
    await page.selectOption("#heatmap-metric", "priceEndUsd_p50");
    await expect
      .poll(() => page.textContent(".charts svg text"))
      .toBe("Median token price at the end over runs");
    const priceLegend = await page.$$eval(legend, (ts) => ts.map((t) => t.textContent ?? ""));
    expect(priceLegend.at(-1)).toBe("USD/token");
    expect(priceLegend.join(" ")).not.toMatch(/NaN/);
    await page
      .locator(".charts")
      .first()
      .screenshot({ path: join(OUTPUT, "dashboard-heatmap.png") });
    await page.locator("#charts .chart:nth-child(2)").screenshot({
      path: join(OUTPUT, "dashboard-spiral-note.png"),
    });

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

    // The same result on a phone (390 px): no sideways scroll, every chart drawn at the
    // screen's width, spiral and shock labels inside their chart and apart.
    const phone = await browser.newContext(PHONE);
    try {
      const small = await phone.newPage();
      small.on("pageerror", (e) => errors.push(e.message));
      await small.goto(resultUrl);
      await small.waitForSelector('#app[data-ready="true"] #charts svg');
      const fit = await measureFit(small);
      expectFits(fit, "result on a phone");
      expect(fit.charts.length).toBe(12); // the heatmap and 11 time series
      const labels = await small.$$eval("#charts svg", (svgs) =>
        svgs.map((svg) => {
          const box = svg.getBoundingClientRect();
          return {
            left: box.left,
            right: box.right,
            labels: [...svg.querySelectorAll('g[aria-label="text"] text')].map((t) => {
              const r = t.getBoundingClientRect();
              const name = t.textContent ?? "";
              return {
                name,
                left: r.left,
                right: r.right,
                top: r.top,
                bottom: r.bottom,
                visible: true,
              };
            }),
          };
        }),
      );
      for (const c of labels) {
        expect(c.labels.length).toBeGreaterThan(0);
        for (const l of c.labels) {
          expect(l.left, l.name).toBeGreaterThanOrEqual(c.left - 1);
          expect(l.right, l.name).toBeLessThanOrEqual(c.right + 1);
        }
        expect(overlaps(c.labels)).toEqual([]);
      }
      await small.screenshot({ path: join(OUTPUT, "dashboard-mobile-e2e.png"), fullPage: true });
    } finally {
      await phone.close();
    }
    expect(errors).toEqual([]);
    expect(external).toEqual([]); // nothing fetched from outside
  }, 300_000);

  it("shows the catalogue, and calibration profiles as fitted curves over measured points", async () => {
    const { results, calib } = await resultsWithProfile("tokensim-e2e-cal-");
    // The same measurements as a request-rate (open loop) profile whose TTFT fit has a
    // negative intercept: −880 ms at no load.
    const rate = JSON.parse(readFileSync(join(calib, "rtx4090-llama3-8b.json"), "utf8"));
    rate.settings.mode = "open";
    for (const pt of rate.points) pt.mode = "open";
    rate.fits.ttftP50Ms.intercept = -880;
    writeFileSync(join(calib, "rtx4090-llama3-8b-rate.json"), JSON.stringify(rate));
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
      expect(charts.length).toBe(6);
      for (const c of charts) {
        expect(c.dots, c.title).toBe(4); // one per measured load
        expect(c.fitVertices, c.title).toBeGreaterThan(10); // the fitted curve, evaluated
      }
      // the load axis is named by the profile's load kind: the rate profile is listed first
      const xLabels = await page.$$eval(".charts svg", (svgs) =>
        svgs.map((svg) => svg.querySelector('g[aria-label="x-axis label"] text')?.textContent),
      );
      expect(xLabels.slice(0, 3)).toEqual(Array(3).fill("load (requests per second) →"));
      expect(xLabels.slice(3)).toEqual(Array(3).fill("load (concurrent requests) →"));
      // the rate profile's TTFT fit: noted, and drawn no lower than 0 ms
      const ttft = await page.$eval(".charts:first-of-type .chart:nth-child(2) svg", (svg) => {
        const labels = [...svg.querySelectorAll('g[aria-label="y-axis tick label"] text')];
        const marks = [...svg.querySelectorAll('g[aria-label="y-axis tick"] path')];
        const zero = marks[labels.findIndex((t) => t.textContent === "0")];
        const z = zero?.getBoundingClientRect();
        return {
          title: svg.querySelector("text")?.textContent ?? "",
          note: svg.querySelector("text.chart-note")?.textContent ?? "",
          zeroY: z ? z.top + z.height / 2 : null,
          lowestY: svg.querySelector('g[aria-label="line"] path')!.getBoundingClientRect().bottom,
        };
      });
      expect(ttft.title).toMatch(/^Time to first token p50/);
      expect(ttft.note).toMatch(
        /^fit extrapolates below zero \(−880 ms at r = 0\): drawn clamped at 0$/,
      );
      expect(ttft.zeroY).not.toBeNull();
      expect(ttft.lowestY).toBeLessThanOrEqual(ttft.zeroY! + 2);
      expect(await tickLabels(page)).not.toContain("NaN");
      await page.screenshot({ path: join(OUTPUT, "dashboard-calibration.png"), fullPage: true });
      expect(errors).toEqual([]);
    } finally {
      await other.app.close();
    }
  }, 300_000);
});
