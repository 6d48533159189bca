import { describe, expect, it } from "vitest";
import { checkRanges, parseRange, valueAt } from "../../engine/design/ranges.ts";
import { loadScenario } from "../../engine/scenario.ts";

describe("--range", () => {
  it("parses continuous, log and categorical ranges", () => {
    expect(parseRange("a.b=0.1:2")).toEqual({
      key: "a.b",
      kind: "continuous",
      lo: 0.1,
      hi: 2,
      log: false,
      integer: false,
    });
    expect(parseRange("a.b=1:100:log")).toMatchObject({ log: true });
    expect(parseRange("emission.policy=fixed|halving")).toEqual({
      key: "emission.policy",
      kind: "categorical",
      levels: ["fixed", "halving"],
    });
    expect(parseRange("emission.policy=fixed, halving,decay")).toMatchObject({
      kind: "categorical",
      levels: ["fixed", "halving", "decay"],
    });
  });

  it("rejects bad ranges with one clear line", () => {
    expect(() => parseRange("a=2:1")).toThrow(/lo must be below hi \(got 2 >= 1\)/);
    expect(() => parseRange("a=1:1")).toThrow(/lo must be below hi/);
    expect(() => parseRange("a=0:10:log")).toThrow(/a log range needs lo > 0/);
    expect(() => parseRange("a=1:2:sqrt")).toThrow(/unknown option 'sqrt'/);
    expect(() => parseRange("a=x:2")).toThrow(/bounds must be numbers/);
    expect(() => parseRange("=1:2")).toThrow(/no key/);
    expect(() => parseRange("a=x||y")).toThrow(/empty level/);
    expect(() => parseRange("a=x,y,x")).toThrow(/a level given twice/);
  });

  it("maps the unit interval: linear, log, integer bins, categorical levels", () => {
    const lin = parseRange("k=10:20");
    expect(valueAt(lin, 0)).toBe(10);
    expect(valueAt(lin, 0.5)).toBe(15);
    expect(valueAt(parseRange("k=1:100:log"), 0.5)).toBeCloseTo(10, 12);
    const int = { ...parseRange("k=1:4"), integer: true } as const;
    expect([0, 0.24, 0.25, 0.5, 0.99, 1].map((u) => valueAt(int, u))).toEqual([1, 1, 2, 3, 4, 4]);
    const cat = parseRange("k=a|b|c");
    expect([0, 0.33, 0.34, 0.67, 1].map((u) => valueAt(cat, u))).toEqual(["a", "a", "b", "c", "c"]);
  });

  it("checks keys and values against the scenario; marks integer parameters", async () => {
    const s = await loadScenario("baseline");
    const none = { grid: [], sets: [] };
    const [r] = checkRanges(s, [parseRange("providers.initial=50:150")], none);
    expect(r).toMatchObject({ integer: true });
    expect(() => checkRanges(s, [parseRange("providers.intial=1:2")], none)).toThrow(
      /--range providers.intial: unknown parameter. Did you mean: providers.initial/,
    );
    expect(() => checkRanges(s, [parseRange("emission.policy=1:2")], none)).toThrow(
      /list its values as a,b,c/,
    );
    expect(() => checkRanges(s, [parseRange("emission.policy=fixed|nope")], none)).toThrow(/nope/);
    expect(() => checkRanges(s, [parseRange("providers.cheaterShare=0:2")], none)).toThrow(/2/);
    expect(() =>
      checkRanges(s, [parseRange("providers.initial=1:9")], {
        grid: ["providers.initial"],
        sets: [],
      }),
    ).toThrow(/also swept by --grid/);
    expect(() =>
      checkRanges(s, [parseRange("providers.initial=1:9")], {
        grid: [],
        sets: ["providers.initial=5"],
      }),
    ).toThrow(/also fixed by --set/);
  });
});
