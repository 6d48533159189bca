/**
 * A study grid of named dimensions whose levels each set one or more
 * parameters (a market depth, an unlock timing that sets a whole vesting
 * bucket, a market venue with its own keys), crossed into the zipped axes of
 * one `runSweep` call; a level may apply at some points only (`when`). Study 9 (notebooks/09-crash-market.ts) keeps its grid
 * in one such definition, so a further dimension is one more entry.
 */

/** The labels of one grid point, by dimension name. */
export type PointLabels = Readonly<Record<string, string>>;

/** One level of a dimension: its label and the `key=value` overrides it applies. */
export interface Level {
  /** Short label for tables and charts (unique within its dimension; no comma). */
  readonly label: string;
  /**
   * Overrides at this level; a function receives the point's labels of every
   * dimension, for a level whose keys depend on another dimension's level
   * (e.g. a depth multiplier applied to the chosen venue's own depth key).
   */
  readonly sets: readonly string[] | ((at: PointLabels) => readonly string[]);
  /**
   * Where the level applies: given the labels of every dimension at a point,
   * false leaves that point out of the grid (e.g. the thinnest and deepest
   * markets run on one venue only). Absent: everywhere.
   */
  readonly when?: (at: PointLabels) => boolean;
}

/** A dimension of the grid: a name and its levels, in display order. */
export interface Dimension {
  readonly name: string;
  readonly levels: readonly Level[];
}

/** One point of the expanded grid. */
export interface GridCell {
  /** Its index: the sweep's point index (the first dimension varies slowest). */
  readonly index: number;
  /** Its level labels, by dimension name. */
  readonly at: PointLabels;
  /** The overrides its levels set (keys other levels set are filled in the axes). */
  readonly sets: readonly string[];
}

/** The grid as a sweep takes it. */
export interface GridAxes {
  readonly cells: readonly GridCell[];
  /** `key=v0,v1,...` zipped axes, one value per cell in cell order. */
  readonly zip: readonly string[];
}

/** A grid definition that cannot be expanded (the message names what is wrong). */
export class GridError extends Error {
  override readonly name = "GridError";
}

const keyOf = (set: string, where: string): string => {
  const eq = set.indexOf("=");
  if (eq <= 0) throw new GridError(`${where}: '${set}' is not key=value`);
  if (set.slice(eq + 1).includes(","))
    throw new GridError(`${where}: '${set}' has a comma (a zipped axis cannot hold it)`);
  return set.slice(0, eq).trim();
};

/**
 * Crosses the dimensions (the first varies slowest) into cells and zipped axes,
 * leaving out the points where a level's `when` is false (the cells kept are
 * numbered in order from 0).
 * A key that some cells set and others do not takes `defaultOf(key)` in the
 * others (the scenario's value after the study's fixed overrides), so levels
 * of a dimension may set different keys.
 *
 * @throws GridError on no dimension, a dimension without levels, a repeated
 *   dimension name or level label, a label with a comma, a set that is not
 *   `key=value` or holds a comma, one key set twice at a point, or levels'
 *   `when` leaving no point.
 */
export function expandGrid(
  dimensions: readonly Dimension[],
  defaultOf: (key: string) => string,
): GridAxes {
  if (dimensions.length === 0) throw new GridError("the grid has no dimension");
  const names = new Set<string>();
  for (const d of dimensions) {
    if (names.has(d.name)) throw new GridError(`dimension '${d.name}' appears twice`);
    names.add(d.name);
    if (d.levels.length === 0) throw new GridError(`dimension '${d.name}' has no level`);
    const labels = new Set<string>();
    for (const l of d.levels) {
      if (labels.has(l.label))
        throw new GridError(`dimension '${d.name}': level '${l.label}' appears twice`);
      if (l.label.includes(",") || l.label === "")
        throw new GridError(
          `dimension '${d.name}': level label '${l.label}' is empty or has a comma`,
        );
      labels.add(l.label);
    }
  }
  let combos: Level[][] = [[]];
  for (const d of dimensions) combos = combos.flatMap((c) => d.levels.map((l) => [...c, l]));
  const labelsOf = (levels: Level[]): PointLabels =>
    Object.fromEntries(dimensions.map((d, k) => [d.name, levels[k]!.label]));
  const kept = combos.filter((levels) => {
    const at = labelsOf(levels);
    return levels.every((l) => l.when === undefined || l.when(at));
  });
  if (kept.length === 0) throw new GridError("the levels' conditions (when) leave no point");
  const keys: string[] = [];
  const values: Map<string, string>[] = [];
  const cells = kept.map((levels, index): GridCell => {
    const at = labelsOf(levels);
    const own = new Map<string, string>();
    const sets: string[] = [];
    levels.forEach((l, k) => {
      const where = `dimension '${dimensions[k]!.name}', level '${l.label}'`;
      for (const s of typeof l.sets === "function" ? l.sets(at) : l.sets) {
        const key = keyOf(s, where);
        if (own.has(key))
          throw new GridError(`${where}: '${key}' is already set at point ${JSON.stringify(at)}`);
        own.set(key, s.slice(s.indexOf("=") + 1).trim());
        if (!keys.includes(key)) keys.push(key);
        sets.push(`${key}=${own.get(key)}`);
      }
    });
    values.push(own);
    return { index, at, sets };
  });
  const zip = keys.map((key) => {
    const fill = values.some((v) => !v.has(key)) ? defaultOf(key) : "";
    if (fill.includes(",")) throw new GridError(`the default of '${key}' has a comma: '${fill}'`);
    return `${key}=${values.map((v) => v.get(key) ?? fill).join(",")}`;
  });
  return { cells, zip };
}

/**
 * A parameter's value as an override string, read from resolved parameters by
 * its dotted key (for {@link expandGrid}'s `defaultOf`).
 *
 * @throws GridError when the key names no number, string or boolean there.
 */
export function paramString(params: unknown, key: string): string {
  let v: unknown = params;
  for (const part of key.split(".")) {
    v = typeof v === "object" && v !== null ? (v as Record<string, unknown>)[part] : undefined;
  }
  if (typeof v === "number" || typeof v === "string" || typeof v === "boolean") return String(v);
  throw new GridError(`'${key}' is not a parameter with a single value`);
}
