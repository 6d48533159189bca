import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { parseTarget } from "../../cli/commands/fit.ts";
import { indexed, moments, readAt, sampleAll, subset } from "../../engine/fit/moments.ts";
import { readSeries } from "../../engine/series/read.ts";

const dir = mkdtempSync(join(tmpdir(), "tokensim-sampling-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const series = (points: [string, number][]) => {
  const path = join(dir, `s${points.length}.json`);
  writeFileSync(path, JSON.stringify({ unit: "HNT_per_month", points }));
  return readSeries(path);
};
const jan1 = Date.UTC(2022, 0, 1);

describe("fit sampling", () => {
  it("reads a period total as the column summed over the period, a straddling step by its overlap", () => {
    const s = series([
      ["2022-01-01", 310],
      ["2022-02-01", 140],
      ["2022-03-01", 62],
    ]);
    // 10-day steps from Jan 1, 8 steps (to Mar 22): January and February are inside the
    // run, March (to Apr 1) is not.
    const all = sampleAll(s, jan1, 240, 8, "total");
    expect(Array.from(all.observed)).toEqual([310, 140]);
    expect(Array.from(all.ends)).toEqual([Date.UTC(2022, 1, 1), Date.UTC(2022, 2, 1)]);
    // A column of 1 per step: January is steps 0-2 and 1/10 of step 3 (3.1); February
    // (days 31-59) is 9/10 of step 3, step 4 and 9/10 of step 5 (28 days = 2.8 steps).
    const ones = readAt(() => 1, all);
    expect(ones[0]).toBeCloseTo(3.1, 12);
    expect(ones[1]).toBeCloseTo(2.8, 12);
    // A column equal to its step index weights each step by its overlap.
    const byStep = readAt((k) => k, all);
    expect(byStep[0]).toBeCloseTo(0 + 1 + 2 + 0.1 * 3, 12);
    expect(byStep[1]).toBeCloseTo(0.9 * 3 + 4 + 0.9 * 5, 12);
    // Times in years: the period's midpoint.
    expect(all.years[0]).toBeCloseTo(15.5 / 365, 12);
  });

  it("splits once at --until: a period counts as fitted when it ends by then", () => {
    const s = series([
      ["2022-01-01", 1],
      ["2022-02-01", 2],
      ["2022-03-01", 3],
      ["2022-04-01", 4],
    ]);
    const all = sampleAll(s, jan1, 24, 120, "total");
    const until = Date.UTC(2022, 2, 15);
    const early = Array.from(all.ends.keys()).filter((i) => all.ends[i]! <= until);
    expect(early).toEqual([0, 1]);
    const fitted = subset(all, early);
    expect(Array.from(fitted.observed)).toEqual([1, 2]);
    expect(fitted.offsets[2]).toBe(31 + 28);
    // Points: an observation counts at its own time.
    const points = sampleAll(s, jan1, 24, 120, "point");
    expect(Array.from(points.ends)).toEqual(Array.from(s.times));
  });

  it("the index transform compares shapes: a path and ten times it have the same moments", () => {
    const years = [0, 0.5, 1, 1.5];
    const path = [20, 40, 50, 90];
    const big = path.map((v) => 10 * v);
    const [a, b] = [moments(big, years, "index", "x"), moments(path, years, "index", "x")];
    for (let k = 0; k < 3; k++) expect(a[k]).toBeCloseTo(b[k]!, 12);
    expect(moments(path, years, "index", "x")[0]).toBeCloseTo(
      (Math.log(2) + Math.log(2.5) + Math.log(4.5)) / 4,
      12,
    );
    const { runs, observed } = indexed("index", [big], path);
    expect(Array.from(runs[0]!)).toEqual([1, 2, 2.5, 4.5]);
    expect(Array.from(observed)).toEqual([1, 2, 2.5, 4.5]);
    expect(Array.from(indexed("log", [big], path).runs[0]!)).toEqual(big);
  });

  it("parses a target's suffixes in any order", () => {
    expect(parseTarget("mintedTokens=m.csv:total")).toEqual({
      column: "mintedTokens",
      file: "m.csv",
      transform: "log",
      aggregate: "total",
    });
    expect(parseTarget("providersActive=C:/data/h.csv:total:index")).toMatchObject({
      file: "C:/data/h.csv",
      transform: "index",
      aggregate: "total",
    });
    expect(parseTarget("x=a.csv:level").transform).toBe("level");
    expect(() => parseTarget("x=:total")).toThrow(/no file/);
  });
});
