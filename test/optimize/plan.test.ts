import { existsSync, mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { planStudy, type StudyRequest } from "../../engine/optimize/plan.ts";
import { runStudy } from "../../engine/optimize/study.ts";
import type { RunTask } from "../../engine/sweep/task.ts";
import { fakeExecutor, paramOf } from "./fakeExecutor.ts";

const T = "emission.tokensPerEpoch";
const base: StudyRequest = {
  scenario: "baseline",
  ranges: [`${T}=0:100000`, "emission.pegRatio=0:10"],
  objectives: ["max:mean(priceEndUsd)"],
};
const tmp = () => join(mkdtempSync(join(tmpdir(), "tokensim-optimize-plan-")), "study");

describe("planning a study", () => {
  it("fills in the defaults: CMA-ES 4 + 3 ln n candidates, NSGA-II max(12, 4n)", async () => {
    const one = await planStudy(base);
    expect(one.settings).toMatchObject({
      algorithm: "cma-es",
      population: 6,
      runs: 8,
      batchRuns: 8,
      maxRuns: 32,
      finalRuns: 64,
      budget: 600,
      confidence: 0.95,
      seed: 42,
    });
    const two = await planStudy({
      ...base,
      objectives: [...base.objectives, "min:P(spiralled>0)"],
    });
    expect(two.settings).toMatchObject({ algorithm: "nsga-ii", population: 12 });
    const integer = await planStudy({ ...base, ranges: ["sim.epochSteps=2:30"] });
    expect(integer.settings.ranges[0]).toMatchObject({ key: "sim.epochSteps", integer: true });
  });

  it("refuses what cannot run, before any run, with the reason", async () => {
    const bad: [Partial<StudyRequest>, RegExp][] = [
      [{ budget: 10 }, /budget 10 runs is too small for one generation: 6 candidates × 8 runs/],
      [
        { objectives: ["min:mean(priceEndUsd)", "min:P(spiralled>0)"], population: 13 },
        /NSGA-II needs an even population \(got 13\)/,
      ],
      [{ population: 1 }, /CMA-ES needs a population of 2 or more/],
      [{ runs: 8, maxRuns: 4 }, /max-runs \(4\) is below runs \(8\)/],
      [{ runs: 0 }, /runs must be a positive integer \(got 0\)/],
      [{ seed: -1 }, /seed must be a non-negative integer/],
      [{ confidence: 1 }, /confidence must be in \(0, 1\)/],
      [{ objectives: [] }, /give at least one --objective/],
      [{ ranges: [] }, /give at least one --range/],
      [{ ranges: ["demand.burstMode=0:1"] }, /--range demand.burstMode: not a numeric parameter/],
      [{ ranges: [`${T}=0:1`, `${T}=2:3`] }, /given twice/],
      [{ sets: [`${T}=5`] }, /--range emission.tokensPerEpoch: also fixed by --set/],
      [{ ranges: ["sim.epochSteps=1.2:1.8"] }, /no integer between 1.2 and 1.8/],
      [{ ranges: ["providers.cheaterShare=0:2"] }, /--range providers.cheaterShare: bound 2: /],
    ];
    for (const [change, message] of bad)
      await expect(planStudy({ ...base, ...change })).rejects.toThrow(message);
  });
});

describe("running a study's candidates", () => {
  const request: StudyRequest = { ...base, budget: 24, runs: 2, finalRuns: 2, seed: 1 };

  it("retries a run whose worker was lost (twice), and fails on the third loss", async () => {
    const lost = new Set<string>();
    const inner = fakeExecutor((t) => ({ priceEndUsd: paramOf(t, T) }));
    const flaky = async (task: RunTask) => {
      const id = `${task.seed}/${task.point}/${task.run}`;
      if (!lost.has(id)) {
        lost.add(id);
        throw new Error("worker exited");
      }
      return inner(task);
    };
    const r = await runStudy(request, { out: tmp(), executor: flaky });
    expect(r?.recommended).not.toBeNull();
    const dead = async () => {
      throw new Error("worker exited");
    };
    await expect(runStudy(request, { out: tmp(), executor: dead })).rejects.toThrow(
      /worker exited/,
    );
  });

  it("names the run and its overrides when a run could not run", async () => {
    const broken = async (task: RunTask) => ({
      record: {
        point: task.point,
        run: task.run,
        seed: task.seed,
        status: "error" as const,
        message: "boom",
        sets: task.sets,
        stepsCompleted: 0,
        headline: null as never,
        deathSpirals: [],
      },
      steps: null,
    });
    await expect(runStudy(request, { out: tmp(), executor: broken })).rejects.toThrow(
      /run 0 \(seed \d+\) with .*emission.tokensPerEpoch=.* could not run: boom/,
    );
  });

  it("stops in the final re-evaluation and resumes it to the same result", async () => {
    const exec = fakeExecutor((t) => ({ priceEndUsd: paramOf(t, T) }));
    const whole = await runStudy(request, { out: tmp(), executor: exec });
    const out = tmp();
    const stop = new AbortController();
    let runs = 0;
    const stopped = await runStudy(request, {
      out,
      executor: exec,
      signal: stop.signal,
      // Stop once the search's runs are done, in the final re-evaluation.
      onProgress: () => {
        if (++runs > whole!.runs.search + 2) stop.abort();
      },
    });
    expect(stopped).toBeUndefined();
    expect(existsSync(join(out, "generations", "g0000.json"))).toBe(true);
    expect(existsSync(join(out, "generations", "final.json"))).toBe(false);
    const resumed = await runStudy(request, { out, executor: exec, resume: true });
    expect(resumed).toEqual(whole);
  });
});
