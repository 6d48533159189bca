import { join } from "node:path";
import type { Page } from "playwright-core";
import { describe, expect, it } from "vitest";
import { browserSession, OUTPUT } from "./browserSession.ts";
import { controlBoxes, DESKTOP, expectFits, measureFit, overlaps, PHONE } from "./layout.ts";
import { resultsWithProfile } from "./resultsWithProfile.ts";

/** The pages the end-to-end test visits, on a hand-made sweep and an emulator profile. */
const PAGES = [
  { name: "catalogue", hash: "#/", ready: "#results" },
  { name: "result", hash: "#/result/syn/1", ready: "#charts svg" },
  { name: "launch", hash: "#/launch/crash-death-spiral", ready: "#launcher" },
  { name: "calibration", hash: "#/calibration", ready: ".charts svg" },
  { name: "compare", hash: "#/compare", ready: "#compare .pair svg" },
] as const;

describe("dashboard on a phone (390 px) and a desktop (1280 px)", () => {
  const { open, errors } = browserSession(async () => {
    const { results, calib } = await resultsWithProfile("tokensim-mobile-");
    return { resultsDir: results, calibrationDir: calib, workers: 0 };
  });
  const shot = (page: Page, name: string) =>
    page.screenshot({ path: join(OUTPUT, `dashboard-${name}.png`), fullPage: true });

  for (const p of PAGES)
    it(`${p.name}: fits 390 px without sideways scroll, charts at the screen's width`, async () => {
      const page = await open(PHONE, p.hash, p.ready);
      expect(await page.evaluate(() => navigator.maxTouchPoints)).toBeGreaterThan(0);
      const fit = await measureFit(page);
      expectFits(fit, p.name);
      // the header wraps: its links all on screen
      expect(fit.nav.map((a) => a.text)).toEqual(["Catalogue", "Launch", "Compare", "Calibration"]);
      if (p.name === "result" || p.name === "calibration" || p.name === "compare") {
        expect(fit.charts.length).toBeGreaterThan(p.name === "result" ? 10 : 2);
        // one column, drawn to fill it (not their desktop 520–640 px)
        for (const c of fit.charts) expect(c.drawn, c.title).toBeGreaterThan(300);
      }
      if (p.name === "catalogue" || p.name === "result") {
        expect(fit.tables.length).toBeGreaterThan(0);
        for (const t of fit.tables) expect(t.box, t.id).toBeLessThanOrEqual(fit.innerWidth);
      }
      await shot(page, `mobile-${p.name}`);
      expect(errors).toEqual([]);
    }, 60_000);

  it("launch form: one column on a phone, every control on screen and none overlapping", async () => {
    const page = await open(PHONE, "#/launch/crash-death-spiral", "#launcher");
    await page.$$eval("details", (ds) => {
      for (const d of ds) (d as HTMLDetailsElement).open = true;
    });
    const boxes = await controlBoxes(page, "#launcher");
    expect(boxes.length).toBeGreaterThan(20);
    for (const b of boxes) {
      expect(b.visible, b.name).toBe(true);
      expect(b.left, b.name).toBeGreaterThanOrEqual(0);
      expect(b.right, b.name).toBeLessThanOrEqual(390);
    }
    expect(overlaps(boxes)).toEqual([]);
    // stacked: each parameter's input under its name, as wide as the form
    const runs = boxes.find((b) => b.name === "runs")!;
    expect(runs.right - runs.left).toBeGreaterThan(300);
    expectFits(await measureFit(page), "launch (all sections open)");
    // still usable: a bad value is refused in the browser
    await page.fill('input[name="verification.sampleRate"]', "2");
    await page.tap("#launch");
    await expect
      .poll(() => page.textContent("#form-errors"))
      .toMatch(/verification.sampleRate: 2 is above the maximum 1/);
    expectFits(await measureFit(page), "launch (errors shown)");
  }, 60_000);

  it("charts are drawn again at the new width when the screen turns", async () => {
    const page = await open(PHONE, "#/result/syn/1", "#charts svg");
    const narrow = (await measureFit(page)).charts.map((c) => c.drawn);
    await page.setViewportSize({ width: 844, height: 390 });
    await expect
      .poll(async () => (await measureFit(page)).charts.map((c) => c.drawn))
      .toEqual(narrow.map(() => expect.any(Number)));
    await expect
      .poll(async () => Math.min(...(await measureFit(page)).charts.map((c) => c.drawn)))
      .toBeGreaterThan(Math.max(...narrow));
    expectFits(await measureFit(page), "result (landscape)");
  }, 60_000);

  for (const p of PAGES)
    it(`${p.name}: the desktop layout at 1280 px is kept`, async () => {
      const page = await open(DESKTOP, p.hash, p.ready);
      const fit = await measureFit(page);
      expectFits(fit, p.name);
      // the header on one line
      expect(new Set(fit.nav.map((a) => Math.round(a.top))).size).toBe(1);
      if (p.name === "result") {
        // time series two by two, each at most its natural 620 px
        const tops = await page.$$eval("#charts .chart", (cs) =>
          cs.slice(0, 2).map((c) => Math.round(c.getBoundingClientRect().top)),
        );
        expect(tops[0]).toBe(tops[1]);
        for (const c of fit.charts.slice(1)) expect(c.drawn).toBeGreaterThan(560);
      }
      if (p.name === "compare") {
        const lefts = await page.$$eval("#compare .pair:nth-child(2) svg", (svgs) =>
          svgs.map((s) => s.getBoundingClientRect().left),
        );
        expect(lefts[1]! - lefts[0]!).toBeGreaterThan(500); // side by side
        for (const c of fit.charts) expect(c.drawn).toBe(560);
      }
      if (p.name === "calibration") for (const c of fit.charts) expect(c.drawn).toBe(520);
      if (p.name === "launch") {
        // label, input and description side by side, as before
        const row = await page.$eval('input[name="runs"]', (el) => ({
          input: el.getBoundingClientRect().left,
          label: el.parentElement!.getBoundingClientRect().left,
        }));
        expect(row.input - row.label).toBeGreaterThan(250);
      }
      await shot(page, `desktop-${p.name}`);
      expect(errors).toEqual([]);
    }, 60_000);
});
