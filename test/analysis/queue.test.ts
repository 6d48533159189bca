import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { inThreadRunExecutor } from "../../engine/sweep/inThread.ts";
import type { SweepRequest } from "../../engine/sweep/plan.ts";
import { runSweep } from "../../engine/sweep/runner.ts";
import { startQueueWorker } from "../../workers/queue/consumer.ts";
import { createQueueExecutor } from "../../workers/queue/coordinator.ts";
import { redisSuite } from "../helpers/redisSuite.ts";
import { dirBytes } from "../sweep/dirBytes.ts";

/** A Morris design (with a categorical and an integer parameter): 4 trajectories x 4 points, 2 runs each. */
const REQ: SweepRequest = {
  scenario: "test/fixtures/sweep/flaky.ts",
  runs: 2,
  seed: 3,
  sets: ["sim.steps=48"],
  design: {
    method: "morris",
    samples: 4,
    ranges: [
      "emission.tokensPerEpoch=10000:80000:log",
      "emission.policy=fixed|halving|decay",
      "providers.initial=40:120",
    ],
  },
};
const env = redisSuite("tokensim-design-queue-");

describe("a design sweep on BullMQ", () => {
  it("gives the local run's bytes through the queue, with two workers", async () => {
    const ref = join(env.root, "ref");
    await runSweep(REQ, { out: ref, executor: inThreadRunExecutor });
    const queueName = "design";
    const workers = await Promise.all(
      [1, 2].map(() => startQueueWorker({ url: env.url, queueName, threads: 1 })),
    );
    const q = await createQueueExecutor({ url: env.url, queueName, chunkSize: 5 });
    try {
      const out = join(env.root, "queued");
      const o = await runSweep(REQ, { out, executor: q.executor, concurrency: 64 });
      expect(o).toMatchObject({ executed: 32, interrupted: false, failures: [] });
      expect(dirBytes(out)).toEqual(dirBytes(ref));
    } finally {
      await q.close();
      await Promise.all(workers.map((w) => w.close()));
    }
  }, 180_000);
});
