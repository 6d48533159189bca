import { describe, expect, it } from "vitest";
import { type BatchResult, serveBatch } from "../../engine/mechanisms/batch.ts";

describe("training/batch jobs", () => {
  it("serve oldest first on eligible free capacity, raise utilisation, and miss deadlines", () => {
    // Two regions; eligible capacity 10 and 0 GPU-h/h; total capacity 20 and 10.
    const queue = Float64Array.of(5, 0, 8); // ages 0, 1, 2 (deadline 3 steps)
    const util = Float64Array.of(0.5, 0.2);
    const out: BatchResult = { served: 0, missed: 0 };
    serveBatch(
      queue,
      Float64Array.of(10, 0),
      Float64Array.of(20, 10),
      util,
      1,
      new Float64Array(2),
      out,
    );
    // Free eligible: 10 · 0.5 = 5 GPU-h, all taken from the oldest (age 2).
    expect(out.served).toBe(5);
    expect(util[0]).toBeCloseTo(0.75, 12);
    expect(util[1]).toBeCloseTo(0.2, 12);
    // 3 GPU-h of the oldest were not served: they miss the deadline; the queue ages.
    expect(out.missed).toBe(3);
    expect([...queue]).toEqual([0, 5, 0]);
  });

  it("serves nothing without eligible capacity", () => {
    const queue = Float64Array.of(4, 0);
    const out: BatchResult = { served: 0, missed: 0 };
    serveBatch(
      queue,
      Float64Array.of(0),
      Float64Array.of(10),
      Float64Array.of(0),
      1,
      new Float64Array(1),
      out,
    );
    expect(out.served).toBe(0);
    expect([...queue]).toEqual([0, 4]);
  });
});
