import { describe, expect, it } from "vitest";
import { parseConstraint, parseObjective, violation } from "../../engine/optimize/goals.ts";
import { parseRange, toValue } from "../../engine/optimize/ranges.ts";

describe("optimize specs", () => {
  it("reads objectives in the check's statistics", () => {
    expect(parseObjective("minimise:probability(spiralled>0)")).toMatchObject({
      sense: "min",
      statistic: { stat: "probability", metric: "spiralled", event: { above: 0 } },
    });
    expect(parseObjective("max: mean(priceEndUsd)").statistic).toEqual({
      stat: "mean",
      metric: "priceEndUsd",
    });
    expect(parseObjective("min:median(maxDrawdownPct)").statistic).toMatchObject({
      stat: "quantile",
      q: 0.5,
    });
    expect(parseObjective("maximize:P(activeRatioEnd<0.5)").sense).toBe("max");
  });

  it("reads constraints; <= means < and >= means >", () => {
    expect(parseConstraint("quantile(providerRoi,0.5)>=0.2")).toMatchObject({
      statistic: { stat: "quantile", metric: "providerRoi", q: 0.5 },
      greaterThan: 0.2,
    });
    expect(parseConstraint("probability(spiralled > 0) < 0.05")).toMatchObject({ lessThan: 0.05 });
  });

  it("says what is wrong with a bad spec, in one line", () => {
    expect(() => parseObjective("mean(priceEndUsd)")).toThrow(
      /expected min:<statistic> or max:<statistic>/,
    );
    expect(() => parseObjective("min:avg(priceEndUsd)")).toThrow(
      /cannot read 'avg\(priceEndUsd\)'.*statistics: mean/,
    );
    expect(() => parseObjective("min:quantile(x,1.5)")).toThrow(/quantile 1.5 is not in \(0, 1\)/);
    expect(() => parseConstraint("mean(x)")).toThrow(/expected <statistic> < value/);
    expect(() => parseConstraint("probability(x>0)>1")).toThrow(/a probability cannot be > 1/);
    for (const bad of ["x", "x=1", "x=2:1", "x=0:1:ln", "x=0:1:log", "x=a:b"])
      expect(() => parseRange(bad)).toThrow(/^--range /);
  });

  it("maps the unit cube to ranges: linear, log, integer", () => {
    const lin = parseRange("a=10:20");
    expect(toValue(lin, 0.5)).toBe(15);
    const log = parseRange("b=1:100:log");
    expect(toValue(log, 0.5)).toBeCloseTo(10, 12);
    expect(toValue({ ...lin, integer: true }, 0.26)).toBe(13);
    expect(toValue(lin, 1.7)).toBe(20);
  });

  it("measures constraint violation relative to the threshold", () => {
    const c = parseConstraint("mean(x)>200");
    expect(violation(c, 250)).toBe(0);
    expect(violation(c, 150)).toBe(0.25);
    expect(violation(parseConstraint("P(x>0)<0.05"), 0.15)).toBeCloseTo(0.1, 12);
  });
});
