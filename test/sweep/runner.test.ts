import { spawnSync } from "node:child_process";
import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  symlinkSync,
  writeFileSync,
} from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { tableFromIPC } from "apache-arrow";
import { sampleStandardDeviation } from "simple-statistics";
import { afterAll, describe, expect, it } from "vitest";
import { inThreadRunExecutor } from "../../engine/sweep/inThread.ts";
import { mergeSweeps } from "../../engine/sweep/merge.ts";
import type { SweepRequest } from "../../engine/sweep/plan.ts";
import { type RunExecutor, runSweep, SweepError } from "../../engine/sweep/runner.ts";
import { readRunRecords } from "../../engine/sweep/tables.ts";
import { createPool, poolRunExecutor } from "../../workers/pool.ts";
import { dirBytes } from "./dirBytes.ts";

const FLAKY = "test/fixtures/sweep/flaky.ts";
const root = mkdtempSync(join(tmpdir(), "tokensim-sweep-"));
const dir = (name: string) => join(root, name);
afterAll(() => rmSync(root, { recursive: true, force: true }));

/** 2 points x 3 runs of the small fixture; point 1 (sampleRate 0.6) fails deterministically. */
const REQ: SweepRequest = {
  scenario: FLAKY,
  runs: 3,
  grid: ["verification.sampleRate=0.05,0.6"],
  seed: 7,
};
const OK_REQ: SweepRequest = { ...REQ, grid: ["verification.sampleRate=0.02,0.05"] };

