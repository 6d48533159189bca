import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { cli } from "../cli/inProcess.ts";
import { writeDailyPrices } from "./priceSeries.ts";

const dir = mkdtempSync(join(tmpdir(), "tokensim-fitworkers-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }), 30_000);

/** A daily price series for the first ten days of 2022. */
const prices = () => writeDailyPrices(dir, 10, 0.02);

describe("tokensim fit --workers", () => {
  it("gives the same fit.json and hindcast.json bytes in this thread and on 1 or 2 workers", async () => {
    const file = prices();
    const bytes: string[] = [];
    for (const workers of ["0", "1", "2"]) {
      const out = join(dir, `w${workers}`);
      const r = await cli(
        "fit",
        "baseline",
        "--start",
        "2022-01-01",
        "--until",
        "2022-01-08",
        "--target",
        `priceUsd=${file}`,
        "--fit",
        "market.feeRate=0.001:0.05",
        "--fit",
        "demand.growthPerYear=0:2",
        "--replications",
        "2",
        "--generations",
        "2",
        "--seed",
        "4",
        "--steps",
        "240",
        "--set",
        "providers.initial=30",
        "--workers",
        workers,
        "--out",
        out,
        "--quiet",
      );
      expect(r.code, r.stderr).toBe(0);
      bytes.push(
        readFileSync(join(out, "fit.json"), "utf8") +
          readFileSync(join(out, "hindcast.json"), "utf8"),
      );
    }
    expect(bytes[1]).toBe(bytes[0]);
    expect(bytes[2]).toBe(bytes[0]);
    const hindcast = JSON.parse(readFileSync(join(dir, "w2", "hindcast.json"), "utf8"));
    const s = hindcast.series[0];
    expect(s.times.length).toBe(10);
    expect(s.fitted.filter(Boolean).length).toBe(8);
    expect(s.bands[0].p10.length).toBe(10);
    for (let i = 0; i < 10; i++) expect(s.bands[0].p10[i]).toBeLessThanOrEqual(s.bands[0].p90[i]);
  }, 300_000);
});
