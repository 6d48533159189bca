import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { parseHTML } from "linkedom";
import { afterAll, describe, expect, it } from "vitest";
import { hindcastChart, hindcastCharts } from "../../dashboard/charts/hindcastChart.ts";
import { hindcastView } from "../../dashboard/data/hindcast.ts";
import { readHindcast } from "../../dashboard/data/hindcastFile.ts";
import { svgText } from "../../dashboard/report/svgText.ts";
import type { Hindcast } from "../../engine/fit/hindcast.ts";
import { cli } from "../cli/inProcess.ts";

const dir = mkdtempSync(join(tmpdir(), "tokensim-hindcast-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const HINDCAST: Hindcast = {
  kind: "hindcast",
  scenario: "helium-halving",
  start: "2021-01-01",
  until: "2021-03-01",
  runs: 8,
  series: [
    {
      column: "priceUsd",
      file: "scenarios/data/history/helium_hnt_price_usd_monthly.csv",
      unit: "USD_per_HNT",
      aggregate: "point",
      times: ["2021-01-01", "2021-02-01", "2021-03-01", "2021-04-01"],
      observed: [1.5, 8, 40, 12],
      fitted: [true, true, true, false],
      bands: [
        { label: "as observed", p10: [1, 2, 3, 4], p50: [2, 3, 4, 5], p90: [3, 4, 50, 60] },
        { label: "counterfactual: x=1", p10: [1, 1, 1, 1], p50: [2, 2, 2, 2], p90: [3, 3, 3, 3] },
      ],
    },
  ],
};

const doc = () =>
  parseHTML("<!doctype html><html><body></body></html>").document as unknown as Document;

describe("hindcast chart", () => {
  it("shapes a row per band and date, a point per observation, and picks a log axis for a wide range", () => {
    const v = hindcastView(HINDCAST, HINDCAST.series[0]!);
    expect(v.id).toBe("hindcast-priceUsd");
    expect(v.title).toBe("priceUsd against helium_hnt_price_usd_monthly.csv");
    expect(v.labels).toEqual(["as observed", "counterfactual: x=1"]);
    expect(v.bands.length).toBe(8);
    expect(v.bands[2]).toEqual({
      date: new Date("2021-03-01T00:00:00Z"),
      band: "as observed",
      p10: 3,
      p50: 4,
      p90: 50,
    });
    expect(v.points.map((p) => p.fitted)).toEqual([true, true, true, false]);
    expect(v.until).toEqual(new Date("2021-03-01T00:00:00Z"));
    // 1 to 60: over a factor of 20.
    expect(v.log).toBe(true);
    expect(v.subtitle).toMatch(/USD_per_HNT · observed \(dots; hollow: after the fitted window\)/);
    const flat = {
      ...HINDCAST.series[0]!,
      observed: [2, 2, 2, 2],
      bands: [HINDCAST.series[0]!.bands[1]!],
    };
    expect(hindcastView(HINDCAST, flat).log).toBe(false);
  });

  it("draws an SVG with a band and a median per world, the observations and the end of the fitted window", () => {
    const v = hindcastView(HINDCAST, HINDCAST.series[0]!);
    const svg = svgText(hindcastChart(v, { document: doc() }));
    expect(svg.startsWith("<svg")).toBe(true);
    expect(svg).toContain("priceUsd against helium_hnt_price_usd_monthly.csv");
    expect(svg).toContain("fitted up to 2021-03-01");
    // Two shaded bands and two medians, in the palette's first two colours.
    expect(svg.match(/fill-opacity="0.2"/g)?.length).toBe(2);
    expect(svg).toContain('stroke="#4e79a7"');
    expect(svg).toContain('stroke="#f28e2b"');
    // Three fitted observations filled, one after the window hollow.
    expect(svg.match(/<circle/g)?.length).toBe(4);
    expect(svg).toContain('stroke-dasharray="4,3"');
    expect(hindcastCharts([v], { document: doc() }).map((c) => c.name)).toEqual([
      "hindcast-priceUsd",
    ]);
  });

  it("reads hindcast.json, and refuses one whose bands do not match its dates", () => {
    writeFileSync(join(dir, "hindcast.json"), JSON.stringify(HINDCAST));
    expect(readHindcast(dir)?.series[0]?.column).toBe("priceUsd");
    expect(readHindcast(join(dir, "none"))).toBeUndefined();
    const bad = structuredClone(HINDCAST);
    bad.series[0]!.bands[0]!.p50 = [1, 2];
    writeFileSync(join(dir, "hindcast.json"), JSON.stringify(bad));
    expect(() => readHindcast(dir)).toThrow(/band 'as observed': 2 values for 4 dates/);
  });

  it("is what tokensim plot draws for a folder with hindcast.json, and a bad one is a usage error", async () => {
    const folder = mkdtempSync(join(dir, "fit-"));
    writeFileSync(join(folder, "hindcast.json"), JSON.stringify(HINDCAST));
    const r = await cli("plot", folder, "--no-png");
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/wrote 1 hindcast charts/);
    const svg = readFileSync(join(folder, "report", "hindcast-priceUsd.svg"), "utf8");
    expect(svg).toContain("priceUsd against helium_hnt_price_usd_monthly.csv");
    expect(readFileSync(join(folder, "report", "index.html"), "utf8")).toContain(
      'src="hindcast-priceUsd.svg"',
    );
    writeFileSync(join(folder, "hindcast.json"), JSON.stringify({ kind: "other" }));
    const bad = await cli("plot", folder);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/not a hindcast/);
  }, 60_000);
});
