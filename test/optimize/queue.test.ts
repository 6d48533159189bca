import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import type { StudyRequest } from "../../engine/optimize/plan.ts";
import { runStudy } from "../../engine/optimize/study.ts";
import { startQueueWorker } from "../../workers/queue/consumer.ts";
import { createQueueExecutor } from "../../workers/queue/coordinator.ts";
import { cli } from "../cli/inProcess.ts";
import { redisSuite } from "../helpers/redisSuite.ts";

const env = redisSuite("tokensim-optimize-queue-");

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

/** A tiny study: 30 providers, one day, generations of six candidates. */
const STUDY = [
  "optimize",
  "baseline",
  "--range",
  "emission.tokensPerEpoch=5000:80000:log",
  "--range",
  "economics.exitPatienceEpochs=1:5",
  "--objective",
  "max:mean(priceEndUsd)",
  "--constraint",
  "mean(activeRatioEnd)>0.9",
  "--steps",
  "24",
  "--set",
  "providers.initial=30",
  "--set",
  "providers.maxTotal=60",
  "--budget",
  "48",
  "--runs",
  "2",
  "--final-runs",
  "2",
  "--quiet",
];

/** The same study as a request. */
const REQUEST: StudyRequest = {
  scenario: "baseline",
  ranges: ["emission.tokensPerEpoch=5000:80000:log", "economics.exitPatienceEpochs=1:5"],
  objectives: ["max:mean(priceEndUsd)"],
  constraints: ["mean(activeRatioEnd)>0.9"],
  sets: ["providers.initial=30", "providers.maxTotal=60", "sim.steps=24"],
  budget: 48,
  runs: 2,
  finalRuns: 2,
};

describe("tokensim optimize --queue", () => {
  it("runs a study on 'tokensim worker' processes through Redis, to the same files as in this thread", async () => {
    const local = join(env.root, "local");
    const here = await cli(...STUDY, "--workers", "0", "--out", local);
    expect(here.stderr).toBe("");
    expect(here.code).toBe(0);
    const worker = await startQueueWorker({ url: env.url, queueName: "optimize", threads: 1 });
    try {
      const queued = join(env.root, "queued");
      const r = await cli(
        ...STUDY,
        "--queue",
        env.url,
        "--queue-name",
        "optimize",
        "--chunk",
        "3",
        "--out",
        queued,
      );
      expect(r.stderr).toBe("");
      expect(r.code).toBe(0);
      expect(files(queued)).toEqual(files(local));
    } finally {
      await worker.close();
    }
  }, 240_000);

  it("stops mid-generation on an interrupt (runs not started are dropped), and --resume finishes the study", async () => {
    const local = join(env.root, "local");
    const out = join(env.root, "interrupted");
    const stop = new AbortController();
    const worker = await startQueueWorker({ url: env.url, queueName: "stop", threads: 1 });
    const q = await createQueueExecutor({
      url: env.url,
      queueName: "stop",
      chunkSize: 3,
      signal: stop.signal,
    });
    try {
      let armed = -1;
      const stopped = await runStudy(REQUEST, {
        out,
        executor: q.executor,
        concurrency: 64,
        signal: stop.signal,
        // three runs into generation 1, with more waiting in the queue
        onGeneration: (g) => {
          if (g === 0) armed = 0;
        },
        onProgress: () => {
          if (armed >= 0 && ++armed === 3) stop.abort();
        },
      });
      expect(stopped).toBeUndefined();
      expect(readdirSync(join(out, "generations"))).toEqual(["g0000.json"]);
    } finally {
      await q.close();
      await worker.close();
    }
    const out2 = await cli(...STUDY, "--workers", "0", "--out", out, "--resume");
    expect(out2.code).toBe(0);
    expect(files(out)).toEqual(files(local));
  }, 240_000);
});
