/**
 * `tokensim export`: Parquet copies of a sweep's Arrow files, read by polars
 * (the Rust Parquet reader, not ours) and by DuckDB (its own C++ reader): every value, null
 * and integer type of the Arrow file, and the units kept in the Arrow schema the file carries.
 */
import {
  copyFileSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  symlinkSync,
  writeFileSync,
} from "node:fs";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { tableFromIPC } from "apache-arrow";
import { readParquet } from "parquet-wasm/node";
import { beforeAll, describe, expect, it } from "vitest";
import { inThreadRunExecutor } from "../../engine/sweep/inThread.ts";
import { runSweep } from "../../engine/sweep/runner.ts";
import { cli } from "../cli/inProcess.ts";
import { duckDbQuery, duckDbTypeOf, readParquetWithDuckDb, sqlPath } from "./duckdb.ts";

// nodejs-polars is installed by scripts/ensure-polars.sh (npm test's pretest).
const POLARS = join(import.meta.dirname, "../output/.polars/node_modules/");
const pl = createRequire(POLARS)("nodejs-polars") as {
  readParquet(path: string): {
    height: number;
    columns: string[];
    schema: Record<string, { toString(): string }>;
    getColumn(name: string): { nullCount(): number; toArray(): unknown[] };
  };
};

const out = join(mkdtempSync(join(tmpdir(), "tokensim-parquet-")), "sweep");

beforeAll(async () => {
  // Point 1 fails deterministically: its runs' tables hold nulls.
  await runSweep(
    {
      scenario: "test/fixtures/sweep/flaky.ts",
      runs: 3,
      grid: ["verification.sampleRate=0.05,0.6"],
      seed: 7,
    },
    { out, executor: inThreadRunExecutor },
  );
}, 120_000);

const arrowOf = (path: string) => tableFromIPC(readFileSync(path));

