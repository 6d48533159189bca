/**
 * A small CART classification tree (Breiman, Friedman, Olshen and Stone 1984)
 * for pass/fail labels over a sweep's parameters: binary splits chosen by the
 * largest decrease of Gini impurity, numeric parameters split at a threshold
 * (x < t | x >= t, t halfway between two neighbouring values: geometrically on
 * a log range), categorical ones by equality (x = level | x != level), grown to
 * a maximum depth with a minimum leaf size; sibling leaves that predict the
 * same label are merged afterwards (they change no prediction, and the rule
 * list would only grow).
 *
 * Written here rather than taken from npm: `ml-cart` (mljs, 2.1.1), the one
 * maintained JavaScript CART, splits numeric columns only (a categorical
 * parameter such as emission.policy would need a one-hot encoding whose splits
 * do not read as rules), has a minimum node size to split but no minimum leaf
 * size, stops on a fixed gain of 0.01, and brings ml-matrix; what is needed
 * here is a hundred-odd lines with deterministic tie-breaking (first
 * parameter, then lowest threshold).
 */

/** A parameter the tree may split on. */
export type Feature =
  | { name: string; kind: "numeric" /** Thresholds halfway in log(value). */; log?: boolean }
  | { name: string; kind: "categorical"; levels: readonly string[] };

/** A split of a node: `left` gets x < threshold (numeric) or x = level (categorical). */
type Split =
  | {
      feature: number;
      kind: "numeric";
      threshold: number;
      /** The largest value on the left and the smallest on the right. */
      below: number;
      above: number;
    }
  | { feature: number; kind: "categorical"; level: string };

/** A node of the tree: its training points, how many pass, and its split (none at a leaf). */
export interface TreeNode {
  n: number;
  pass: number;
  /** The majority label (a tie predicts fail). */
  prediction: boolean;
  split?: Split;
  left?: TreeNode;
  right?: TreeNode;
}

/** Growth limits of {@link fitCart}. */
export interface CartOptions {
  /** Largest depth (a root alone is depth 0). */
  maxDepth: number;
  /** Fewest training points in a leaf. */
  minLeaf: number;
}

/** A point's parameter values, in feature order: numbers for numeric features, strings for categorical. */
export type Row = readonly (number | string)[];

/** n times the Gini impurity 2 p (1 - p) of a node with `pass` of `n` passing. */
const weightedGini = (pass: number, n: number) => (n === 0 ? 0 : (2 * pass * (n - pass)) / n);

/** The split value between two neighbouring values: the midpoint, geometric on a log scale. */
function midpoint(a: number, b: number, log: boolean | undefined): number {
  if (log && a > 0 && b > 0) return Math.sqrt(a * b);
  return a + (b - a) / 2;
}

/** Whether `row` goes to the left child of `split`. */
function goesLeft(split: Split, row: Row): boolean {
  const v = row[split.feature]!;
  return split.kind === "numeric" ? (v as number) < split.threshold : v === split.level;
}

/** The best split of the points `idx` (fewest weighted Gini), or undefined when none improves on the node. */
function bestSplit(
  features: readonly Feature[],
  x: readonly Row[],
  y: readonly boolean[],
  idx: readonly number[],
  minLeaf: number,
): Split | undefined {
  const n = idx.length;
  const pass = idx.filter((i) => y[i]).length;
  let best = weightedGini(pass, n) - 1e-12;
  let split: Split | undefined;
  features.forEach((f, k) => {
    if (f.kind === "numeric") {
      const sorted = [...idx].sort((i, j) => (x[i]![k] as number) - (x[j]![k] as number));
      let leftPass = 0;
      for (let m = 1; m < n; m++) {
        if (y[sorted[m - 1]!]) leftPass++;
        const a = x[sorted[m - 1]!]![k] as number;
        const b = x[sorted[m]!]![k] as number;
        if (a === b || m < minLeaf || n - m < minLeaf) continue;
        const g = weightedGini(leftPass, m) + weightedGini(pass - leftPass, n - m);
        if (g < best) {
          best = g;
          const threshold = midpoint(a, b, f.log);
          split = { feature: k, kind: "numeric", threshold, below: a, above: b };
        }
      }
    } else {
      for (const level of f.levels) {
        const inLevel = idx.filter((i) => x[i]![k] === level);
        const m = inLevel.length;
        if (m < minLeaf || n - m < minLeaf) continue;
        const leftPass = inLevel.filter((i) => y[i]).length;
        const g = weightedGini(leftPass, m) + weightedGini(pass - leftPass, n - m);
        if (g < best) {
          best = g;
          split = { feature: k, kind: "categorical", level };
        }
      }
    }
  });
  return split;
}

/** Grows the tree of the points `idx` at `depth`. */
function grow(
  features: readonly Feature[],
  x: readonly Row[],
  y: readonly boolean[],
  idx: readonly number[],
  depth: number,
  opts: CartOptions,
): TreeNode {
  const pass = idx.filter((i) => y[i]).length;
  const node: TreeNode = { n: idx.length, pass, prediction: 2 * pass > idx.length };
  if (depth >= opts.maxDepth || pass === 0 || pass === idx.length) return node;
  const split = bestSplit(features, x, y, idx, opts.minLeaf);
  if (!split) return node;
  const left = idx.filter((i) => goesLeft(split, x[i]!));
  const right = idx.filter((i) => !goesLeft(split, x[i]!));
  const l = grow(features, x, y, left, depth + 1, opts);
  const r = grow(features, x, y, right, depth + 1, opts);
  // Two leaves with the same label say nothing a rule needs: merge them.
  if (!l.split && !r.split && l.prediction === r.prediction) return node;
  return { ...node, split, left: l, right: r };
}

/** Fits a CART classification tree to rows `x` (in feature order) and labels `y` (true: pass). */
export function fitCart(
  features: readonly Feature[],
  x: readonly Row[],
  y: readonly boolean[],
  opts: CartOptions,
): TreeNode {
  if (x.length !== y.length) throw new Error(`fitCart: ${x.length} rows but ${y.length} labels`);
  const minLeaf = Math.max(1, Math.floor(opts.minLeaf));
  return grow(
    features,
    x,
    y,
    x.map((_, i) => i),
    0,
    { ...opts, minLeaf },
  );
}

/** The tree's label for a row. */
export function predict(tree: TreeNode, row: Row): boolean {
  let node = tree;
  while (node.split) node = goesLeft(node.split, row) ? node.left! : node.right!;
  return node.prediction;
}

/** The depth of a tree (0 for a single leaf) and its number of leaves. */
export function treeSize(tree: TreeNode): { depth: number; leaves: number } {
  if (!tree.split) return { depth: 0, leaves: 1 };
  const l = treeSize(tree.left!);
  const r = treeSize(tree.right!);
  return { depth: 1 + Math.max(l.depth, r.depth), leaves: l.leaves + r.leaves };
}
