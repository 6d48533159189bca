import { createRng } from "../rng/source.ts";
import {
  type CartOptions,
  type Feature,
  fitCart,
  predict,
  type Row,
  type TreeNode,
  treeSize,
} from "./cart.ts";

/** One condition of a rule: a numeric bound or the levels a categorical parameter takes. */
export type RuleCondition =
  | {
      parameter: string;
      /** `>=` lower bound or `<` upper bound. */
      op: ">=" | "<";
      /** The tree's threshold (halfway between the neighbouring points' values). */
      threshold: number;
      /** The threshold as printed: the shortest number that splits the points the same way. */
      value: string;
    }
  | { parameter: string; op: "in"; levels: string[] };

/** A leaf of the tree read as a rule: where it is, what it predicts, and its training points. */
export interface Rule {
  prediction: "pass" | "fail";
  /** Conditions joined by "and" (none: every point). */
  conditions: RuleCondition[];
  /** E.g. `verification.sampleRate >= 0.021 and verification.slashFraction >= 0.31`. */
  text: string;
  points: number;
  pass: number;
}

/** Accuracy as a share and as counts. */
export interface Accuracy {
  accuracy: number;
  correct: number;
  points: number;
}

/** A fitted tree read as rules, with its accuracy. */
export interface RuleList {
  /** Pass rules first, then fail rules, each by points covered (most first). */
  rules: Rule[];
  training: Accuracy;
  /** k-fold cross-validated accuracy; null with fewer than 2 points of each label. */
  crossValidation: (Accuracy & { folds: number }) | null;
  /** The accuracy of always predicting the more common label (what the tree must beat). */
  majority: Accuracy;
  depth: number;
  leaves: number;
}

/**
 * The shortest number (2 significant digits or more) in (below, above], so
 * that `x >= value` splits the points exactly as the threshold does; the
 * threshold itself is tried first at each precision.
 */
export function shortThreshold(threshold: number, below: number, above: number): string {
  for (let digits = 2; digits <= 17; digits++) {
    const s = Number(threshold.toPrecision(digits));
    if (s > below && s <= above) return String(s);
  }
  return String(threshold);
}

/** The conditions on the path to a leaf, merged per parameter (tightest bounds, remaining levels). */
function pathConditions(
  features: readonly Feature[],
  path: readonly { node: TreeNode; left: boolean }[],
): RuleCondition[] {
  const out: RuleCondition[] = [];
  features.forEach((f, k) => {
    const steps = path.filter((p) => p.node.split!.feature === k);
    if (steps.length === 0) return;
    if (f.kind === "categorical") {
      let levels = [...f.levels];
      for (const { node, left } of steps) {
        const s = node.split!;
        if (s.kind !== "categorical") continue;
        levels = levels.filter((l) => (left ? l === s.level : l !== s.level));
      }
      out.push({ parameter: f.name, op: "in", levels });
      return;
    }
    let lower: { threshold: number; below: number; above: number } | undefined;
    let upper: typeof lower;
    for (const { node, left } of steps) {
      const s = node.split!;
      if (s.kind !== "numeric") continue;
      if (left && (!upper || s.threshold < upper.threshold)) upper = s;
      if (!left && (!lower || s.threshold > lower.threshold)) lower = s;
    }
    for (const [op, b] of [
      [">=", lower],
      ["<", upper],
    ] as const)
      if (b)
        out.push({
          parameter: f.name,
          op,
          threshold: b.threshold,
          value: shortThreshold(b.threshold, b.below, b.above),
        });
  });
  return out;
}

/** A condition in words: `key >= 0.021`, `key = halving`, `key in {fixed, decay}`. */
function conditionText(c: RuleCondition): string {
  if (c.op !== "in") return `${c.parameter} ${c.op} ${c.value}`;
  if (c.levels.length === 1) return `${c.parameter} = ${c.levels[0]}`;
  return `${c.parameter} in {${c.levels.join(", ")}}`;
}

/** The tree's leaves as rules, pass rules first, each kind by points covered. */
function treeRules(features: readonly Feature[], tree: TreeNode): Rule[] {
  const rules: Rule[] = [];
  const walk = (node: TreeNode, path: { node: TreeNode; left: boolean }[]) => {
    if (node.split) {
      walk(node.left!, [...path, { node, left: true }]);
      walk(node.right!, [...path, { node, left: false }]);
      return;
    }
    const conditions = pathConditions(features, path);
    rules.push({
      prediction: node.prediction ? "pass" : "fail",
      conditions,
      text: conditions.length > 0 ? conditions.map(conditionText).join(" and ") : "every point",
      points: node.n,
      pass: node.pass,
    });
  };
  walk(tree, []);
  const rank = (r: Rule) => (r.prediction === "pass" ? 0 : 1);
  return rules.sort((a, b) => rank(a) - rank(b) || b.points - a.points);
}

const accuracy = (correct: number, points: number): Accuracy => ({
  accuracy: points > 0 ? correct / points : Number.NaN,
  correct,
  points,
});

/**
 * Stratified k-fold assignment: the passing and the failing points are each
 * shuffled (Fisher-Yates, from `Alea(seedText)`) and dealt to the folds in
 * turn, so every fold has its share of both labels and the folds depend on
 * the seed alone.
 */
export function stratifiedFolds(y: readonly boolean[], folds: number, seedText: string): number[] {
  const rng = createRng(seedText);
  const fold = new Array<number>(y.length).fill(0);
  let next = 0;
  for (const label of [true, false]) {
    const idx = y.flatMap((v, i) => (v === label ? [i] : []));
    for (let i = idx.length - 1; i > 0; i--) {
      const j = Math.floor(rng.next() * (i + 1));
      [idx[i], idx[j]] = [idx[j]!, idx[i]!];
    }
    for (const i of idx) fold[i] = next++ % folds;
  }
  return fold;
}

/**
 * Fits a CART tree to labelled points and reads it as a rule list, with its
 * training accuracy and its k-fold cross-validated accuracy (a tree fitted on
 * the other folds predicts each fold's points; folds from
 * {@link stratifiedFolds} with `seedText`).
 */
export function ruleList(
  features: readonly Feature[],
  x: readonly Row[],
  y: readonly boolean[],
  opts: CartOptions & { folds: number; seedText: string },
): RuleList {
  const tree = fitCart(features, x, y, opts);
  const rules = treeRules(features, tree);
  const n = y.length;
  const correct = x.filter((row, i) => predict(tree, row) === y[i]).length;
  const passing = y.filter(Boolean).length;
  const k = Math.min(opts.folds, passing, n - passing);
  let crossValidation: RuleList["crossValidation"] = null;
  if (k >= 2) {
    const fold = stratifiedFolds(y, k, opts.seedText);
    let right = 0;
    for (let f = 0; f < k; f++) {
      const train = fold.flatMap((g, i) => (g === f ? [] : [i]));
      const t = fitCart(
        features,
        train.map((i) => x[i]!),
        train.map((i) => y[i]!),
        opts,
      );
      for (const [i, g] of fold.entries()) if (g === f && predict(t, x[i]!) === y[i]) right++;
    }
    crossValidation = { ...accuracy(right, n), folds: k };
  }
  return {
    rules,
    training: accuracy(correct, n),
    crossValidation,
    majority: accuracy(Math.max(passing, n - passing), n),
    ...treeSize(tree),
  };
}
