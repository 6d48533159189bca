import { describe, expect, it } from "vitest";
import { ParameterError } from "../../engine/errors.ts";
import { sweepRunSeed } from "../../engine/rng/seed.ts";
import { expandPoints, parseAxis } from "../../engine/sweep/grid.ts";

describe("sweep axes", () => {
  it("parses key=v1,v2 and rejects what is not", () => {
    expect(parseAxis("--grid", "a.b=1, 2,3e5")).toEqual({ key: "a.b", values: ["1", "2", "3e5"] });
    expect(() => parseAxis("--grid", "a.b")).toThrow(/expected key=v1,v2/);
    expect(() => parseAxis("--grid", "a.b=")).toThrow(/no values/);
    expect(() => parseAxis("--grid", "a.b=1,,2")).toThrow(/an empty value/);
    expect(() => parseAxis("--zip", "a.b=1,2,")).toThrow(/an empty value/);
  });

  it("crosses grid axes with the first axis slowest, then walks zipped axes together", () => {
    const pts = expandPoints(
      [parseAxis("--grid", "a=1,2"), parseAxis("--grid", "b=x,y")],
      [parseAxis("--zip", "c=10,20"), parseAxis("--zip", "d=0.1,0.2")],
    );
    expect(pts).toHaveLength(8);
    expect(pts.map((p) => p.sets.join(" "))).toEqual([
      "a=1 b=x c=10 d=0.1",
      "a=1 b=x c=20 d=0.2",
      "a=1 b=y c=10 d=0.1",
      "a=1 b=y c=20 d=0.2",
      "a=2 b=x c=10 d=0.1",
      "a=2 b=x c=20 d=0.2",
      "a=2 b=y c=10 d=0.1",
      "a=2 b=y c=20 d=0.2",
    ]);
    expect(pts[5]!.values).toEqual({ a: 2, b: "x", c: 20, d: 0.2 });
    expect(pts.map((p) => p.index)).toEqual([0, 1, 2, 3, 4, 5, 6, 7]);
  });

  it("has one point without overrides when nothing is swept", () => {
    expect(expandPoints([], [])).toEqual([{ index: 0, values: {}, sets: [] }]);
  });

  it("rejects zipped axes of different lengths and a key swept twice", () => {
    expect(() =>
      expandPoints([], [parseAxis("--zip", "c=1,2"), parseAxis("--zip", "d=1,2,3")]),
    ).toThrow(ParameterError);
    expect(() => expandPoints([parseAxis("--grid", "a=1")], [parseAxis("--zip", "a=2")])).toThrow(
      /swept twice/,
    );
  });
});

describe("sweep seeds", () => {
  it("gives every (point, run) its own 32-bit seed, a pure function of (root, point, run)", () => {
    const seen = new Set<number>();
    for (let p = 0; p < 20; p++)
      for (let r = 0; r < 50; r++) {
        const s = sweepRunSeed(42, p, r);
        expect(Number.isInteger(s) && s >= 0 && s < 2 ** 32).toBe(true);
        expect(sweepRunSeed(42, p, r)).toBe(s);
        seen.add(s);
      }
    expect(seen.size).toBe(1000);
    expect(sweepRunSeed(43, 0, 0)).not.toBe(sweepRunSeed(42, 0, 0));
  });

  it("with common random numbers, run r has the same seed at every point", () => {
    expect(sweepRunSeed(42, 0, 7, true)).toBe(sweepRunSeed(42, 5, 7, true));
    expect(sweepRunSeed(42, 0, 7, true)).not.toBe(sweepRunSeed(42, 0, 8, true));
  });
});
