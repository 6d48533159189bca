import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { periodEnds } from "../../engine/series/periodTotals.ts";
import { readSeries } from "../../engine/series/read.ts";
import { resampleSeries } from "../../engine/series/resample.ts";

const dir = mkdtempSync(join(tmpdir(), "tokensim-totals-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
let files = 0;
const series = (points: [string, number][]) => {
  const path = join(dir, `t${files++}.json`);
  writeFileSync(path, JSON.stringify({ unit: "HNT_per_month", points }));
  return readSeries(path);
};
const DAY = 86_400_000;
const jan1 = Date.UTC(2022, 0, 1);
const sum = (v: Float64Array) => v.reduce((a, b) => a + b, 0);

// January: 310 over 31 days (10 a day); February: 140 over 28 days (5 a day);
// March: 62 over 31 days (2 a day).
const monthly = () =>
  series([
    ["2022-01-01", 310],
    ["2022-02-01", 140],
    ["2022-03-01", 62],
  ]);

describe("resampleSeries, rule total", () => {
  it("spreads each month's total over its days, a step straddling two months taking a share of each", () => {
    const v = resampleSeries(monthly(), { startMs: jan1, stepHours: 240, steps: 5, rule: "total" });
    // Jan 1-11, 11-21, 21-31: 10 days of January each; Jan 31-Feb 10: 1 day of
    // January (10) + 9 of February (45); Feb 10-20: 10 days of February (50).
    expect(Array.from(v)).toEqual([100, 100, 100, 55, 50]);
    // A week from Jan 29: 3 days of January (30) and 4 of February (20).
    const week = resampleSeries(monthly(), {
      startMs: Date.UTC(2022, 0, 29),
      stepHours: 168,
      steps: 1,
      rule: "total",
    });
    expect(week[0]).toBeCloseTo(50, 9);
  });

  it("conserves the sum over whole periods; the last calendar month ends on the 1st of the next", () => {
    const v = resampleSeries(monthly(), { startMs: jan1, stepHours: 24, steps: 90, rule: "total" });
    expect(sum(v)).toBeCloseTo(310 + 140 + 62, 9);
    expect(v[89]).toBeCloseTo(2, 12);
    expect(() =>
      resampleSeries(monthly(), { startMs: jan1, stepHours: 24, steps: 91, rule: "total" }),
    ).toThrow(/\(period totals\) ends 2022-04-01: the run needs 2022-01-01 to 2022-04-02/);
    expect(() =>
      resampleSeries(monthly(), { startMs: jan1 - DAY, stepHours: 24, steps: 2, rule: "total" }),
    ).toThrow(/\(period totals\) starts 2022-01-01/);
  });

  it("periods that are not calendar months: the last lasts as long as the one before", () => {
    const s = series([
      ["2022-01-01T00:00Z", 12],
      ["2022-01-01T12:00Z", 24],
      ["2022-01-02T00:00Z", 6],
    ]);
    expect(Array.from(periodEnds(s.times))).toEqual([
      jan1 + DAY / 2,
      jan1 + DAY,
      jan1 + (3 * DAY) / 2,
    ]);
    // 8-hour steps: 8/12 of 12; 4 h of the first (4) + 4 h of the second (8);
    // 8 h of the second (16); 8 h of the third (6 · 8/12 = 4).
    const v = resampleSeries(s, { startMs: jan1, stepHours: 8, steps: 4, rule: "total" });
    expect(Array.from(v).map((x) => Number(x.toFixed(9)))).toEqual([8, 12, 16, 4]);
    expect(() =>
      resampleSeries(s, { startMs: jan1, stepHours: 8, steps: 5, rule: "total" }),
    ).toThrow(/ends 2022-01-02T12:00Z/);
  });

  it("refuses a run over a missing period, unless maxGapHours allows it", () => {
    const gappy = series([
      ["2022-01-01", 31],
      ["2022-02-01", 28],
      ["2022-03-01", 61],
      ["2022-05-01", 31],
    ]);
    const o = { startMs: jan1, stepHours: 24, steps: 120, rule: "total" as const };
    expect(() => resampleSeries(gappy, o)).toThrow(
      /a period of 61 days from 2022-03-01 to 2022-05-01 \(more than 1116 h\)/,
    );
    // A run that ends before the gap does not care.
    expect(sum(resampleSeries(gappy, { ...o, steps: 59 }))).toBeCloseTo(59, 9);
    // A stated maxGapHours takes March-April as one period (1 a day).
    const v = resampleSeries(gappy, { ...o, maxGapHours: 24 * 61 });
    expect(v[100]).toBeCloseTo(1, 12);
    expect(sum(v)).toBeCloseTo(120, 9);
  });

  it("a single total has no known period", () => {
    const one = series([["2022-01-01", 5]]);
    expect(() =>
      resampleSeries(one, { startMs: jan1, stepHours: 24, steps: 1, rule: "total" }),
    ).toThrow(/a single period: its length is unknown/);
  });
});
