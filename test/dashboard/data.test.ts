import { mkdirSync, mkdtempSync, readFileSync, symlinkSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { tableFromArrays, tableToIPC } from "apache-arrow";
import { describe, expect, it } from "vitest";
import { fanFromArrow, fanToArrow, readArrow } from "../../dashboard/data/arrowTable.ts";
import { toCsv } from "../../dashboard/data/csv.ts";
import { fanTable } from "../../dashboard/data/fan.ts";
import { heatmapCells } from "../../dashboard/data/heatmapData.ts";
import { quantileOfSorted } from "../../dashboard/data/quantile.ts";
import {
  BadNameError,
  describeResult,
  loadPoint,
  NotFoundError,
  resultDir,
} from "../../dashboard/data/resultStore.ts";
import { shockMarks } from "../../dashboard/data/shocks.ts";
import { writeSyntheticSweep } from "./syntheticResult.ts";

describe("dashboard data", () => {
  it("quantiles interpolate linearly between order statistics", () => {
    expect(quantileOfSorted([1, 2, 3, 4, 5], 0.5)).toBe(3);
    expect(quantileOfSorted([0, 10], 0.25)).toBe(2.5);
    expect(quantileOfSorted([0, 100], 0.05)).toBe(5);
    expect(quantileOfSorted([7], 0.95)).toBe(7);
    expect(quantileOfSorted([], 0.5)).toBeNaN();
  });

  it("fan bands are per-step quantiles across runs, aligned by step", () => {
    const runs = [0, 1, 2, 3, 4].map((r) => ({
      steps: r === 4 ? [0] : [0, 1],
      columns: { x: r === 4 ? [40] : [10 * r, 100 + r] },
    }));
    const fan = fanTable(runs, ["x", "missing"]);
    expect([...fan.steps]).toEqual([0, 1]);
    expect([...fan.runs]).toEqual([5, 4]);
    expect(fan.columns["x:p50"]![0]).toBe(20);
    expect(fan.columns["x:p5"]![0]).toBeCloseTo(2);
    expect(fan.columns["x:p95"]![0]).toBeCloseTo(38);
    expect(fan.columns["x:mean"]![1]).toBe(101.5);
    expect(fan.columns["missing:p50"]).toBeUndefined();
    const back = fanFromArrow(fanToArrow(fan));
    expect([...back.columns["x:p25"]!]).toEqual([...fan.columns["x:p25"]!]);
    expect([...back.steps]).toEqual([0, 1]);
  });

  it("finds the shocks in a run's parameters", () => {
    const none = { crashStartStep: -1, liquidityStep: -1, powerStartStep: -1, hardwareGenStep: -1 };
    expect(shockMarks({ shocks: none })).toEqual([]);
    expect(shockMarks(undefined)).toEqual([]);
    const on = {
      ...none,
      crashStartStep: 10,
      crashSteps: 5,
      crashDrop: 0.5,
      powerStartStep: 3,
      powerSteps: 1,
      powerMultiplier: 3,
      powerRegion: 1,
      hardwareGenStep: 7,
    };
    expect(shockMarks({ shocks: on })).toEqual([
      { label: "market crash −50%", startStep: 10, endStep: 14 },
      { label: "power price ×3 (region 1)", startStep: 3, endStep: 3 },
      { label: "new hardware generation", startStep: 7, endStep: 7 },
    ]);
  });

  it("CSV quotes what needs quoting", () => {
    const bytes = tableToIPC(
      tableFromArrays({ a: Float64Array.from([1.5, 2]), b: ['x,"y"', "z"] }),
      "file",
    );
    expect(toCsv(readArrow(bytes))).toBe('a,b\n1.5,"x,""y"""\n2,z\n');
  });

  it("reads a sweep folder: points, runs, spirals, step length", () => {
    const root = mkdtempSync(join(tmpdir(), "tokensim-data-"));
    writeSyntheticSweep(join(root, "syn"));
    const dir = resultDir(root, "syn");
    const info = describeResult(dir, "syn");
    expect(info).toMatchObject({
      kind: "sweep",
      runsDone: 6,
      complete: true,
      axes: ["emission.tokensPerEpoch"],
    });
    const p1 = loadPoint(dir, info, 1);
    expect(p1).toMatchObject({ runs: 3, spiralledRuns: 1, stepHours: 1 });
    expect(p1.spirals).toEqual([expect.objectContaining({ run: 2, startStep: 24, endStep: 35 })]);
    expect(() => loadPoint(dir, info, 7)).toThrow(NotFoundError);
    const heat = heatmapCells(readArrow(readFileSync(join(dir, "sweep.arrow"))), "pDeathSpiral");
    expect(heat.cells.map((c) => c.x)).toEqual(["1000", "2000"]);
    expect(heat.xLabel).toBe("emission.tokensPerEpoch");
  });

  it("refuses result names that leave the results folder", () => {
    const root = mkdtempSync(join(tmpdir(), "tokensim-data-"));
    mkdirSync(join(root, "results"));
    writeSyntheticSweep(join(root, "outside"));
    symlinkSync(join(root, "outside"), join(root, "results", "link"));
    const results = join(root, "results");
    for (const bad of ["..", "../outside", ".hidden", "a/b", "", "x".repeat(200)])
      expect(() => resultDir(results, bad)).toThrow(BadNameError);
    expect(() => resultDir(results, "link")).toThrow(BadNameError);
    expect(() => resultDir(results, "nothing")).toThrow(NotFoundError);
  });
});