describe("sweep runner", () => {
  it("writes records, per-step Arrow and tables; failed runs are reported with seed and parameters", async () => {
    const out = dir("inthread");
    const o = await runSweep(REQ, { out, executor: inThreadRunExecutor });
    expect(o).toMatchObject({ total: 6, executed: 6, skipped: 0, interrupted: false });
    expect(o.failures.map((f) => [f.point, f.run, f.status])).toEqual([
      [1, 0, "failed"],
      [1, 1, "failed"],
      [1, 2, "failed"],
    ]);
    const failures = JSON.parse(readFileSync(join(out, "failures.json"), "utf8"));
    expect(failures[0]).toMatchObject({
      point: 1,
      run: 0,
      status: "failed",
      params: { "verification.sampleRate": 0.6 },
      sets: ["verification.sampleRate=0.6"],
    });
    expect(failures[0].message).toMatch(/supply-conservation/);
    expect(failures[0].seed).toBe(o.failures[0]!.seed);

    const runs = tableFromIPC(readFileSync(join(out, "runs.arrow")));
    expect(runs.numRows).toBe(6);
    expect([...runs.getChild("point")!]).toEqual([0, 0, 0, 1, 1, 1]);
    expect([...runs.getChild("param.verification.sampleRate")!]).toEqual([
      0.05, 0.05, 0.05, 0.6, 0.6, 0.6,
    ]);
    const seeds = [...runs.getChild("seed")!];
    expect(new Set(seeds).size).toBe(6);

    const sweep = tableFromIPC(readFileSync(join(out, "sweep.arrow")));
    expect(sweep.numRows).toBe(2);
    expect([...sweep.getChild("runs")!]).toEqual([3, 3]);
    expect([...sweep.getChild("failedRuns")!]).toEqual([0, 3]);
    const p50 = sweep.getChild("priceEndUsd_p50")!.get(0) as number;
    const prices = [...runs.getChild("priceEndUsd")!].slice(0, 3).sort((a, b) => a - b);
    expect(p50).toBeCloseTo(prices[1]!, 12);
    // No completed run at point 1: no statistic, as a null (not NaN).
    expect(sweep.getChild("priceEndUsd_p50")!.get(1)).toBeNull();
    expect(sweep.getChild("pDeathSpiral")!.get(1)).toBeNull();
    // The sd is the sample sd (n - 1), as data-frame libraries compute it.
    const sd = sweep.getChild("priceEndUsd_sd")!.get(0) as number;
    expect(sd).toBeCloseTo(sampleStandardDeviation(prices), 12);
    // Integer seeds; every field with a unit and a description; the table's metadata.
    expect(runs.schema.fields.find((f) => f.name === "seed")!.type.toString()).toBe("Uint32");
    expect(runs.getChild("firstSpiralStep")!.type.toString()).toBe("Int32");
    for (const t of [runs, sweep])
      for (const f of t.schema.fields) {
        expect(f.metadata.get("unit"), f.name).toBeTruthy();
        expect(f.metadata.get("description"), f.name).toBeTruthy();
      }
    expect(sweep.schema.metadata.get("tokensim.sdEstimator")).toMatch(/n - 1/);
    expect(runs.schema.metadata.get("tokensim.table")).toBe("runs");
    expect(sweep.schema.fields.find((f) => f.name === "priceEndUsd_p50")!.nullable).toBe(true);

    const steps = tableFromIPC(readFileSync(join(out, "steps/point=0001/run=00002.arrow")));
    expect(new Set(steps.getChild("point")!.toArray())).toEqual(new Set([1]));
    expect(new Set(steps.getChild("run")!.toArray())).toEqual(new Set([2]));
    // Rows up to and including the step at which the audit caught the fault.
    const last = steps.getChild("step")!.get(steps.numRows - 1) as number;
    expect(steps.numRows).toBe(last + 1);
    expect(last).toBeGreaterThanOrEqual(20);
    expect(failures[2].message).toContain(`at step ${last}`);
  });

  it("gives the same bytes in this thread and on a pool of 1 or 2 workers", async () => {
    const ref = dir("ref");
    await runSweep(OK_REQ, { out: ref, executor: inThreadRunExecutor });
    for (const workers of [1, 2]) {
      const pool = createPool(workers);
      try {
        const out = dir(`pool${workers}`);
        await runSweep(OK_REQ, { out, executor: poolRunExecutor(pool), concurrency: 4 });
        expect(dirBytes(out)).toEqual(dirBytes(ref));
      } finally {
        await pool.destroy();
      }
    }
  });

  it("resumes an interrupted sweep, skipping completed runs, to the same bytes", async () => {
    const out = dir("resumed");
    const controller = new AbortController();
    const first = await runSweep(OK_REQ, {
      out,
      executor: inThreadRunExecutor,
      concurrency: 1,
      signal: controller.signal,
      onProgress: (done) => {
        if (done === 2) controller.abort();
      },
    });
    expect(first).toMatchObject({ interrupted: true, executed: 2 });
    expect(existsSync(join(out, "runs.arrow"))).toBe(false);
    await expect(runSweep(OK_REQ, { out, executor: inThreadRunExecutor })).rejects.toThrow(
      /--resume/,
    );
    const seen: string[] = [];
    const second = await runSweep(OK_REQ, {
      out,
      resume: true,
      executor: (t) => {
        seen.push(`${t.point}/${t.run}`);
        return inThreadRunExecutor(t);
      },
    });
    expect(second).toMatchObject({ interrupted: false, skipped: 2, executed: 4 });
    expect(seen).toEqual(["0/2", "1/0", "1/1", "1/2"]);
    expect(dirBytes(out)).toEqual(dirBytes(dir("ref")));
  });

  it("refuses to resume a different sweep, naming what differs", async () => {
    await expect(
      runSweep(
        { ...OK_REQ, seed: 8 },
        { out: dir("resumed"), resume: true, executor: inThreadRunExecutor },
      ),
    ).rejects.toThrow(/rootSeed/);
  });

  it("retries a run whose executor was lost, and records an error after the last attempt", async () => {
    let lost = 0;
    const flaky: RunExecutor = (t) =>
      t.point === 0 && t.run === 1 && lost++ < 2
        ? Promise.reject(new Error("worker exited"))
        : inThreadRunExecutor(t);
    const out = dir("retried");
    const retries: number[] = [];
    const o = await runSweep(OK_REQ, {
      out,
      executor: flaky,
      onRetry: (_t, _e, attempt) => retries.push(attempt),
    });
    expect(retries).toEqual([1, 2]);
    expect(o.failures).toEqual([]);
    expect(dirBytes(out)).toEqual(dirBytes(dir("ref")));

    const dead: RunExecutor = (t) =>
      t.run === 0 ? Promise.reject(new Error("worker exited")) : inThreadRunExecutor(t);
    const o2 = await runSweep(OK_REQ, { out: dir("dead"), executor: dead, maxAttempts: 2 });
    expect(o2.failures.map((f) => [f.point, f.run, f.status])).toEqual([
      [0, 0, "error"],
      [1, 0, "error"],
    ]);
    expect(o2.failures[0]!.message).toMatch(/lost 2 times.*worker exited/);
  });

  it("retries a run whose worker thread really died", async () => {
    const marker = join(root, "crash-marker");
    process.env.TOKENSIM_TEST_CRASH_MARKER = marker;
    const pool = createPool(2);
    try {
      const retried: string[] = [];
      const out = dir("killed");
      const o = await runSweep(OK_REQ, {
        out,
        executor: poolRunExecutor(pool),
        concurrency: 4,
        onRetry: (t) => retried.push(`${t.point}/${t.run}`),
      });
      expect(existsSync(marker)).toBe(true);
      expect(retried).toHaveLength(1);
      expect(o.failures).toEqual([]);
      expect(dirBytes(out)).toEqual(dirBytes(dir("ref")));
    } finally {
      delete process.env.TOKENSIM_TEST_CRASH_MARKER;
      await pool.destroy();
    }
  });

  it("reruns a run whose record was damaged on --resume, and names a damaged record it reads", async () => {
    const out = dir("damaged");
    await runSweep(OK_REQ, { out, executor: inThreadRunExecutor });
    const record = join(out, "summaries", readdirSync(join(out, "summaries"))[0]!);
    writeFileSync(record, '{"point":');
    expect(() => readRunRecords(out)).toThrow(/summaries\/p0000-r00000\.json: damaged run record/);
    const again = await runSweep(OK_REQ, { out, executor: inThreadRunExecutor, resume: true });
    expect(again.executed).toBe(1);
    expect(dirBytes(out)).toEqual(dirBytes(dir("ref")));
  });

  it("shards merge into exactly the unsharded sweep", async () => {
    const shards = [0, 1, 2].map((i) => dir(`shard${i}`));
    for (const [i, out] of shards.entries())
      await runSweep(OK_REQ, { out, executor: inThreadRunExecutor, shard: { index: i, count: 3 } });
    const merged = dir("merged");
    const m = mergeSweeps(shards, merged);
    expect(m).toMatchObject({ runs: 6, missing: [] });
    expect(dirBytes(merged)).toEqual(dirBytes(dir("ref")));
    const partial = dir("partial");
    expect(mergeSweeps(shards.slice(0, 2), partial).missing).toHaveLength(2);
    // Nothing that looks finished while runs are missing: no tables, the list instead.
    expect(existsSync(join(partial, "runs.arrow"))).toBe(false);
    expect(existsSync(join(partial, "sweep.arrow"))).toBe(false);
    expect(JSON.parse(readFileSync(join(partial, "missing.json"), "utf8"))).toHaveLength(2);
    // The missing shard merged in completes it, to the same bytes.
    expect(mergeSweeps([partial, shards[2]!], partial).missing).toEqual([]);
    expect(existsSync(join(partial, "missing.json"))).toBe(false);
    expect(dirBytes(partial)).toEqual(dirBytes(dir("ref")));
    expect(() => mergeSweeps([dir("ref"), dir("inthread")], dir("x"))).toThrow(SweepError);
  });

  it("checks every point's parameters before running anything", async () => {
    const out = dir("bad");
    await expect(
      runSweep(
        { ...OK_REQ, grid: ["verification.sampleRate=0.05,7"] },
        { out, executor: inThreadRunExecutor },
      ),
    ).rejects.toThrow(/point 1 \(verification.sampleRate=7\)/);
    expect(existsSync(out)).toBe(false);
  });
  it("removes temp files of dead processes (and of its own lost runs), not a live process's", async () => {
    const out = dir("temps");
    await runSweep(OK_REQ, { out, executor: inThreadRunExecutor });
    const dead = spawnSync(process.execPath, ["-e", ""]).pid!;
    const stepsDir = join(out, "steps", "point=0000");
    const stale = [
      join(stepsDir, `run=00009.arrow.tmp-${dead}`),
      join(out, "summaries", `p0000-r00009.json.tmp-${dead}`),
    ];
    const live = join(stepsDir, `run=00008.arrow.tmp-${process.ppid}`);
    for (const f of [...stale, live]) writeFileSync(f, "partial");
    await runSweep(OK_REQ, { out, resume: true, executor: inThreadRunExecutor });
    expect(stale.filter(existsSync)).toEqual([]);
    expect(existsSync(live)).toBe(true);
    rmSync(live);

    // A run lost for good: its executor (one that writes files) left a temp file each time.
    const lost = dir("lost");
    const executor: RunExecutor = Object.assign(
      async (t: Parameters<RunExecutor>[0]) => {
        if (t.point === 0 && t.run === 1) {
          writeFileSync(`${t.stepsFile}.tmp-${process.pid}`, "partial");
          throw new Error("worker died");
        }
        return inThreadRunExecutor(t);
      },
      { writesFiles: true },
    );
    const o = await runSweep(OK_REQ, { out: lost, executor, maxAttempts: 2 });
    expect(o.failures.map((f) => [f.point, f.run, f.status])).toEqual([[0, 1, "error"]]);
    expect(readdirSync(join(lost, "steps", "point=0000")).sort()).toEqual([
      "run=00000.arrow",
      "run=00002.arrow",
    ]);
  });
  it("stops on a full disk with one error, keeps the runs done and no temp file, and resumes to the same bytes", async () => {
    const out = dir("full");
    // Run 1's Arrow file goes to /dev/full, where every write fails with ENOSPC.
    const stepsDir = join(out, "steps", "point=0000");
    mkdirSync(stepsDir, { recursive: true });
    symlinkSync("/dev/full", join(stepsDir, `run=00001.arrow.tmp-${process.pid}`));
    const run = runSweep(OK_REQ, { out, executor: inThreadRunExecutor, concurrency: 1 });
    await expect(run).rejects.toThrow(SweepError);
    await expect(run).rejects.toThrow(/ENOSPC.*The 1 runs complete so far are kept.*--resume/);
    const files = (d: string) => readdirSync(d).sort();
    expect(files(stepsDir)).toEqual(["run=00000.arrow"]);
    expect(files(join(out, "summaries"))).toEqual(["p0000-r00000.json"]);
    expect(existsSync(join(out, "runs.arrow"))).toBe(false);
    const o = await runSweep(OK_REQ, { out, resume: true, executor: inThreadRunExecutor });
    expect(o).toMatchObject({ skipped: 1, executed: 5, interrupted: false });
    expect(dirBytes(out)).toEqual(dirBytes(dir("ref")));
  });
  it("neither retries nor records a run its executor drops after an interrupt", async () => {
    const out = dir("dropped");
    const controller = new AbortController();
    let calls = 0;
    const executor: RunExecutor = async (t) => {
      calls++;
      if (t.run === 0 && t.point === 0) return inThreadRunExecutor(t);
      controller.abort();
      throw new Error("removed from the queue");
    };
    const o = await runSweep(OK_REQ, { out, executor, concurrency: 1, signal: controller.signal });
    expect(o).toMatchObject({ interrupted: true, executed: 1 });
    expect(calls).toBe(2);
    expect(readdirSync(join(out, "summaries"))).toEqual(["p0000-r00000.json"]);
  });
  it("refuses to write a sweep into a single run's folder", async () => {
    const out = dir("single");
    mkdirSync(out, { recursive: true });
    writeFileSync(join(out, "summary.json"), "{}");
    await expect(runSweep(OK_REQ, { out, executor: inThreadRunExecutor })).rejects.toThrow(
      /holds a single run's result .* choose another --out/,
    );
    expect(readdirSync(out)).toEqual(["summary.json"]);
  });
});
