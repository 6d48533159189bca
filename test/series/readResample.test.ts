import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { tableFromArrays, tableToIPC } from "apache-arrow";
import { afterAll, describe, expect, it } from "vitest";
import { readSeries } from "../../engine/series/read.ts";
import { resampleSeries } from "../../engine/series/resample.ts";

const dir = mkdtempSync(join(tmpdir(), "tokensim-series-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const file = (name: string, text: string | Uint8Array) => {
  const path = join(dir, name);
  writeFileSync(path, text);
  return path;
};
const DAY = 86_400_000;
const jan1 = Date.UTC(2022, 0, 1);

describe("readSeries", () => {
  it("reads the same series from CSV (quoted notes too), JSON in both shapes, and Arrow", () => {
    const csv = file(
      "p.csv",
      'time,value,unit,note\n2022-01-01,2.5,USD_per_HNT,"a note, with a comma"\n2022-01-02,3,USD_per_HNT,\n',
    );
    const points = file(
      "p.json",
      JSON.stringify({
        unit: "USD_per_HNT",
        points: [
          ["2022-01-01", 2.5],
          ["2022-01-02", 3],
        ],
      }),
    );
    const rows = file(
      "r.json",
      JSON.stringify([
        { time: "2022-01-01", value: 2.5, unit: "USD_per_HNT" },
        { time: "2022-01-02T00:00Z", value: 3, unit: "USD_per_HNT" },
      ]),
    );
    const arrow = file(
      "p.arrow",
      tableToIPC(
        tableFromArrays({
          time: ["2022-01-01", "2022-01-02"],
          value: Float64Array.from([2.5, 3]),
          unit: ["USD_per_HNT", "USD_per_HNT"],
        }),
        "file",
      ),
    );
    for (const f of [csv, points, rows, arrow]) {
      const s = readSeries(f);
      expect(s.unit).toBe("USD_per_HNT");
      expect(Array.from(s.times)).toEqual([jan1, jan1 + DAY]);
      expect(Array.from(s.values)).toEqual([2.5, 3]);
    }
  });

  it("refuse times that do not increase, blank values, mixed units, bad dates and missing columns", () => {
    const bad = (name: string, body: string) => () => readSeries(file(name, body));
    expect(bad("a.csv", "time,value,unit\n2022-01-02,1,x\n2022-01-01,2,x\n")).toThrow(
      /a.csv, row 2: time 2022-01-01 is not after the row before \(2022-01-02\); times must strictly increase/,
    );
    expect(bad("b.csv", "time,value,unit\n2022-01-01,,x\n")).toThrow(
      /b.csv, row 1: value '' is not a number \(leave a missing observation out/,
    );
    expect(bad("c.csv", "time,value,unit\n2022-01-01,1,x\n2022-01-02,1,y\n")).toThrow(
      /row 2: unit 'y' differs from the first row's 'x'/,
    );
    expect(bad("d.csv", "time,value,unit\n01/02/2022,1,x\n")).toThrow(
      /time '01\/02\/2022' is not an ISO 8601 date/,
    );
    expect(bad("e.csv", "date,value\n2022-01-01,1\n")).toThrow(
      /no 'time' column \(the header has date, value; a series needs time, value, unit\)/,
    );
    expect(bad("f.txt", "x")).toThrow(/unknown format '.txt'/);
    expect(() => readSeries(join(dir, "missing.csv"))).toThrow(/missing.csv: cannot be read/);
  });

  it("read every time series shipped in scenarios/data/history", () => {
    // The fact tables (points, rules and events, other periods) hold mixed units.
    const history = new URL("../../scenarios/data/history/", import.meta.url);
    const facts =
      /_points\.csv$|_rules_and_events\.csv$|_other_periods\.csv$|emissions_distributed/;
    const names = readdirSync(history).filter((n) => n.endsWith(".csv") && n !== "sources.csv");
    const series = names.filter((n) => !facts.test(n));
    expect(series.length).toBeGreaterThan(12);
    for (const n of series) {
      const s = readSeries(new URL(n, history));
      expect(s.times.length, n).toBeGreaterThan(0);
    }
    // Every row names a source listed in sources.csv.
    const sources = readFileSync(new URL("sources.csv", history), "utf8");
    for (const n of names) {
      const ids = readFileSync(new URL(n, history), "utf8")
        .split("\n")
        .slice(1)
        .filter((l) => l.trim() !== "")
        .map((l) => l.split(",")[3]);
      for (const id of new Set(ids)) expect(sources, `${n}: ${id}`).toContain(`${id},`);
    }
  });
});

describe("resampleSeries", () => {
  const daily = readSeriesOf([
    ["2022-01-01", 1],
    ["2022-01-02", 2],
    ["2022-01-03", 4],
  ]);

  it("hold: each step takes the last observation at or before its start", () => {
    const v = resampleSeries(daily, { startMs: jan1, stepHours: 12, steps: 6, rule: "hold" });
    expect(Array.from(v)).toEqual([1, 1, 2, 2, 4, 4]);
  });

  it("linear: interpolates between the observations either side", () => {
    const v = resampleSeries(daily, { startMs: jan1, stepHours: 6, steps: 9, rule: "linear" });
    expect(Array.from(v)).toEqual([1, 1.25, 1.5, 1.75, 2, 2.5, 3, 3.5, 4]);
  });

  it("refuse a run that starts before the series, outlasts it, or crosses a gap", () => {
    expect(() =>
      resampleSeries(daily, { startMs: jan1 - DAY, stepHours: 24, steps: 2, rule: "hold" }),
    ).toThrow(/starts 2022-01-01: the run needs 2021-12-31 to 2022-01-01 \(2 steps of 24 h\)/);
    // hold: up to 1.5 x the median spacing (36 h) past the last observation.
    expect(resampleSeries(daily, { startMs: jan1, stepHours: 12, steps: 8, rule: "hold" })[7]).toBe(
      4,
    );
    expect(() =>
      resampleSeries(daily, { startMs: jan1, stepHours: 12, steps: 9, rule: "hold" }),
    ).toThrow(
      /ends 2022-01-03 \(held at most 36 h past it\): the run needs 2022-01-01 to 2022-01-05/,
    );
    expect(() =>
      resampleSeries(daily, { startMs: jan1, stepHours: 12, steps: 6, rule: "linear" }),
    ).toThrow(/ends 2022-01-03: the run needs/);
    const gappy = readSeriesOf([
      ["2022-01-01", 1],
      ["2022-01-02", 1],
      ["2022-01-03", 1],
      ["2022-01-10", 1],
      ["2022-01-11", 1],
    ]);
    expect(() =>
      resampleSeries(gappy, { startMs: jan1, stepHours: 24, steps: 10, rule: "hold" }),
    ).toThrow(/a gap of 7 days between 2022-01-03 and 2022-01-10 \(more than 36 h\)/);
    // A run that ends before the gap does not care; a stated maxGapHours allows it.
    expect(
      resampleSeries(gappy, { startMs: jan1, stepHours: 24, steps: 3, rule: "hold" }).length,
    ).toBe(3);
    expect(
      resampleSeries(gappy, {
        startMs: jan1,
        stepHours: 24,
        steps: 11,
        rule: "hold",
        maxGapHours: 24 * 7,
      })[5],
    ).toBe(1);
  });
});

function readSeriesOf(points: [string, number][]) {
  return readSeries(
    file(`s${points.length}-${points[0]![0]}.json`, JSON.stringify({ unit: "x", points })),
  );
}
