import { existsSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { cli } from "../cli/inProcess.ts";
import { writeDailyPrices } from "./priceSeries.ts";

const dir = mkdtempSync(join(tmpdir(), "tokensim-fitcli-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }), 30_000);

/** A daily price series for January 2022. */
const prices = () => writeDailyPrices(dir, 31, 0.01);

const TINY = ["--steps", "240", "--set", "providers.initial=30", "--quiet"];

describe("tokensim fit (CLI)", () => {
  it("refuses bad input with one line and exit code 2, before any run", async () => {
    const file = prices();
    const cases: [string[], RegExp][] = [
      [["fit", "baseline", "--target", `priceUsd=${file}`], /--start <date> is required/],
      [["fit", "baseline", "--start", "2022-01-01"], /give at least one --target/],
      [
        ["fit", "baseline", "--start", "2022-01-01", "--target", `priceUsd=${file}`],
        /give at least one --range key=lo:hi/,
      ],
      [
        [
          "fit",
          "baseline",
          "--start",
          "01/01/2022",
          "--target",
          `priceUsd=${file}`,
          "--fit",
          "market.feeRate=0.001:0.05",
        ],
        /time '01\/01\/2022' is not an ISO 8601 date/,
      ],
      [
        [
          "fit",
          "baseline",
          "--start",
          "2022-01-01",
          "--target",
          `priceUsd=${join(dir, "nope.csv")}`,
          "--fit",
          "market.feeRate=0.001:0.05",
        ],
        /nope.csv: cannot be read/,
      ],
      [
        [
          "fit",
          "baseline",
          "--start",
          "2022-01-01",
          "--target",
          `priceUsd=${file}`,
          "--fit",
          "market.feeRat=0.001:0.05",
        ],
        /market.feeRat/,
      ],
    ];
    for (const [argv, message] of cases) {
      const r = await cli(...argv, ...TINY);
      expect(r.code, argv.join(" ")).toBe(2);
      expect(r.stderr).toMatch(message);
      expect(r.stderr.trim().split("\n")).toHaveLength(1);
    }
  });

  it("names the columns when a target column does not exist", async () => {
    const r = await cli(
      "fit",
      "baseline",
      "--start",
      "2022-01-01",
      "--target",
      `price=${prices()}`,
      "--fit",
      "market.feeRate=0.001:0.05",
      "--replications",
      "2",
      "--generations",
      "1",
      "--out",
      join(dir, "bad"),
      ...TINY,
    );
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(
      /fit --target price: no such column \(columns: run, point, step, .*priceUsd/,
    );
    expect(existsSync(join(dir, "bad", "fit.json"))).toBe(false);
  });

  it("fits, prints the parameters and moments, and writes fit.json (with a backtest)", async () => {
    const out = join(dir, "ok");
    const r = await cli(
      "fit",
      "baseline",
      "--start",
      "2022-01-01",
      "--until",
      "2022-01-08",
      "--target",
      `priceUsd=${prices()}`,
      "--fit",
      "market.feeRate=0.001:0.05",
      "--replications",
      "2",
      "--generations",
      "2",
      "--seed",
      "3",
      "--out",
      out,
      ...TINY,
    );
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/^fit baseline: 2 generations, \d+ runs \(2 per candidate\)/);
    expect(r.stdout).toMatch(/market.feeRate = [\d.]+ {2}se /);
    expect(r.stdout).toMatch(/trendPerYear +observed [\d.]+ +simulated/);
    expect(r.stdout).toMatch(/backtest after 2022-01-08: 2 observations/);
    const fit = JSON.parse(readFileSync(join(out, "fit.json"), "utf8"));
    expect(fit.parameters[0].key).toBe("market.feeRate");
    expect(fit.targets[0].observations).toBe(8);
    expect(fit.targets[0].holdout.observations).toBe(2);
    expect(fit.method).toMatch(/method of simulated moments/);
  });
});
