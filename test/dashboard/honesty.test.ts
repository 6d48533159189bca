import { Field, Float64, Table, tableToIPC, vectorFromArray } from "apache-arrow";
import { parseHTML } from "linkedom";
import { describe, expect, it } from "vitest";
import { chartsFor } from "../../dashboard/charts/catalog.ts";
import { fanChart } from "../../dashboard/charts/fanChart.ts";
import { formatNumber, formatPercent, tickFormat } from "../../dashboard/charts/format.ts";
import { heatmap } from "../../dashboard/charts/heatmap.ts";
import { niceTicks } from "../../dashboard/charts/legend.ts";
import { fanFromArrow, fanToArrow, readArrow } from "../../dashboard/data/arrowTable.ts";
import {
  calibrationSeries,
  clampedCurve,
  loadAxis,
  type ProfileLike,
} from "../../dashboard/data/calibration.ts";
import { fanTable } from "../../dashboard/data/fan.ts";
import { heatmapMetrics, isConstant, metricLabel } from "../../dashboard/data/heatmapData.ts";
import {
  delayFromParams,
  observedDelay,
  spiralDelayNote,
} from "../../dashboard/data/spiralDelay.ts";
import { withSchema } from "../../engine/metrics/ipcFile.ts";

const doc = () =>
  parseHTML("<!doctype html><html><body></body></html>").document as unknown as Document;

const profile = (mode: "closed" | "open" | "trace", intercept: number): ProfileLike => ({
  hardwareClass: "rtx4090",
  model: "llama3-8b",
  settings: { mode },
  points: [1, 4, 16].map((load) => ({
    mode,
    load,
    outputTokensPerSec: 100 * load,
    ttftMs: { p50: 50 * load, p95: 80 * load },
    e2eMs: { p50: 1000 + 50 * load, p95: null },
  })),
  fits: {
    throughputTokensPerSec: { xMax: 2000, cHalf: 8, r2: 0.99 },
    ttftP50Ms: { slope: 120, intercept, r2: 0.95 },
    e2eP50Ms: { slope: 50, intercept: 1000, r2: 0.99 },
  },
});

