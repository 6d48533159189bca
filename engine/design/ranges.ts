import { Kind } from "@sinclair/typebox";
import { ParameterError } from "../errors.ts";
import { closestPaths, leafParams } from "../params/overrides.ts";
import { resolveParams, type Scenario } from "../scenario.ts";

/** A continuous (or integer) range of one parameter, `key=lo:hi[:log]`. */
export interface ContinuousRange {
  key: string;
  kind: "continuous";
  lo: number;
  hi: number;
  /** Uniform in log(value) rather than in value (lo > 0). */
  log: boolean;
  /** The parameter's schema says integer: values are whole numbers (equal-width bins). */
  integer: boolean;
}

/** A categorical range, `key=a,b,c` (or `key=a|b|c`): the unit interval is cut into equal parts, one per level. */
export interface CategoricalRange {
  key: string;
  kind: "categorical";
  levels: string[];
}

/** One parameter of an experimental design and the values it takes. */
export type DesignRange = ContinuousRange | CategoricalRange;

const NUMBER = /^[+-]?(\d[\d_]*(\.\d*)?|\.\d+)([eE][+-]?\d+)?$/;

/** Parses `key=lo:hi`, `key=lo:hi:log` or `key=a,b,c` (also `key=a|b|c`; integers are marked by {@link checkRanges}). */
export function parseRange(spec: string): DesignRange {
  const bad = (why: string) =>
    new ParameterError(`--range ${spec}: ${why} (expected key=lo:hi, key=lo:hi:log or key=a,b,c)`);
  const eq = spec.indexOf("=");
  if (eq <= 0) throw bad("no key");
  const key = spec.slice(0, eq).trim();
  const body = spec.slice(eq + 1).trim();
  if (body.includes(",") || body.includes("|")) {
    const levels = body.split(/[,|]/).map((l) => l.trim());
    if (levels.includes("")) throw bad("an empty level");
    if (new Set(levels).size !== levels.length) throw bad("a level given twice");
    return { key, kind: "categorical", levels };
  }
  const parts = body.split(":").map((p) => p.trim());
  if (parts.length < 2 || parts.length > 3) throw bad("expected two bounds");
  if (parts.length === 3 && parts[2] !== "log") throw bad(`unknown option '${parts[2]}'`);
  if (!NUMBER.test(parts[0]!) || !NUMBER.test(parts[1]!)) throw bad("the bounds must be numbers");
  const lo = Number(parts[0]!.replaceAll("_", ""));
  const hi = Number(parts[1]!.replaceAll("_", ""));
  if (!(lo < hi)) throw bad(`lo must be below hi (got ${lo} >= ${hi})`);
  const log = parts.length === 3;
  if (log && lo <= 0) throw bad(`a log range needs lo > 0 (got ${lo})`);
  return { key, kind: "continuous", lo, hi, log, integer: false };
}

/**
 * The value at unit coordinate u in [0, 1]. Continuous: lo + u (hi - lo), or
 * geometric between lo and hi with `log`. Integer: the integers from ceil(lo)
 * to floor(hi) each get an equal share of the unit interval (of log space with
 * `log`, then rounded). Categorical: level floor(u K) of K.
 */
export function valueAt(r: DesignRange, u: number): number | string {
  const t = Math.min(1, Math.max(0, u));
  if (r.kind === "categorical")
    return r.levels[Math.min(r.levels.length - 1, Math.floor(t * r.levels.length))]!;
  if (r.integer && !r.log) {
    const lo = Math.ceil(r.lo);
    const hi = Math.floor(r.hi);
    return Math.min(hi, lo + Math.floor(t * (hi - lo + 1)));
  }
  const v = r.log ? r.lo * (r.hi / r.lo) ** t : r.lo + t * (r.hi - r.lo);
  if (r.integer) return Math.min(Math.floor(r.hi), Math.max(Math.ceil(r.lo), Math.round(v)));
  return Math.min(r.hi, Math.max(r.lo, v));
}

/** Keys swept otherwise, to be refused with a range: `--grid`/`--zip` axes and `--set`s. */
export interface OtherKeys {
  grid: readonly string[];
  sets: readonly string[];
}

/**
 * Checks ranges against a scenario before anything runs: every key is a known
 * parameter, appears once, is not also swept by --grid/--zip nor fixed by
 * --set; a numeric range is on a number or integer parameter (integers are
 * marked), and every bound or level is a valid value.
 */
export function checkRanges(
  scenario: Scenario,
  ranges: readonly DesignRange[],
  other: OtherKeys,
): DesignRange[] {
  if (ranges.length === 0)
    throw new ParameterError("a design needs at least one --range key=lo:hi");
  const leaves = leafParams(scenario.schema);
  const seen = new Set<string>();
  return ranges.map((r) => {
    const leaf = leaves.find((l) => l.path === r.key);
    if (!leaf) {
      const near = closestPaths(
        r.key,
        leaves.map((l) => l.path),
      );
      throw new ParameterError(
        `--range ${r.key}: unknown parameter. Did you mean: ${near.join(", ")}?`,
      );
    }
    if (seen.has(r.key)) throw new ParameterError(`--range ${r.key}: given twice`);
    seen.add(r.key);
    if (other.grid.includes(r.key))
      throw new ParameterError(`--range ${r.key}: also swept by --grid/--zip; drop one`);
    if (other.sets.some((s) => s.split("=")[0]?.trim() === r.key))
      throw new ParameterError(`--range ${r.key}: also fixed by --set; drop one`);
    const kind = leaf.schema[Kind];
    let checked: DesignRange = r;
    if (r.kind === "continuous") {
      if (kind !== "Number" && kind !== "Integer")
        throw new ParameterError(
          `--range ${r.key}: lo:hi needs a numeric parameter (this one is ${String(kind).toLowerCase()}); list its values as a,b,c`,
        );
      checked = { ...r, integer: kind === "Integer" };
      if (kind === "Integer" && Math.ceil(r.lo) > Math.floor(r.hi))
        throw new ParameterError(`--range ${r.key}: no integer between ${r.lo} and ${r.hi}`);
    }
    const ends =
      checked.kind === "categorical" ? checked.levels : [valueAt(checked, 0), valueAt(checked, 1)];
    for (const v of ends) {
      try {
        resolveParams(scenario, [...other.sets, `${r.key}=${v}`]);
      } catch (err) {
        throw new ParameterError(`--range ${r.key}: ${v}: ${(err as Error).message}`);
      }
    }
    return checked;
  });
}
