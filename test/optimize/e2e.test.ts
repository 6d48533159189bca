import { mkdtempSync, readdirSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { tableFromIPC } from "apache-arrow";
import { describe, expect, it } from "vitest";
import { runStudy } from "../../engine/optimize/study.ts";
import { inThreadRunExecutor } from "../../engine/sweep/inThread.ts";
import { createExecutor } from "../../workers/executor.ts";

const tmp = () => mkdtempSync(join(tmpdir(), "tokensim-optimize-e2e-"));

/** Every file of a folder, by relative path, as base64. */
function files(dir: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const f of readdirSync(dir, { recursive: true, withFileTypes: true }))
    if (f.isFile())
      out[join(f.parentPath, f.name).slice(dir.length)] = readFileSync(
        join(f.parentPath, f.name),
      ).toString("base64");
  return out;
}

/** A tiny study of the bundled baseline: 50 providers, two days, three generations of six. */
const request = {
  scenario: "baseline",
  sets: ["sim.steps=48", "providers.initial=50", "providers.maxTotal=100"],
  ranges: ["emission.tokensPerEpoch=5000:80000:log", "economics.exitPatienceEpochs=1:5"],
  objectives: ["max:mean(priceEndUsd)"],
  constraints: ["mean(activeRatioEnd)>0.9"],
  budget: 36,
  runs: 2,
  maxRuns: 4,
  finalRuns: 3,
  seed: 3,
};

async function onWorkers(workers: number, out: string) {
  const ex = await createExecutor({ workers });
  try {
    return await runStudy(request, { out, executor: ex.run, concurrency: ex.concurrency });
  } finally {
    await ex.close();
  }
}

describe("tokensim optimize on the baseline scenario", () => {
  it("writes the same study files on 1 and 2 worker threads, and in this thread after a resume", async () => {
    const one = tmp();
    const two = tmp();
    const r = (await onWorkers(1, one))!;
    await onWorkers(2, two);
    expect(files(two)).toEqual(files(one));

    // Stopped after the first generation, then resumed in this thread: the same files again.
    const resumed = tmp();
    const stop = new AbortController();
    const opts = {
      out: resumed,
      executor: inThreadRunExecutor,
      signal: stop.signal,
      onGeneration: () => stop.abort(),
    };
    expect(await runStudy(request, opts)).toBeUndefined();
    await runStudy(request, { out: resumed, executor: inThreadRunExecutor, resume: true });
    expect(files(resumed)).toEqual(files(one));

    // The output's shape.
    expect(r.settings).toMatchObject({ algorithm: "cma-es", population: 6, budget: 36, seed: 3 });
    expect(r.runs.search).toBeLessThanOrEqual(36);
    const rec = r.recommended!;
    expect(Object.keys(rec.parameters)).toEqual([
      "emission.tokensPerEpoch",
      "economics.exitPatienceEpochs",
    ]);
    expect(Number.isInteger(rec.parameters["economics.exitPatienceEpochs"])).toBe(true);
    expect(rec.runs).toBe(3);
    expect(rec.objectives[0]).toMatchObject({ spec: "max:mean(priceEndUsd)", method: "bootstrap" });
    expect(rec.constraints[0]!.spec).toBe("mean(activeRatioEnd)>0.9");
    const json = JSON.parse(readFileSync(join(one, "optimize.json"), "utf8"));
    expect(json.format).toBe("tokensim-optimize-result/1");
    const h = tableFromIPC(readFileSync(join(one, "history.arrow")));
    expect(h.numRows).toBe(r.generations * 6 + r.finalists.length);
    expect(h.schema.fields.map((f) => f.name)).toEqual(
      expect.arrayContaining([
        "generation",
        "emission.tokensPerEpoch",
        "objective1",
        "constraint1Upper",
        "runs",
      ]),
    );
  }, 300_000);
});
