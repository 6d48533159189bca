import { describe, expect, it } from "vitest";
import { type Feature, fitCart, predict, type Row } from "../../engine/analysis/cart.ts";
import { ruleList, shortThreshold, stratifiedFolds } from "../../engine/analysis/rules.ts";

/** An 11 x 11 grid on [0, 1]^2 (step 0.1), labelled pass iff x >= 0.3 and y < 0.7. */
function rectangle(): { x: Row[]; y: boolean[] } {
  const x: Row[] = [];
  const y: boolean[] = [];
  for (let i = 0; i <= 10; i++)
    for (let j = 0; j <= 10; j++) {
      const a = i / 10;
      const b = j / 10;
      x.push([a, b]);
      y.push(i >= 3 && j < 7);
    }
  return { x, y };
}

const XY: Feature[] = [
  { name: "x", kind: "numeric" },
  { name: "y", kind: "numeric" },
];
const OPTS = { maxDepth: 3, minLeaf: 3, folds: 5, seedText: "test/rules/1" };

describe("CART rule list", () => {
  it("recovers a rectangle (x >= 0.3 and y < 0.7) within one grid step, with 100% accuracy", () => {
    const { x, y } = rectangle();
    const r = ruleList(XY, x, y, OPTS);
    expect(r.training).toEqual({ accuracy: 1, correct: 121, points: 121 });
    expect(r.crossValidation).toMatchObject({ folds: 5, points: 121 });
    expect(r.crossValidation!.accuracy).toBeGreaterThanOrEqual(0.95);
    expect(r.majority.correct).toBe(121 - 56);
    const keeps = r.rules.filter((q) => q.prediction === "pass");
    expect(keeps).toHaveLength(1);
    const [rule] = keeps;
    expect(rule).toMatchObject({ points: 56, pass: 56 });
    const lower = rule!.conditions.find((c) => c.parameter === "x")!;
    const upper = rule!.conditions.find((c) => c.parameter === "y")!;
    expect(lower.op).toBe(">=");
    expect(upper.op).toBe("<");
    if (lower.op === "in" || upper.op === "in") throw new Error("numeric conditions expected");
    expect(Math.abs(lower.threshold - 0.3)).toBeLessThanOrEqual(0.1);
    expect(Math.abs(upper.threshold - 0.7)).toBeLessThanOrEqual(0.1);
    // The printed thresholds split the grid exactly as the tree does.
    expect(rule!.text).toBe("x >= 0.25 and y < 0.65");
    expect(r.rules.filter((q) => q.prediction === "fail").every((q) => q.pass === 0)).toBe(true);
    expect(r.depth).toBe(2);
    expect(r.leaves).toBe(3);
  });

  it("splits a categorical parameter by equality and reads it as the levels it keeps", () => {
    const F: Feature[] = [
      { name: "emission.policy", kind: "categorical", levels: ["fixed", "halving", "decay"] },
      { name: "rate", kind: "numeric" },
    ];
    const x: Row[] = [];
    const y: boolean[] = [];
    for (const policy of ["fixed", "halving", "decay"])
      for (let k = 0; k < 10; k++) {
        const rate = k / 10;
        x.push([policy, rate]);
        y.push(policy !== "fixed" && rate < 0.5);
      }
    const r = ruleList(F, x, y, OPTS);
    expect(r.training.accuracy).toBe(1);
    const keeps = r.rules.filter((q) => q.prediction === "pass");
    expect(keeps.map((q) => q.text)).toEqual([
      "emission.policy in {halving, decay} and rate < 0.45",
    ]);
    expect(keeps[0]).toMatchObject({ points: 10, pass: 10 });
    expect(keeps[0]!.conditions[0]).toEqual({
      parameter: "emission.policy",
      op: "in",
      levels: ["halving", "decay"],
    });
    // One level alone reads as equality.
    const one = ruleList(
      F,
      x,
      x.map((row) => row[0] === "decay"),
      OPTS,
    );
    expect(one.rules.map((q) => `${q.prediction}: ${q.text}`)).toEqual([
      "pass: emission.policy = decay",
      "fail: emission.policy in {fixed, halving}",
    ]);
  });

  it("respects the depth limit and the minimum leaf size, and merges leaves that agree", () => {
    const { x, y } = rectangle();
    const stump = fitCart(XY, x, y, { maxDepth: 1, minLeaf: 3 });
    expect(stump.split).toBeDefined();
    expect(stump.left!.split).toBeUndefined();
    expect(stump.right!.split).toBeUndefined();
    // Leaves of at least 50 points: no split of 121 points into 56 and 65 on y then x survives.
    const big = fitCart(XY, x, y, { maxDepth: 3, minLeaf: 50 });
    const leaves = (t: typeof big): number[] =>
      t.split ? [...leaves(t.left!), ...leaves(t.right!)] : [t.n];
    for (const n of leaves(big)) expect(n).toBeGreaterThanOrEqual(50);
    // A pure sample is one leaf: the rule list says so.
    const all = ruleList(
      XY,
      x,
      x.map(() => true),
      OPTS,
    );
    expect(all.rules).toEqual([
      { prediction: "pass", conditions: [], text: "every point", points: 121, pass: 121 },
    ]);
    expect(all.crossValidation).toBeNull();
    expect(predict(stump, [0.9, 0.1])).toBe(true);
  });

  it("thresholds on a log range sit halfway in log(value) and print short", () => {
    const F: Feature[] = [{ name: "verification.sampleRate", kind: "numeric", log: true }];
    const rates = [0.001, 0.002, 0.005, 0.01, 0.02, 0.05, 0.1];
    const x = rates.map((v) => [v]);
    const y = rates.map((v) => v >= 0.02);
    const r = ruleList(F, x, y, { ...OPTS, minLeaf: 1 });
    const keep = r.rules.find((q) => q.prediction === "pass")!;
    const c = keep.conditions[0]!;
    if (c.op === "in") throw new Error("numeric condition expected");
    expect(c.threshold).toBeCloseTo(Math.sqrt(0.01 * 0.02), 12);
    expect(keep.text).toBe("verification.sampleRate >= 0.014");
    expect(shortThreshold(0.30000000000000004, 0.2, 0.31)).toBe("0.3");
    // The shortest number in (below, above]: the upper neighbour itself when nothing shorter fits.
    expect(shortThreshold(0.1000005, 0.1, 0.100001)).toBe("0.100001");
  });

  it("deals stratified folds from the seed alone", () => {
    const y = Array.from({ length: 23 }, (_, i) => i % 3 === 0);
    const a = stratifiedFolds(y, 4, "s/1");
    expect(stratifiedFolds(y, 4, "s/1")).toEqual(a);
    expect(stratifiedFolds(y, 4, "s/2")).not.toEqual(a);
    for (let f = 0; f < 4; f++) {
      const pass = y.filter((v, i) => v && a[i] === f).length;
      expect(pass).toBeGreaterThanOrEqual(1);
      expect(pass).toBeLessThanOrEqual(2);
    }
  });
});
