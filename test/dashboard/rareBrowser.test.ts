/**
 * A rare-event study in a real browser (Chromium, 390 and 1280 px), from a
 * folder `tokensim rare` writes at a tiny budget: listed in the catalogue with
 * its estimate, its page with the estimate in words, the splitting levels and
 * the running estimate, and the replicas' table; nothing overlapping, no
 * sideways scroll, no page error. Screenshots in test/output/study-rare-*.png.
 */
import { mkdirSync, mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { cli } from "../cli/inProcess.ts";
import { validationSets } from "../rare/setting.ts";
import { browserSession, OUTPUT } from "./browserSession.ts";
import { DESKTOP, expectFits, measureFit, PHONE } from "./layout.ts";

/** rare.json of the study, read back for the expected text. */
let file: { estimate: number; runs: number; replicas: number };

describe("a rare-event study in the browser", () => {
  const { open, errors } = browserSession(async () => {
    const root = mkdtempSync(join(tmpdir(), "tokensim-rare-browser-"));
    const results = join(root, "results");
    mkdirSync(results);
    const out = join(results, "rare-drawdown");
    const sets = [...validationSets(0.02), "sim.steps=300"].flatMap((s) => ["--set", s]);
    const r = await cli(
      "rare",
      "crash-death-spiral",
      "--event",
      "drawdown>0.3",
      ...sets,
      "--particles",
      "6",
      "--replicas",
      "3",
      "--seed",
      "4",
      "--out",
      out,
      "--quiet",
    );
    if (r.code !== 0) throw new Error(`tokensim rare failed: ${r.stderr}`);
    file = JSON.parse(readFileSync(join(out, "rare.json"), "utf8"));
    return { resultsDir: results, workers: 0, dataThreads: 0 };
  });

  for (const [width, device] of [
    ["390", PHONE],
    ["1280", DESKTOP],
  ] as const) {
    it(`lists it and draws its page at ${width} px`, async () => {
      const list = await open(device, "#/", "#studies");
      const row = await list.textContent("#studies");
      expect(row).toContain("rare-drawdown");
      expect(row).toContain(`P(drawdown>0.3) = ${Number(file.estimate.toPrecision(3))}, 95% CI [`);
      expectFits(await measureFit(list), "catalogue with a rare study");

      const page = await open(device, "#/study/rare-drawdown", "#rare-replicas");
      const seen = await page.evaluate(() => ({
        estimate: document.querySelector("#rare-estimate")?.textContent ?? "",
        charts: [...document.querySelectorAll("#rare-charts .chart svg")].map(
          (svg) => svg.querySelector("text")?.textContent ?? "",
        ),
        lines: [...document.querySelectorAll("#rare-charts .chart svg")].map(
          (svg) => svg.querySelectorAll('g[aria-label="line"] path').length,
        ),
        replicas: document.querySelectorAll("#rare-replicas tr").length - 1,
        text: document.querySelector("#app")?.textContent ?? "",
      }));
      expect(seen.estimate).toMatch(/^crash-death-spiral: P\(drawdown>0\.3\) = /);
      expect(seen.charts).toEqual(["Splitting levels", "Running estimate by level"]);
      expect(seen.lines).toEqual([3, 3]);
      expect(seen.replicas).toBe(3);
      expect(seen.text).toContain(`Spent ${file.runs.toLocaleString("en-US")} runs`);
      expect(seen.text).toContain("Method: adaptive multilevel splitting");
      expectFits(await measureFit(page), "rare study");
      await page.screenshot({ path: join(OUTPUT, `study-rare-${width}.png`), fullPage: true });
    }, 120_000);
  }

  it("raised no page error", () => {
    expect(errors).toEqual([]);
  });
});
