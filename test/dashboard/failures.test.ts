import { mkdirSync, mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { decimate } from "../../dashboard/charts/fanChart.ts";
import { readArrow } from "../../dashboard/data/arrowTable.ts";
import { failureLine, parseFailure } from "../../dashboard/data/failures.ts";
import { fanTable } from "../../dashboard/data/fan.ts";
import { heatmapCells } from "../../dashboard/data/heatmapData.ts";
import { emptyState, pointStory } from "../../dashboard/data/pointState.ts";
import { renderReport } from "../../dashboard/report/render.ts";
import { buildApp, type DashboardApp } from "../../dashboard/server/app.ts";
import {
  FAILURE_MESSAGE,
  writeSyntheticFailedRun,
  writeSyntheticSweep,
} from "./syntheticResult.ts";

const PAGE = { html: "<!doctype html><title>t</title>", js: "console.log(1)", css: "body{}" };

/**
 * Results that once were shown as healthy or as empty charts: a sweep whose
 * point 1 failed in every run (and point 0 in run 1), a `--no-steps` sweep, an
 * interrupted sweep with a point that never ran, and a single failed run.
 */
function writeResults(): string {
  const root = mkdtempSync(join(tmpdir(), "tokensim-failures-"));
  const results = join(root, "results");
  mkdirSync(results);
  writeSyntheticSweep(join(results, "fail"), { failed: { 0: [1], 1: [0, 1, 2] } });
  writeSyntheticSweep(join(results, "nosteps"), { noSteps: true });
  writeSyntheticSweep(join(results, "unfinished"), { unfinished: [1] });
  writeSyntheticFailedRun(join(results, "failedrun"));
  return results;
}

describe("failed runs and empty points, as the server gives them", () => {
  let dash: DashboardApp;
  let results: string;
  const get = async (url: string) => {
    const r = await dash.app.inject(url);
    expect(r.statusCode, `${url}: ${r.body}`).toBe(200);
    return r;
  };
  const meta = async (url: string) => JSON.parse((await get(url)).body);
  const fan = async (url: string) => readArrow((await get(url)).rawPayload);

  beforeAll(() => {
    results = writeResults();
    dash = buildApp({ resultsDir: results, page: PAGE, workers: 0, dataThreads: 0 });
  });
  afterAll(async () => {
    await dash?.app.close();
  }, 60_000);

  it("a point whose runs all failed lists the failures and has no bands", async () => {
    const m = await meta("/api/results/fail/points/1");
    expect(m).toMatchObject({ runs: 0, spiralledRuns: 0, expectedRuns: 3, seriesRuns: 0 });
    expect(m.failures).toHaveLength(3);
    expect(m.failures[0]).toEqual({
      run: 0,
      seed: 100,
      status: "failed",
      message: FAILURE_MESSAGE,
      invariant: "supplyConservation",
      step: 30,
      values: { supplyTokens: 3e83, ledgerTokens: 1e6 },
      stepsCompleted: 30,
      hasSteps: true,
    });
    // run 2 spiralled before it failed: not counted, not drawn
    expect(m.spirals).toEqual([]);
    expect(pointStory(m)).toBe("all 3 runs failed");
    expect(pointStory(m)).not.toMatch(/no death spiral/);
    expect(emptyState(m)).toMatch(/^All 3 runs of this point failed \(listed above\)/);
    expect((await fan("/api/results/fail/points/1/fan.arrow")).numRows).toBe(0);
    expect(failureLine(m.failures[0], m.stepHours)).toBe(
      "invariant 'supplyConservation' broke at step 30 (day 1.3): supplyTokens = 3e+83, ledgerTokens = 1000000",
    );
  });

  it("a point with one failed run leaves it out of the bands and the counts", async () => {
    const m = await meta("/api/results/fail/points/0");
    expect(m).toMatchObject({ runs: 2, seriesRuns: 2 });
    expect(m.failures.map((f: { run: number }) => f.run)).toEqual([1]);
    expect(emptyState(m)).toBeUndefined();
    expect(pointStory(m)).toBe(
      "1 of 3 runs failed: left out of the charts and statistics · of the 2 that completed ok: no death spiral in 2 runs",
    );
    const f = await fan("/api/results/fail/points/0/fan.arrow");
    expect(Math.max(...Array.from(f.get("runs")!))).toBe(2);
    // the failed run's 3e+83 USD per token is in no band
    expect(Math.max(...Array.from(f.get("priceUsd:p95")!))).toBeLessThan(10);
    expect(f.get("priceUsd:p50")![0]).toBeCloseTo(1.1); // runs 0 and 2: 1.0 and 1.2
  });

  it("the heatmap marks points with failed runs in their cells", async () => {
    const sweep = readArrow((await get("/api/results/fail/heatmap.arrow")).rawPayload);
    const { cells } = heatmapCells(sweep, "pDeathSpiral");
    expect(cells.map((c) => c.note)).toEqual(["1 failed", "all runs failed"]);
    expect(cells[1]!.value).toBeNaN();
  });

  it("a --no-steps sweep says so, and its fan table is empty", async () => {
    const info = await meta("/api/results/nosteps");
    expect(info).toMatchObject({ kind: "sweep", stepsKept: false, runsDone: 6 });
    const m = await meta("/api/results/nosteps/points/1");
    expect(m).toMatchObject({ runs: 3, stepsKept: false, seriesRuns: 0, spiralledRuns: 1 });
    expect(emptyState(m)).toBe(
      "This sweep was run with --no-steps: per-step charts are not available; the table of outcomes is below.",
    );
    expect((await fan("/api/results/nosteps/points/1/fan.arrow")).numRows).toBe(0);
    // the heatmap still works: it is drawn from sweep.arrow
    await get("/api/results/nosteps/heatmap.arrow");
  });

  it("a point with no finished run says so instead of 'one run'", async () => {
    const m = await meta("/api/results/unfinished/points/1");
    expect(m).toMatchObject({ runs: 0, failures: [], expectedRuns: 3 });
    expect(emptyState(m)).toMatch(/^No run of this point has finished yet \(0 of 3\)/);
    expect(pointStory(m)).toBe("0 of 3 runs done");
    expect((await dash.app.inject("/api/results/unfinished/heatmap.arrow")).statusCode).toBe(404);
    expect(emptyState(await meta("/api/results/unfinished/points/0"))).toBeUndefined();
  });

  it("a single failed run shows its summary's failure", async () => {
    const m = await meta("/api/results/failedrun/points/0");
    expect(m).toMatchObject({ runs: 0, expectedRuns: 1 });
    expect(m.failures).toEqual([
      expect.objectContaining({
        seed: 7,
        invariant: "supplyConservation",
        step: 30,
        values: { supplyTokens: 3e83, ledgerTokens: 1e6 },
        hasSteps: true,
      }),
    ]);
    expect(emptyState(m, "run")).toMatch(/^The run failed \(see above\)/);
    expect(pointStory(m)).toBe("the run failed");
  });

  it("tokensim plot draws no chart of a failed point and says why", async () => {
    const out = join(results, "..", "report");
    const charts = await renderReport(join(results, "fail"), out, { png: false });
    expect(charts.some((c) => c.name.startsWith("p0001-"))).toBe(false);
    expect(charts.some((c) => c.name === "p0000-price")).toBe(true);
    const html = readFileSync(join(out, "index.html"), "utf8");
    expect(html).toMatch(
      /all 3 runs failed\. run 0: invariant 'supplyConservation' broke at step 30/,
    );
    expect(html).toMatch(/All 3 runs of this point failed/);
  }, 60_000);
});

describe("failure messages and fan bands", () => {
  it("reads the invariant, step and values from a sweep record's message", () => {
    expect(parseFailure(FAILURE_MESSAGE)).toEqual({
      invariant: "supplyConservation",
      step: 30,
      values: { supplyTokens: 3e83, ledgerTokens: 1e6 },
    });
    expect(
      parseFailure("invariant 'nonNegative' violated at step 5 (provider 3, stake): stake=-1"),
    ).toEqual({ invariant: "nonNegative", step: 5, values: { stake: -1 } });
    expect(parseFailure("worker died 3 times")).toEqual({});
  });

  it("leaves NaN out of a step's statistics, and aligns runs of other steps", () => {
    const runs = [
      { steps: [0, 1, 2], columns: { x: [1, Number.NaN, 3] } },
      { steps: [0, 1, 2], columns: { x: [3, 4, 5] } },
      { steps: [1, 3], columns: { x: [10, 20] } },
    ];
    const fan = fanTable(runs, ["x"]);
    expect([...fan.steps]).toEqual([0, 1, 2, 3]);
    expect([...fan.runs]).toEqual([2, 3, 2, 1]);
    expect([...fan.columns["x:mean"]!]).toEqual([2, 7, 4, 20]);
    expect([...fan.columns["x:p50"]!]).toEqual([2, 7, 4, 20]);
    const none = fanTable([{ steps: [0], columns: { x: [Number.NaN] } }], ["x"]);
    expect(none.columns["x:p50"]![0]).toBeNaN();
    expect(none.columns["x:mean"]![0]).toBeNaN();
  });

  it("draws many steps to a pixel as each pixel's extremes, a one-step spike kept", () => {
    const n = 1000;
    const days = Array.from({ length: n }, (_, i) => i / 24);
    const line = Float64Array.from({ length: n }, (_, i) => (i === 503 ? 50 : 1 + (i % 7) / 10));
    const lo = Float64Array.from(line, (v) => v - 0.5);
    const hi = Float64Array.from(line, (v) => v + 0.5);
    line[10] = Number.NaN;
    const rows = decimate(days, 10, { line, lo, hi });
    expect(rows).toHaveLength(200);
    // steps 500 to 509: the spike (step 503), then the least (1 at step 504), in that order
    expect(rows[100]).toMatchObject({ d: days[500], line: 50, lo: 0.5, hi: 50.5 });
    expect(rows[101]).toMatchObject({ d: days[509], line: 1, lo: 0.5, hi: 50.5 });
    expect(Math.max(...rows.map((r) => r.line))).toBe(50);
    // a NaN is left out of its bucket; the envelope is that of every step
    expect(rows[2]!.line).not.toBeNaN();
    expect(Math.min(...rows.map((r) => r.lo))).toBe(0.5);
    expect(Number.isNaN(rows[0]!.lo2)).toBe(true);
    // one step to a pixel or more room: every step, as it is
    expect(decimate(days.slice(0, 3), 1, { line, lo, hi }).map((r) => r.line)).toEqual([
      1, 1.1, 1.2,
    ]);
  });
});
