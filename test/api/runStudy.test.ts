/**
 * `runStudy` from `tokensim/run` (api/run.ts, the package's `./run` entry): a
 * real study in this thread and on a worker thread gives the same files; a
 * given executor is used as is.
 */
import { mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { type OptimizeResult, runStudy, type StudyRequest } from "../../api/run.ts";
import { fakeExecutor, paramOf } from "../optimize/fakeExecutor.ts";

const tmp = () => mkdtempSync(join(tmpdir(), "tokensim-api-study-"));

const REQUEST: StudyRequest = {
  scenario: "baseline",
  ranges: ["emission.tokensPerEpoch=5000:80000:log"],
  objectives: ["max:median(priceEndUsd)"],
  sets: ["sim.steps=24", "providers.initial=20"],
  budget: 12,
  runs: 2,
  maxRuns: 2,
  finalRuns: 2,
  seed: 7,
};

describe("runStudy from tokensim/run", () => {
  it("runs a study in this thread and on a worker thread to the same files", async () => {
    const [a, b] = [tmp(), tmp()];
    const inThread = await runStudy(REQUEST, { out: a, workers: 0 });
    const pooled = await runStudy(REQUEST, { out: b, workers: 1 });
    expect(inThread).toBeDefined();
    const r = inThread as OptimizeResult;
    expect(r.format).toBe("tokensim-optimize-result/1");
    expect(r.settings.algorithm).toBe("cma-es");
    expect(r.runs.search).toBeLessThanOrEqual(12);
    const v = r.recommended!.parameters["emission.tokensPerEpoch"] as number;
    expect(v).toBeGreaterThanOrEqual(5000);
    expect(v).toBeLessThanOrEqual(80000);
    expect(JSON.parse(readFileSync(join(a, "optimize.json"), "utf8"))).toEqual(
      JSON.parse(JSON.stringify(r)),
    );
    for (const f of ["optimize.json", "history.arrow", "study.json"])
      expect(readFileSync(join(b, f)).equals(readFileSync(join(a, f))), f).toBe(true);
    expect(pooled?.recommended).toEqual(r.recommended);
  }, 120_000);

  it("uses a given executor: a known optimum is found without a simulation", async () => {
    // The 'price' peaks at tokensPerEpoch = 20000 (log scale), with no noise.
    const exec = fakeExecutor((task) => ({
      priceEndUsd: -((Math.log(paramOf(task, "emission.tokensPerEpoch")) - Math.log(20000)) ** 2),
    }));
    const out = tmp();
    const r = await runStudy(
      { ...REQUEST, budget: 400, runs: 1, maxRuns: 1, finalRuns: 1 },
      { out, executor: exec, concurrency: 4 },
    );
    expect(exec.tasks.length).toBeGreaterThan(0);
    expect(exec.tasks.every((t) => t.kind === "sweepRun")).toBe(true);
    const best = r!.recommended!.parameters["emission.tokensPerEpoch"] as number;
    expect(Math.abs(Math.log(best / 20000))).toBeLessThan(0.05);
  }, 60_000);
});