describe("calibration charts: load axis by the profile's kind, fits clamped at 0", () => {
  it("labels the load axis by how the load was set", () => {
    expect(loadAxis(profile("open", 0)).label).toBe("load (requests per second)");
    expect(loadAxis(profile("closed", 0)).label).toBe("load (concurrent requests)");
    expect(loadAxis(profile("trace", 0)).label).toMatch(/^load \(trace speed/);
    // an old profile without settings: the points' mode, else just "load"
    const { settings: _, ...bare } = profile("open", 0);
    expect(loadAxis(bare).label).toBe("load (requests per second)");
    expect(loadAxis({ points: [] }).label).toBe("load");
    const series = calibrationSeries(profile("open", 10));
    expect(series.map((s) => s.xLabel)).toEqual(Array(3).fill("load (requests per second)"));
    expect(series[0]!.fit).toMatch(/^X\(r\) = 2000·r\/\(r \+ 8\.0\)/);
    expect(series[1]!.fit).toMatch(/^10\.0 \+ 120\.00·r ms/);
  });

  it("clamps a fit with a negative intercept at 0 and says so", () => {
    const [thr, ttft, e2e] = calibrationSeries(profile("open", -880));
    expect(Math.min(...ttft!.curve.map((p) => p.y))).toBe(0);
    expect(ttft!.curve.every((p) => p.y >= 0)).toBe(true);
    // the fit itself is still shown as measured, with the note
    expect(ttft!.fit).toMatch(/^−880\.0 \+ 120\.00·r ms/);
    expect(ttft!.note).toBe("fit extrapolates below zero (−880 ms at r = 0): drawn clamped at 0");
    // past x = 880/120 the line is the fit's own
    const last = ttft!.curve[ttft!.curve.length - 1]!;
    expect(last.y).toBeCloseTo(-880 + 120 * 16);
    expect(thr!.note).toBeUndefined();
    expect(e2e!.note).toBeUndefined();
    expect(calibrationSeries(profile("open", 5))[1]!.note).toBeUndefined();
  });

  it("flags a fit that is below zero everywhere, and a saturation fit with a negative half-load", () => {
    const all = clampedCurve([0, 1, 2], (x) => -10 - x, "ms", "c");
    expect(all.curve.map((p) => p.y)).toEqual([0, 0, 0]);
    expect(all.note).toBe("fit extrapolates below zero (−12 ms everywhere): drawn clamped at 0");
    const sat = clampedCurve([0, 1, 2, 3], (x) => (100 * x) / (x - 2.5), "tokens/s", "c");
    expect(sat.curve.every((p) => p.y >= 0)).toBe(true);
    expect(sat.note).toMatch(/^fit extrapolates below zero \(−400 tokens\/s at c = 2\)/);
    // a point where the fit is not a number is left out rather than drawn
    expect(clampedCurve([0, 1], (x) => (x === 0 ? Number.NaN : 1), "ms", "c").curve).toEqual([
      { x: 1, y: 1 },
    ]);
  });
});

describe("tick formatting", () => {
  const ticks = (vs: number[], kind?: "percent") => vs.map((v, i) => tickFormat(kind)(v, i, vs));

  it("never prints NaN, and writes 0 as 0 (not 0k, 0M)", () => {
    expect(formatNumber(Number.NaN)).toBe("");
    expect(formatNumber(Number.POSITIVE_INFINITY)).toBe("");
    expect(formatPercent(Number.NaN)).toBe("");
    expect(ticks([Number.NaN, 1])).toEqual(["", "1"]);
    expect(formatNumber(0)).toBe("0");
    expect(ticks([0, 500_000, 1_000_000, 1_500_000])).toEqual(["0", "500k", "1M", "1.5M"]);
    expect(ticks([0, 1000, 2000, 7000])).toEqual(["0", "1k", "2k", "7k"]);
  });

  it("writes small values as decimals, then with an exponent", () => {
    expect(formatNumber(0.5)).toBe("0.5");
    expect(formatNumber(0.001)).toBe("0.001");
    expect(formatNumber(0.00012)).toBe("0.00012");
    expect(formatNumber(1.5e-7)).toBe("1.5e-7");
    expect(formatNumber(0.1 + 0.2)).toBe("0.3");
    expect(ticks([0, 0.0002, 0.0004])).toEqual(["0", "0.0002", "0.0004"]);
    expect(ticks([0, 2e-7, 4e-7])).toEqual(["0", "2e-7", "4e-7"]);
    expect(ticks([-0.2, 0, 0.2])).toEqual(["−0.2", "0", "0.2"]);
  });

  it("writes large values with SI prefixes and enough digits to tell ticks apart", () => {
    expect(formatNumber(1500)).toBe("1.5k");
    expect(formatNumber(99_350_000)).toBe("99.35M");
    expect(formatNumber(2.5e12)).toBe("2.5T");
    expect(formatNumber(3.2e21)).toBe("3.2e21");
    expect(formatNumber(-880)).toBe("−880");
    expect(ticks([99.3e6, 99.4e6, 99.5e6, 100e6])).toEqual(["99.3M", "99.4M", "99.5M", "100M"]);
    expect(ticks([100.01e6, 100.02e6])).toEqual(["100.01M", "100.02M"]);
  });

  it("writes shares as percentages", () => {
    expect(ticks([0, 0.1, 0.2], "percent")).toEqual(["0%", "10%", "20%"]);
    expect(ticks([0, 0.005, 0.01], "percent")).toEqual(["0%", "0.5%", "1%"]);
    expect(formatPercent(1 / 3)).toBe("33%");
  });

  it("legend ticks are round numbers inside the domain", () => {
    expect(niceTicks(0, 1)).toEqual([0, 0.5, 1]);
    expect(niceTicks(0.3, 1.7)).toEqual([0.5, 1, 1.5]);
    expect(niceTicks(0, 7000)).toEqual([0, 2000, 4000, 6000]);
    expect(niceTicks(5, 5)).toEqual([5]);
    expect(niceTicks(Number.NaN, 1)).toEqual([]);
  });
});

/** A sweep table like sweep.arrow: float columns with unit and description metadata. */
function sweepTable(cols: Record<string, [number[], string, string]>) {
  const fields = Object.entries(cols).map(
    ([name, [, unit, description]]) =>
      new Field(
        name,
        new Float64(),
        true,
        new Map([
          ["unit", unit],
          ["description", description],
        ]),
      ),
  );
  const plain = new Table(
    Object.fromEntries(
      Object.entries(cols).map(([n, [v]]) => [n, vectorFromArray(Float64Array.from(v))]),
    ),
  );
  return readArrow(tableToIPC(withSchema(plain, fields, new Map()), "file"));
}

describe("heatmaps: metrics by description and unit, constants left out, a colour legend", () => {
  const sweep = sweepTable({
    "param.emission.tokensPerEpoch": [[1000, 2000, 4000], "parameter", "swept parameter"],
    pDeathSpiral: [[0, 0, 0], "probability", "share of the completed runs with a spiral"],
    priceEndUsd_p50: [
      [1.5, 1.25, 0.75],
      "USD/token",
      "median over the point's completed runs of: token price at the end",
    ],
    providersStart_p50: [
      [5000, 5000, 5000],
      "providers",
      "median over the point's completed runs of: providers at the start",
    ],
    cheatersCaught_p50: [[Number.NaN, Number.NaN, Number.NaN], "providers", "median of: none"],
  });

  it("leaves out outcomes that are constant over the sweep (keeping P(death spiral))", () => {
    expect(heatmapMetrics(sweep)).toEqual(["pDeathSpiral", "priceEndUsd_p50"]);
    expect(isConstant([1, Number.NaN, 1])).toBe(true);
    expect(isConstant([1, 1 + 1e-15])).toBe(true);
    expect(isConstant([1, 1.001])).toBe(false);
    expect(isConstant([])).toBe(true);
  });

  it("names metrics by their description and unit", () => {
    expect(metricLabel(sweep, "priceEndUsd_p50")).toEqual({
      title: "Median token price at the end over runs",
      unit: "USD/token",
      probability: false,
    });
    expect(metricLabel(sweep, "pDeathSpiral")).toEqual({
      title: "P(death spiral)",
      unit: "share of runs",
      probability: true,
    });
    // a table without metadata: the fallback title, no unit
    const bare = readArrow(
      tableToIPC(new Table({ x_p50: vectorFromArray(Float64Array.from([1, 2])) }), "file"),
    );
    expect(metricLabel(bare, "x_p50", "Median x")).toEqual({
      title: "Median x",
      unit: "",
      probability: false,
    });
  });

  it("draws a colour legend with the unit, and formatted cell labels", () => {
    const svg = heatmap(
      {
        cells: [
          { x: "1000", y: "", value: 1500 },
          { x: "2000", y: "", value: Number.NaN },
          { x: "4000", y: "", value: 0.5 },
        ],
        xLabel: "emission.tokensPerEpoch",
        yLabel: "",
        title: "Median x over runs",
        unit: "USD/token",
      },
      { document: doc() },
    );
    const legend = svg.querySelector('g[aria-label="color legend"]')!;
    expect(legend).not.toBeNull();
    expect(legend.querySelectorAll("rect").length).toBe(40);
    const texts = [...legend.querySelectorAll("text")].map((t) => t.textContent);
    expect(texts).toContain("USD/token");
    expect(texts).toEqual(["500", "1k", "1.5k", "USD/token"]);
    expect(texts.join(" ")).not.toMatch(/NaN/);
    const cells = [...svg.querySelectorAll('g[aria-label="text"] text')].map((t) => t.textContent);
    expect(cells).toEqual(["1.5k", "–", "0.5"]);
    expect(svg.textContent).toContain("colour: USD/token");
  });
});

describe("runs in a death spiral: the detector's confirmation delay is told", () => {
  it("reads the delay from the parameters, or from what the runs recorded", () => {
    expect(delayFromParams({ spiral: { minSteps: 168 } })).toEqual({
      lagSteps: 167,
      minSteps: 168,
    });
    expect(delayFromParams({})).toBeUndefined();
    expect(delayFromParams(undefined)).toBeUndefined();
    const series = [0, 1].map((run) => ({
      steps: Array.from({ length: 20 }, (_, s) => s),
      columns: {
        run: Array(20).fill(run),
        spiralActive: Array.from({ length: 20 }, (_, s) => (run === 1 && s >= 9 ? 1 : 0)),
      },
    }));
    const mark = { run: 1, startStep: 5, endStep: 19, ongoing: true, legs: [] };
    const spiral = { ...mark, maxPriceDrawdownPct: 50, maxProviderLossPct: 20 };
    expect(observedDelay(series, [spiral])).toEqual({ lagSteps: 4 });
    expect(observedDelay(series, [])).toBeUndefined();
  });

  it("says how long after the shading the line starts", () => {
    expect(spiralDelayNote({ lagSteps: 167, minSteps: 168 }, 1)).toBe(
      "line starts 7 days after the shading: spirals count once confirmed (spiral.minSteps = 168 steps)",
    );
    expect(spiralDelayNote({ lagSteps: 12 }, 1)).toBe(
      "line starts 12 h after the shading: spirals count once the detector confirms them",
    );
    expect(spiralDelayNote({ lagSteps: 0 }, 1)).toBeUndefined();
    expect(spiralDelayNote(undefined, 1)).toBeUndefined();
  });

  it("carries the delay in the fan table's Arrow, and draws it on the spiral chart only", () => {
    const runs = [0, 1].map((run) => ({
      steps: [0, 1, 2, 3],
      columns: { spiralActive: [0, 0, 0, run] },
    }));
    const fan = {
      ...fanTable(runs, ["spiralActive"]),
      spiralDelay: { lagSteps: 48, minSteps: 49 },
    };
    const back = fanFromArrow(fanToArrow(fan));
    expect(back.spiralDelay).toEqual({ lagSteps: 48, minSteps: 49 });
    expect(fanFromArrow(fanToArrow(fanTable(runs, ["spiralActive"]))).spiralDelay).toBeUndefined();
    const spirals = [
      {
        run: 1,
        startStep: 0,
        endStep: 3,
        ongoing: true,
        legs: [],
        maxPriceDrawdownPct: 1,
        maxProviderLossPct: 1,
      },
    ];
    const spec = chartsFor(["spiralActive"]).find((c) => c.id === "spiral")!;
    const svg = fanChart(spec, { fan: back, stepHours: 1, spirals, runs: 2 }, { document: doc() });
    const note = svg.querySelector("text.chart-note");
    expect(note?.textContent).toBe(
      "line starts 2 days after the shading: spirals count once confirmed (spiral.minSteps = 49 steps)",
    );
    // no spiral, no note
    const calm = fanChart(
      spec,
      { fan: back, stepHours: 1, spirals: [], runs: 2 },
      { document: doc() },
    );
    expect(calm.querySelector("text.chart-note")).toBeNull();
  });
});
