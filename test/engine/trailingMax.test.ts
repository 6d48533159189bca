import { fc, test } from "@fast-check/vitest";
import { describe, expect } from "vitest";
import { TrailingMax } from "../../engine/metrics/trailingMax.ts";

/** The maximum of the last `window` values up to index t, by brute force. */
function brute(xs: number[], t: number, window: number): number {
  return Math.max(...xs.slice(Math.max(0, t - window + 1), t + 1));
}

describe("TrailingMax", () => {
  // Small value sets give runs of equal values; long series wrap the ring many times.
  test.prop(
    [
      fc.integer({ min: 1, max: 9 }),
      fc.array(fc.integer({ min: 0, max: 5 }), { minLength: 1, maxLength: 120 }),
    ],
    { seed: 20261203, numRuns: 300 },
  )("matches the brute-force window maximum through every wrap of its ring", (window, ints) => {
    const m = new TrailingMax(window);
    ints.forEach((x, t) => {
      expect(m.push(x)).toBe(brute(ints, t, window));
    });
  });

  test.prop([fc.integer({ min: 1, max: 6 }), fc.integer({ min: 1, max: 40 })])(
    "keeps a full window of strictly falling values (the deque at capacity)",
    (window, n) => {
      const xs = Array.from({ length: n }, (_, t) => n - t);
      const m = new TrailingMax(window);
      xs.forEach((x, t) => {
        expect(m.push(x)).toBe(brute(xs, t, window));
      });
    },
  );
});
