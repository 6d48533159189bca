/**
 * The study and analysis views in a real browser (Chromium, 390 and 1280 px):
 * an optimisation's convergence and Pareto front with the chosen finalist, a
 * stress search's frontier and minimal shocks, a comparison, a study still
 * running, and a sweep's sensitivity analysis; nothing overlapping, no
 * sideways scroll, an empty state where there is nothing to draw.
 */
import { cpSync, mkdirSync, mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { Page } from "playwright-core";
import { describe, expect, it } from "vitest";
import { browserSession, OUTPUT } from "./browserSession.ts";
import { DESKTOP, expectFits, measureFit, PHONE } from "./layout.ts";
import { STUDIES, writeHindcastStudy, writeStudies } from "./studyFixtures.ts";
import { writeSyntheticSaltelli } from "./syntheticAnalysis.ts";

/** The charts' titles, the tables' marked rows and the empty states of a page. */
const look = (page: Page) =>
  page.evaluate(() => ({
    text: document.querySelector("#app")!.textContent ?? "",
    charts: [...document.querySelectorAll(".chart svg")].map(
      (svg) => svg.querySelector("text")?.textContent ?? "",
    ),
    marked: [...document.querySelectorAll("tr.marked")].map(
      (tr) => tr.querySelector("td")?.textContent ?? "",
    ),
    empty: [...document.querySelectorAll(".empty-state")].map((e) => e.id),
  }));

describe("study and analysis views in the browser", () => {
  const { open, errors } = browserSession(() => {
    const root = mkdtempSync(join(tmpdir(), "tokensim-study-browser-"));
    const results = join(root, "results");
    mkdirSync(results);
    writeStudies(results);
    mkdirSync(join(results, "running"));
    cpSync(join(STUDIES, "opt-single/study.json"), join(results, "running/study.json"));
    writeSyntheticSaltelli(join(results, "gsa"));
    writeHindcastStudy(join(results, "fit-helium"));
    return { resultsDir: results, workers: 0, dataThreads: 0 };
  });

  const shot = async (page: Page, name: string) => {
    const path = join(OUTPUT, `study-${name}.png`);
    await page.screenshot({ path, fullPage: true });
  };

  for (const [width, device] of [
    ["390", PHONE],
    ["1280", DESKTOP],
  ] as const) {
    it(`the catalogue lists the studies at ${width} px`, async () => {
      const page = await open(device, "#/", "#studies");
      const rows = await page.$$eval("#studies tr td:first-child a", (as) =>
        as.map((a) => a.getAttribute("href")),
      );
      expect(rows).toEqual([
        "#/study/fit-helium",
        "#/study/opt-pareto",
        "#/study/opt-single",
        "#/study/running",
        "#/study/stress",
        "#/study/stress-compare",
        "#/study/stress-traj",
      ]);
      expect(await page.textContent("#studies")).toContain("optimize (incomplete)");
      expectFits(await measureFit(page), "catalogue");
    }, 90_000);

    it(`a fit at ${width} px: observed against the simulated band, per series`, async () => {
      const page = await open(device, "#/study/fit-helium", "#hindcast-charts svg");
      const seen = await look(page);
      expect(seen.charts).toEqual(["providersActive against hotspots.csv"]);
      expect(seen.text).toContain("Fit of helium-halving from 2021-01-01, fitted up to 2021-02-01");
      expectFits(await measureFit(page), "fit-helium");
      await shot(page, `fit-${width}`);
    }, 90_000);

    it(`one objective at ${width} px: convergence, no front (said), the recommendation marked`, async () => {
      const page = await open(device, "#/study/opt-single", "#finalists");
      const seen = await look(page);
      expect(seen.charts).toEqual(["Convergence: median(priceEndUsd)"]);
      expect(seen.marked).toEqual(["chosen"]);
      expect(seen.text).toContain(
        "One objective: CMA-ES gives one recommendation, no Pareto front",
      );
      expect(seen.text).toContain("Marked: the recommendation (best on fresh seeds)");
      expectFits(await measureFit(page), "opt-single");
      await shot(page, `opt-single-${width}`);
    }, 90_000);

    it(`two objectives at ${width} px: both convergences, the front, a finalist to mark`, async () => {
      const page = await open(device, "#/study/opt-pareto", "#finalists");
      const seen = await look(page);
      expect(seen.charts).toEqual([
        "Convergence: median(priceEndUsd)",
        "Convergence: quantile(maxDrawdownPct,0.9)",
        "Pareto front",
      ]);
      expect(seen.marked).toEqual(["chosen"]);
      expectFits(await measureFit(page), "opt-pareto");
      await shot(page, `opt-pareto-${width}`);
      // the reader marks the other finalist: the table's marked row and the charts follow
      // the ring around the chosen point on the Pareto chart (the third dot mark)
      const ringAt = (p: Page) =>
        p.$$eval('.chart svg g[aria-label="dot"]', (gs) => {
          const c = gs[gs.length - 1]!.querySelector("circle")!;
          return [c.getAttribute("cx"), c.getAttribute("cy"), c.getAttribute("transform")];
        });
      const before = await ringAt(page);
      await page.selectOption("#chosen", "1");
      await page.waitForFunction(() =>
        document.querySelectorAll("#finalists tr")[2]?.classList.contains("marked"),
      );
      const rows = await page.$$eval("#finalists tr", (trs) =>
        trs.map((tr) => tr.classList.contains("marked")),
      );
      expect(rows).toEqual([false, false, true]);
      expect(await ringAt(page)).not.toEqual(before);
      expect(await page.$$eval(".chart svg", (svgs) => svgs.length)).toBe(3);
    }, 90_000);

    it(`a stress search at ${width} px: the frontier, the minimal shocks, why no trajectories`, async () => {
      const page = await open(device, "#/study/stress", "#minimal");
      const seen = await look(page);
      expect(seen.charts).toEqual(["Stress frontier"]);
      expect(seen.marked).toEqual(["breaking point"]);
      expect(seen.empty).toEqual(["trajectories-empty"]);
      expect(await page.textContent("#trajectories-empty")).toMatch(
        /^No trajectories: this stress output holds no per-step files of its breaking point \(stress\.json names none\)\. Replay .*breaking point: tokensim run <results>\/stress\/stress-scenario\.mts .* --out bpbaseline: tokensim run /,
      );
      // the breaking point's label inside the chart: without its words on a phone
      const label = await page.$eval("#frontier svg", (svg) => {
        const t = [...svg.querySelectorAll('g[aria-label="text"] text')].find((e) =>
          e.textContent?.endsWith("12.92M USD"),
        ) as SVGTextElement;
        const box = t.getBoundingClientRect();
        const frame = svg.getBoundingClientRect();
        return { text: t.textContent, inside: box.left >= frame.left && box.right <= frame.right };
      });
      expect(label).toEqual({
        text: width === "390" ? "12.92M USD" : "breaking point: 12.92M USD",
        inside: true,
      });
      expectFits(await measureFit(page), "stress");
      await shot(page, `stress-${width}`);
    }, 90_000);

    it(`the breaking point's trajectories next to the baseline's at ${width} px`, async () => {
      const page = await open(device, "#/study/stress-traj", "#trajectories svg");
      const seen = await look(page);
      expect(seen.charts).toEqual([
        "Stress frontier",
        "Trajectory: Token price",
        "Trajectory: Active providers",
        "Trajectory: In a death spiral",
      ]);
      expect(seen.empty).toEqual([]);
      expectFits(await measureFit(page), "stress-traj");
      await shot(page, `stress-traj-${width}`);
    }, 90_000);

    it(`a comparison and a study still running at ${width} px`, async () => {
      const page = await open(device, "#/study/stress-compare", "#breaking-points");
      const seen = await look(page);
      expect(seen.charts).toEqual(["Stress frontier", "Stress frontier"]);
      expect(await page.textContent("#breaking-points")).toMatch(
        /emission\.policy=fixed5 USDemission\.policy=burnPeggednone confirmed/,
      );
      expectFits(await measureFit(page), "stress-compare");
      const running = await open(device, "#/study/running", "#study-empty");
      expect(await running.textContent("#study-empty")).toMatch(
        /optimize\.json is not written yet/,
      );
      expect((await look(running)).charts).toEqual([]);
    }, 90_000);

    it(`a sweep's sensitivity analysis at ${width} px: Sobol bars and the region map`, async () => {
      const page = await open(device, "#/result/gsa", "#analysis");
      const charts = await page.$$eval("#analysis .chart svg", (svgs) =>
        svgs.map((s) => s.querySelector("text")?.textContent ?? ""),
      );
      expect(charts).toEqual([
        "Sobol indices: P(death spiral)",
        "Sobol indices: Final price",
        "Which settings pass",
      ]);
      expectFits(await measureFit(page), "analysis");
      await shot(page, `analysis-${width}`);
    }, 90_000);
  }

  it("raised no page error", () => {
    expect(errors).toEqual([]);
  });
});