describe("tokensim export --format parquet", () => {
  it("writes a .parquet beside every .arrow, which polars reads to the same values, nulls and types", async () => {
    const r = await cli("export", out, "--format", "parquet");
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/exported 8 file\(s\) to Parquet/); // runs, sweep, 6 runs' steps
    for (const name of ["runs", "sweep", "steps/point=0001/run=00002"]) {
      const arrow = arrowOf(join(out, `${name}.arrow`));
      const df = pl.readParquet(join(out, `${name}.parquet`));
      expect(df.height, name).toBe(arrow.numRows);
      expect(df.columns, name).toEqual(arrow.schema.fields.map((f) => f.name));
      for (const f of arrow.schema.fields) {
        const col = arrow.getChild(f.name)!;
        const got = df.getColumn(f.name);
        expect(got.nullCount(), `${name}.${f.name}`).toBe(col.nullCount);
        expect(got.toArray().map((v) => (typeof v === "bigint" ? Number(v) : v))).toEqual([...col]);
      }
    }
    const runs = pl.readParquet(join(out, "runs.parquet"));
    expect(String(runs.schema.seed)).toBe("DataType(UInt32)");
    expect(String(runs.schema.firstSpiralStep)).toBe("DataType(Int32)");
  });

  it("DuckDB reads every column with the Arrow file's types, null counts and values", async () => {
    // after the export above
    for (const name of ["runs", "sweep", "steps/point=0001/run=00002"]) {
      const arrow = arrowOf(join(out, `${name}.arrow`));
      const duck = await readParquetWithDuckDb(join(out, `${name}.parquet`));
      expect(duck.columns, name).toEqual(
        arrow.schema.fields.map((f) => ({ name: f.name, type: duckDbTypeOf(f.type) })),
      );
      for (const f of arrow.schema.fields) {
        const col = arrow.getChild(f.name)!;
        expect(duck.nullCounts[f.name], `${name}.${f.name}`).toBe(col.nullCount);
        const got = duck.values[f.name]!.map((v) => (typeof v === "bigint" ? Number(v) : v));
        expect(got, `${name}.${f.name}`).toEqual([...col]);
      }
    }
    const runs = await readParquetWithDuckDb(join(out, "runs.parquet"));
    expect(runs.columns.find((c) => c.name === "seed")?.type).toBe("UINTEGER");
    // no run spiralled: nulls, which DuckDB sees as NULL, not NaN
    expect(runs.nullCounts.firstSpiralStep).toBe(6);
    expect(runs.values.point).toEqual([0, 0, 0, 1, 1, 1]);
    // point 1 fails: its summary statistics are null
    const sweep = await readParquetWithDuckDb(join(out, "sweep.parquet"));
    expect(sweep.values.priceEndUsd_mean![1]).toBeNull();
  });

  it("DuckDB runs the queries docs/output.md shows", async () => {
    const byPoint = await duckDbQuery(
      `SELECT point, avg(priceEndUsd) AS mean FROM ${sqlPath(join(out, "runs.parquet"))} GROUP BY point ORDER BY point`,
    );
    const runs = arrowOf(join(out, "runs.arrow"));
    const prices = [...runs.getChild("priceEndUsd")!] as number[];
    const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;
    expect(byPoint.map((r) => r.point)).toEqual([0, 1]);
    expect(byPoint[0]!.mean).toBeCloseTo(mean(prices.slice(0, 3)), 12);
    expect(byPoint[1]!.mean).toBeCloseTo(mean(prices.slice(3)), 12);
    const steps = await duckDbQuery(
      `SELECT point, run, typeof(point) AS t, count(*) AS n FROM read_parquet(${sqlPath(join(out, "steps/**/*.parquet"))}, hive_partitioning = false) GROUP BY ALL ORDER BY point, run`,
    );
    const rows = (p: number, r: number) =>
      BigInt(arrowOf(join(out, `steps/point=000${p}/run=0000${r}.arrow`)).numRows);
    expect(steps).toEqual(
      [0, 1].flatMap((p) =>
        [0, 1, 2].map((r) => ({ point: p, run: r, t: "INTEGER", n: rows(p, r) })),
      ),
    );
  });

  it("keeps the Arrow schema: units, descriptions and tokensim metadata come back", () => {
    const back = tableFromIPC(
      readParquet(readFileSync(join(out, "steps/point=0000/run=00000.parquet"))).intoIPCStream(),
    );
    const arrow = arrowOf(join(out, "steps/point=0000/run=00000.arrow"));
    const price = back.schema.fields.find((f) => f.name === "priceUsd")!;
    expect(price.metadata.get("unit")).toBe("USD/token");
    expect(back.schema.metadata.get("tokensim.scenario")).toBe(
      arrow.schema.metadata.get("tokensim.scenario"),
    );
  });

  it("refuses what it cannot export with one line and exit code 2", async () => {
    const empty = mkdtempSync(join(tmpdir(), "tokensim-parquet-empty-"));
    const missing = await cli("export", join(empty, "nope"));
    expect(missing.code).toBe(2);
    expect(missing.stderr).toMatch(/nope: no such file or folder/);
    const none = await cli("export", empty);
    expect(none.code).toBe(2);
    expect(none.stderr).toMatch(/holds no \.arrow file/);
    writeFileSync(join(empty, "broken.arrow"), "not arrow at all");
    const broken = await cli("export", empty);
    expect(broken.code).toBe(2);
    expect(broken.stderr).toMatch(/broken\.arrow: not a readable Arrow file/);
    expect(broken.stderr.trim().split("\n")).toHaveLength(1);
    expect((await cli("export", empty, "--format", "csv")).stderr).toMatch(/only 'parquet'/);
  });
  it("follows no symbolic link: a linked file or folder is skipped, nothing is written outside", async () => {
    const outside = mkdtempSync(join(tmpdir(), "tokensim-parquet-outside-"));
    copyFileSync(join(out, "runs.arrow"), join(outside, "secret.arrow"));
    const dir = mkdtempSync(join(tmpdir(), "tokensim-parquet-links-"));
    copyFileSync(join(out, "sweep.arrow"), join(dir, "own.arrow"));
    symlinkSync(join(outside, "secret.arrow"), join(dir, "linked.arrow"));
    symlinkSync(outside, join(dir, "linked-folder"));
    const r = await cli("export", dir, "--quiet");
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/exported 1 file\(s\)/);
    expect(readdirSync(outside)).toEqual(["secret.arrow"]);
    expect(readdirSync(dir).sort()).toEqual([
      "linked-folder",
      "linked.arrow",
      "own.arrow",
      "own.parquet",
    ]);
  });
});
