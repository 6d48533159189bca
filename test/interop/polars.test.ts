/**
 * A sweep's tables and a run's per-step file, read by polars (nodejs-polars, the
 * Rust Arrow implementation), not by our own reader: types, nulls, values and
 * the sd estimator must be what a data-frame user gets.
 */
import { mkdtempSync, readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { tableFromIPC } from "apache-arrow";
import { describe, expect, it } from "vitest";
import { inThreadRunExecutor } from "../../engine/sweep/inThread.ts";
import { runSweep } from "../../engine/sweep/runner.ts";

// nodejs-polars (CommonJS, a native binding) is installed apart from the project's
// dependencies by scripts/ensure-polars.sh (npm test's pretest) into test/output/.polars.
const POLARS = join(import.meta.dirname, "../output/.polars/node_modules/");
const pl = createRequire(POLARS)("nodejs-polars") as Polars;

/** The few polars calls this test makes. */
interface Frame {
  schema: Record<string, unknown>;
  height: number;
  getColumn(name: string): { nullCount(): number; get(i: number): unknown; toArray(): unknown[] };
  filter(expr: unknown): Frame;
  select(expr: unknown): Frame;
}
interface Polars {
  readIPC(bytes: Buffer): Frame;
  col(name: string): { eq(v: number): unknown; std(): unknown };
}

describe("sweep tables read by polars", () => {
  it("have integer seeds, nulls where there is no value, and the sample sd polars computes", async () => {
    const out = join(mkdtempSync(join(tmpdir(), "tokensim-polars-")), "sweep");
    await runSweep(
      {
        scenario: "test/fixtures/sweep/flaky.ts",
        runs: 3,
        grid: ["verification.sampleRate=0.05,0.6"],
        sets: ["sim.steps=48"],
        seed: 7,
      },
      { out, executor: inThreadRunExecutor },
    );
    const runs = pl.readIPC(readFileSync(join(out, "runs.arrow")));
    const sweep = pl.readIPC(readFileSync(join(out, "sweep.arrow")));
    expect(String(runs.schema.seed)).toMatch(/UInt32/);
    expect(String(runs.schema.firstSpiralStep)).toMatch(/Int32/);
    expect(runs.getColumn("firstSpiralStep").nullCount()).toBe(6); // no run spiralled
    // Point 1's runs all failed: its statistics are null, not NaN.
    const p1 = sweep.filter(pl.col("point").eq(1));
    expect(p1.getColumn("priceEndUsd_p50").nullCount()).toBe(1);
    expect(p1.getColumn("pDeathSpiral").nullCount()).toBe(1);
    // polars' std (ddof = 1 by default) over point 0's runs is the table's _sd.
    const std = runs
      .filter(pl.col("point").eq(0))
      .select(pl.col("priceEndUsd").std())
      .getColumn("priceEndUsd")
      .get(0) as number;
    const sd = sweep.filter(pl.col("point").eq(0)).getColumn("priceEndUsd_sd").get(0) as number;
    expect(sd).toBeCloseTo(std, 12);
    // The values polars reads are the ones apache-arrow reads.
    const ours = tableFromIPC(readFileSync(join(out, "runs.arrow")));
    expect(runs.getColumn("seed").toArray().map(Number)).toEqual([...ours.getChild("seed")!]);
    const steps = pl.readIPC(readFileSync(join(out, "steps/point=0000/run=00000.arrow")));
    expect(steps.height).toBe(48);
    expect(steps.getColumn("priceUsd").get(47)).toBe(
      tableFromIPC(readFileSync(join(out, "steps/point=0000/run=00000.arrow")))
        .getChild("priceUsd")!
        .get(47),
    );
  });
});
