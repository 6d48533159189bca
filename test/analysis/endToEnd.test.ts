import { existsSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { tableFromIPC } from "apache-arrow";
import { afterAll, describe, expect, it } from "vitest";
import { analyzeSweep } from "../../engine/analysis/sweepAnalysis.ts";
import { inThreadRunExecutor } from "../../engine/sweep/inThread.ts";
import { readManifest } from "../../engine/sweep/manifest.ts";
import { mergeSweeps } from "../../engine/sweep/merge.ts";
import type { SweepRequest } from "../../engine/sweep/plan.ts";
import { runSweep } from "../../engine/sweep/runner.ts";
import { createPool, poolRunExecutor } from "../../workers/pool.ts";
import { cli } from "../cli/inProcess.ts";
import { dirBytes } from "../sweep/dirBytes.ts";

const FLAKY = "test/fixtures/sweep/flaky.ts";
const root = mkdtempSync(join(tmpdir(), "tokensim-design-"));
const dir = (name: string) => join(root, name);
afterAll(() => rmSync(root, { recursive: true, force: true }), 60_000);

const RANGES = [
  "emission.tokensPerEpoch=10000:80000",
  "demand.baseGpuHoursPerHour=1000:9000:log",
  "emission.policy=fixed|halving|decay",
  "providers.initial=40:120",
];
/** A Saltelli design of 4 parameters (one log, one categorical, one integer), N = 4: 24 points of 1 run of 24 steps. */
const REQ: SweepRequest = {
  scenario: FLAKY,
  runs: 1,
  seed: 11,
  sets: ["sim.steps=24"],
  recordEvery: 6,
  design: { method: "saltelli", samples: 4, ranges: RANGES },
};

describe("design -> sweep -> analyze", () => {
  it("runs a Saltelli design as ordinary points: same bytes in this thread and on 1 and 2 workers", async () => {
    const ref = dir("ref");
    const o = await runSweep(REQ, { out: ref, executor: inThreadRunExecutor });
    expect(o).toMatchObject({ total: 24, executed: 24, interrupted: false });
    expect(o.failures).toEqual([]);
    const m = readManifest(ref)!;
    expect(m.design).toMatchObject({ method: "saltelli", samples: 4 });
    expect(m.design!.ranges.map((r) => r.key)).toEqual(RANGES.map((r) => r.split("=")[0]));
    expect(m.design!.ranges[3]).toMatchObject({ integer: true });
    expect(typeof m.design!.designSeed).toBe("number");
    expect(m.grid).toEqual([]);
    expect(m.zip.map((a) => a.values.length)).toEqual([24, 24, 24, 24]);
    const runs = tableFromIPC(readFileSync(join(ref, "runs.arrow")));
    expect(runs.numRows).toBe(24);
    expect(new Set([...runs.getChild("param.emission.policy")!])).toEqual(
      new Set(["fixed", "halving", "decay"]),
    );
    for (const v of runs.getChild("param.providers.initial")!)
      expect(Number.isInteger(v)).toBe(true);
    for (const workers of [1, 2]) {
      const pool = createPool(workers);
      try {
        const out = dir(`pool${workers}`);
        await runSweep(REQ, { out, executor: poolRunExecutor(pool), concurrency: 4 });
        expect(dirBytes(out)).toEqual(dirBytes(ref));
      } finally {
        await pool.destroy();
      }
    }
  }, 120_000);

  it("resumes an interrupted design sweep and merges its shards, to the same bytes", async () => {
    const out = dir("resumed");
    const controller = new AbortController();
    const pool = createPool(2);
    try {
      const first = await runSweep(REQ, {
        out,
        executor: poolRunExecutor(pool),
        concurrency: 2,
        signal: controller.signal,
        onProgress: (done) => {
          if (done >= 5) controller.abort();
        },
      });
      expect(first.interrupted).toBe(true);
      expect(first.executed).toBeLessThan(24);
      expect(existsSync(join(out, "runs.arrow"))).toBe(false);
      const second = await runSweep(REQ, { out, resume: true, executor: poolRunExecutor(pool) });
      expect(second).toMatchObject({ interrupted: false, skipped: first.executed });
      expect(second.executed).toBe(24 - first.executed);
    } finally {
      await pool.destroy();
    }
    expect(dirBytes(out)).toEqual(dirBytes(dir("ref")));
    const shards = [dir("shard0"), dir("shard1")];
    for (const [index, o] of shards.entries()) {
      const s = await runSweep(REQ, {
        out: o,
        executor: inThreadRunExecutor,
        shard: { index, count: 2 },
      });
      expect(s.total).toBe(12);
    }
    const merged = mergeSweeps(shards, dir("merged"));
    expect(merged.missing).toEqual([]);
    expect(dirBytes(dir("merged"))).toEqual(dirBytes(dir("ref")));
  }, 120_000);

  it("writes analysis.json with indices, intervals and a convergence verdict per outcome, the same bytes for every executor", async () => {
    const a = await analyzeSweep(dir("ref"), { resamples: 50 });
    expect(a).toMatchObject({
      format: "tokensim-analysis/1",
      scenario: "flaky",
      method: "saltelli",
      samples: 4,
      parameters: RANGES.map((r) => r.split("=")[0]),
      runsPerPoint: 1,
      bootstrap: { resamples: 50, confidence: 0.95, seed: 11 },
    });
    expect(a.outcomes.map((o) => o.name)).toEqual(["pSpiral", "priceEndUsd", "providersActiveEnd"]);
    const price = a.outcomes[1]!.sobol!;
    expect(price.indices).toHaveLength(4);
    for (const ix of price.indices)
      for (const k of ["S1", "S1Low", "S1High", "ST", "STLow", "STHigh"] as const)
        expect(Number.isFinite(ix[k])).toBe(true);
    expect(price.convergence!.converged).toBe(false); // N = 4 is far too small
    expect(price.convergence!.message).toMatch(/^N=4 too small/);
    const bytes = readFileSync(join(dir("ref"), "analysis.json"));
    JSON.parse(bytes.toString()); // valid JSON (NaN written as null)
    await analyzeSweep(dir("pool2"), { resamples: 50 });
    expect(readFileSync(join(dir("pool2"), "analysis.json"))).toEqual(bytes);
    const arrow = readFileSync(join(dir("ref"), "analysis.arrow"));
    expect(readFileSync(join(dir("pool2"), "analysis.arrow"))).toEqual(arrow);
    const t = tableFromIPC(arrow);
    expect(t.numRows).toBe(3 * 4);
    expect(t.schema.fields.map((f) => f.name)).toEqual([
      "outcome",
      "parameter",
      "S1",
      "S1Low",
      "S1High",
      "ST",
      "STLow",
      "STHigh",
    ]);
    // Row k: outcome k / 4, parameter k % 4; a constant outcome's indices are null.
    for (const [i, o] of a.outcomes.entries())
      for (const [j, ix] of o.sobol!.indices.entries()) {
        expect(t.getChild("parameter")!.get(4 * i + j)).toBe(ix.parameter);
        expect(t.getChild("ST")!.get(4 * i + j)).toBe(Number.isFinite(ix.ST) ? ix.ST : null);
      }
  });

  it("analyses check outcomes: built-in ones from the run records, the scenario's from per-step columns", async () => {
    const builtIn = await analyzeSweep(dir("ref"), {
      outcomes: ["activeRatioEnd", "spiralled", "pSpiral"],
      resamples: 20,
    });
    const [ratio, spiralled, pSpiral] = builtIn.outcomes;
    for (const ix of ratio!.sobol!.indices) expect(Number.isFinite(ix.ST)).toBe(true);
    // spiralled (0/1 per run) averaged over a point's runs is P(spiral).
    expect(spiralled!.sobol).toEqual(pSpiral!.sobol);

    const withChecks = "test/analysis/fixtures/withChecks.ts";
    const small: SweepRequest = {
      scenario: withChecks,
      runs: 2,
      seed: 5,
      sets: ["sim.steps=24"],
      design: { method: "saltelli", samples: 2, ranges: RANGES.slice(0, 2) },
    };
    const out = dir("checks");
    await runSweep(small, { out, executor: inThreadRunExecutor });
    const a = await analyzeSweep(out, { outcomes: ["meanPriceUsd"], resamples: 20 });
    expect(a.outcomes[0]!.name).toBe("meanPriceUsd");
    expect(a.outcomes[0]!.sobol!.variance).toBeGreaterThan(0);
    for (const [name, extra] of [
      ["sparse", { recordEvery: 2 }],
      ["noSteps", { keepSteps: false }],
    ] as const) {
      await runSweep({ ...small, ...extra }, { out: dir(name), executor: inThreadRunExecutor });
      await expect(analyzeSweep(dir(name), { outcomes: ["meanPriceUsd"] })).rejects.toThrow(
        name === "sparse" ? /every 2 steps only; rerun it with --record-every 1/ : /--no-steps/,
      );
    }
    await expect(analyzeSweep(out, { outcomes: ["nope"] })).rejects.toThrow(
      /--outcome nope: not in runs.arrow nor a check outcome of the scenario; choose from pSpiral, .*activeRatioEnd, priceRatioEnd, spiralled, meanPriceUsd$/,
    );
  }, 120_000);

  it("refuses to resume a design sweep with other samples, naming the difference", async () => {
    await expect(
      runSweep(
        { ...REQ, design: { ...REQ.design!, samples: 8 } },
        { out: dir("ref"), executor: inThreadRunExecutor, resume: true },
      ),
    ).rejects.toThrow(/holds a different sweep \(.*design.*\)/);
  });

  it("tokensim sweep --design morris, then tokensim analyze prints mu* and writes analysis.json", async () => {
    const out = dir("morris");
    const s = await cli(
      "sweep",
      FLAKY,
      "--design",
      "morris",
      "--samples",
      "3",
      "--candidates",
      "6",
      "--range",
      "emission.tokensPerEpoch=10000:80000",
      "--range",
      "emission.policy=fixed,decay",
      "--runs",
      "1",
      "--steps",
      "24",
      "--no-steps",
      "--workers",
      "0",
      "--quiet",
      "--out",
      out,
    );
    expect(s.code).toBe(0);
    expect(readManifest(out)!.points).toHaveLength(3 * 3);
    const r = await cli("analyze", out, "--outcome", "priceEndUsd", "--bootstrap", "50");
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/morris analysis of flaky: 2 parameters, r=3/);
    expect(r.stdout).toMatch(/parameter\s+mu\s+mu\*\s+mu\* interval\s+sigma/);
    const a = JSON.parse(readFileSync(join(out, "analysis.json"), "utf8"));
    expect(a.outcomes[0].morris.map((e: { parameter: string }) => e.parameter)).toEqual([
      "emission.tokensPerEpoch",
      "emission.policy",
    ]);
    expect(Object.keys(a.outcomes[0].morris[0]).sort()).toEqual([
      "mu",
      "muStar",
      "muStarHigh",
      "muStarLow",
      "parameter",
      "sigma",
    ]);
  });

  it("tokensim analyze of a saltelli sweep prints S1 and ST with intervals, and warns on stderr that N is too small", async () => {
    const r = await cli("analyze", dir("pool1"), "--bootstrap", "20", "--outcome", "priceEndUsd");
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/saltelli analysis of flaky: 4 parameters, N=4, 1 run\(s\) per point/);
    expect(r.stdout).toMatch(/parameter\s+S1\s+S1 interval\s+ST\s+ST interval/);
    expect(r.stdout).toMatch(/N=4 too small/);
    expect(r.stderr).toMatch(
      /^warning: N=4 base rows are too few for priceEndUsd: widest interval .*; try --samples \d+\n$/,
    );
    const json = await cli("analyze", dir("pool1"), "--bootstrap", "20", "--json");
    expect(JSON.parse(json.stdout).format).toBe("tokensim-analysis/1");
  });

  it("rejects bad designs with exit 2 and one line", async () => {
    const bad = async (...args: string[]) => {
      const r = await cli("sweep", FLAKY, "--out", dir("bad"), "--workers", "0", ...args);
      expect(r.code).toBe(2);
      return r.stderr.trim();
    };
    const sal = ["--design", "saltelli"];
    expect(await bad(...sal, "--range", "emission.tokensPerEpoch=5:1")).toMatch(
      /lo must be below hi/,
    );
    expect(await bad(...sal, "--range", "emission.tokensPerEpoch=0:1:log")).toMatch(
      /a log range needs lo > 0/,
    );
    expect(await bad(...sal, "--range", "emission.tokensPerEpok=1:2")).toMatch(
      /unknown parameter. Did you mean: emission.tokensPerEpoch/,
    );
    expect(
      await bad(
        ...sal,
        "--range",
        "emission.tokensPerEpoch=1:2",
        "--grid",
        "emission.tokensPerEpoch=1,2",
      ),
    ).toMatch(/--range emission.tokensPerEpoch: also swept by --grid\/--zip; drop one/);
    expect(
      await bad(
        ...sal,
        "--range",
        "emission.tokensPerEpoch=1:2",
        "--grid",
        "providers.initial=10,20",
      ),
    ).toMatch(/does not combine with --grid/);
    expect(await bad("--range", "emission.tokensPerEpoch=1:2")).toMatch(/--range needs --design/);
    expect(await bad("--design", "latin")).toMatch(/--design latin: expected grid, zip, lhs/);
    expect(await bad(...sal)).toMatch(/at least one --range/);
    for (const line of [await bad(...sal, "--range", "x=2:1")])
      expect(line.split("\n")).toHaveLength(1);
    const g = await cli("analyze", dir("pool1"), "--outcome", "nope");
    expect(g.code).toBe(2);
    expect(g.stderr).toMatch(
      /--outcome nope: not in runs.arrow nor a check outcome of the scenario; choose from pSpiral, /,
    );
  });
});
