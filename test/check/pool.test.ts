import { describe, expect, it } from "vitest";
import { inThreadCheckExecutor } from "../../engine/check/inThread.ts";
import { createPool, poolCheckExecutor } from "../../workers/pool.ts";

describe("check runs on the worker pool", () => {
  it("give exactly the in-thread results, whatever the number of workers", async () => {
    const file = "test/fixtures/check/drift-base.ts";
    const indices = [0, 1, 2, 3, 4, 5];
    const reference = await inThreadCheckExecutor(file, 11, indices);
    for (const workers of [1, 2]) {
      const pool = createPool(workers);
      try {
        const results = await poolCheckExecutor(pool)(file, 11, indices);
        results.sort((a, b) => a.runIndex - b.runIndex);
        expect(JSON.stringify(results)).toBe(JSON.stringify(reference));
      } finally {
        await pool.destroy();
      }
    }
  });
});
