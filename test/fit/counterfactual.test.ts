import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { tableFromIPC } from "apache-arrow";
import { afterAll, describe, expect, it } from "vitest";
import { cli } from "../cli/inProcess.ts";

const dir = mkdtempSync(join(tmpdir(), "tokensim-cf-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** A fit folder as `tokensim fit` writes it (only what the counterfactual reads). */
function fitDir(): string {
  const minted = join(dir, "minted.csv");
  // Tokens minted per day (a period total), 6 days.
  const rows = Array.from({ length: 6 }, (_, d) => `2022-01-0${d + 1},46000,TOKEN_per_day`);
  writeFileSync(minted, `time,value,unit\n${rows.join("\n")}\n`);
  const out = join(dir, "fit");
  const fit = {
    scenario: "baseline",
    sets: ["sim.steps=144", "providers.initial=30"],
    parameters: [{ key: "market.feeRate", value: 0.01 }],
    start: "2022-01-01",
    targets: [{ column: "mintedTokens", file: minted, transform: "level", aggregate: "total" }],
    seed: 7,
  };
  writeFileSync(join(dir, "fit.json"), JSON.stringify(fit));
  rmSync(out, { recursive: true, force: true });
  return dir;
}

const run = (out: string, ...change: string[]) =>
  cli(
    "counterfactual",
    "baseline",
    "--from",
    fitDir(),
    ...change.flatMap((c) => ["--set", c]),
    "--column",
    "supplyTokens",
    "--at",
    "2022-01-03",
    "--runs",
    "3",
    "--workers",
    "0",
    "--out",
    out,
    "--quiet",
  );

describe("tokensim counterfactual", () => {
  it("a change that changes nothing gives zero differences in every run (common random numbers)", async () => {
    const out = join(dir, "same");
    const r = await run(out, "market.feeRate=0.01");
    expect(r.code, r.stderr).toBe(0);
    const s = JSON.parse(readFileSync(join(out, "counterfactual.json"), "utf8"));
    expect(s.changes).toEqual(["market.feeRate=0.01"]);
    expect(s.observedSets).toEqual([
      "sim.steps=144",
      "providers.initial=30",
      "market.feeRate=0.01",
    ]);
    expect(s.columns.map((c: { column: string }) => c.column)).toEqual([
      "mintedTokens",
      "supplyTokens",
    ]);
    for (const c of s.columns)
      for (const m of c.comparisons) {
        expect(m.difference).toEqual({ p10: 0, p50: 0, p90: 0 });
      }
    // Not a vacuous zero: supply is there in both worlds.
    expect(s.columns[1].comparisons[1].asObserved.p50).toBeGreaterThan(1e6);
    expect(s.columns[0].comparisons.map((m: { date: string }) => m.date)).toEqual([
      "2022-01-03",
      "2022-01-06T23:00Z",
    ]);
  }, 120_000);

  it("doubling the emission doubles what is minted; writes both worlds, the history and the hindcast", async () => {
    const out = join(dir, "double");
    const r = await run(out, "emission.tokensPerEpoch=92000");
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toMatch(
      /^counterfactual baseline: emission.tokensPerEpoch=92000 \(3 runs per world/,
    );
    const factual = tableFromIPC(readFileSync(join(out, "factual.arrow")));
    const counter = tableFromIPC(readFileSync(join(out, "counterfactual.arrow")));
    expect(factual.numRows).toBe(3 * 144);
    expect(factual.schema.fields.map((f) => f.name)).toEqual([
      "run",
      "step",
      "time",
      "mintedTokens",
      "supplyTokens",
    ]);
    const sum = (t: typeof factual) =>
      Array.from(t.getChild("mintedTokens")!.toArray() as Float64Array).reduce((a, b) => a + b, 0);
    // 6 days of a fixed 46,000 a day in each of 3 runs, then twice that.
    expect(sum(factual)).toBeCloseTo(3 * 6 * 46_000, 3);
    expect(sum(counter)).toBeCloseTo(3 * 6 * 92_000, 3);
    const history = tableFromIPC(readFileSync(join(out, "history.arrow")));
    expect(history.numRows).toBe(6);
    const h = JSON.parse(readFileSync(join(out, "hindcast.json"), "utf8"));
    const s = h.series[0];
    expect(s.aggregate).toBe("total");
    expect(s.bands.map((b: { label: string }) => b.label)).toEqual([
      "as observed",
      "counterfactual: emission.tokensPerEpoch=92000",
    ]);
    // Each day's simulated total matches the observed 46,000, and twice it.
    expect(s.bands[0].p50.length).toBe(6);
    for (const v of s.bands[0].p50) expect(v).toBeCloseTo(46_000, 6);
    for (const v of s.bands[1].p50) expect(v).toBeCloseTo(92_000, 6);
  }, 120_000);

  it("refuses a missing fit folder, no change, and a change to a parameter that does not exist", async () => {
    const cases: [string[], RegExp][] = [
      [["counterfactual", "baseline", "--from", join(dir, "none"), "--set", "a=1"], /no fit.json/],
      [["counterfactual", "baseline", "--from", fitDir()], /give at least one change/],
      [
        [
          "counterfactual",
          "baseline",
          "--from",
          fitDir(),
          "--set",
          "emission.nope=1",
          "--workers",
          "0",
        ],
        /nope/,
      ],
    ];
    for (const [argv, message] of cases) {
      const r = await cli(...argv);
      expect(r.code, argv.join(" ")).toBe(2);
      expect(r.stderr).toMatch(message);
    }
  }, 60_000);
});
