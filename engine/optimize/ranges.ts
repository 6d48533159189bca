import { Kind } from "@sinclair/typebox";
import { ParameterError } from "../errors.ts";
import { closestPaths, leafParams } from "../params/overrides.ts";
import { resolveParams, type Scenario } from "../scenario.ts";

/** One searched numeric parameter: its dotted key and bounds; the optimiser works on [0, 1] per range. */
export interface ParamRange {
  key: string;
  lo: number;
  hi: number;
  /** Searched in log space (lo > 0). */
  log: boolean;
  /** An integer parameter: values are rounded to the nearest integer. */
  integer: boolean;
}

/**
 * A searched choice among levels (`key=a,b,c`, or `key=a|b|c`): an emission
 * policy, a market model. The optimiser searches it as a relaxed coordinate:
 * [0, 1] is cut into equal parts, one per level, as in the experimental designs.
 */
export interface LevelsRange {
  key: string;
  levels: string[];
}

/** A searched parameter of `tokensim optimize`: a numeric range or a choice of levels. */
export type SearchRange = ParamRange | LevelsRange;

/** Whether a searched parameter is a choice of levels. */
export const isLevels = (r: SearchRange): r is LevelsRange => "levels" in r;

const NUMBER = /^[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?$/;

/**
 * Parses `key=lo:hi[:log]` (the flag's own syntax; the experimental designs
 * parse the same form). Whether the parameter is an integer comes from the
 * scenario's schema ({@link checkRanges}).
 */
export function parseRange(text: string): ParamRange {
  const bad = (why: string) =>
    new ParameterError(
      `--range ${JSON.stringify(text)}: ${why} (expected key=lo:hi or key=lo:hi:log)`,
    );
  const eq = text.indexOf("=");
  if (eq <= 0) throw bad("no key");
  const key = text.slice(0, eq).trim();
  const parts = text.slice(eq + 1).split(":");
  if (parts.length < 2 || parts.length > 3) throw bad("expected two bounds");
  if (parts.length === 3 && parts[2] !== "log") throw bad(`unknown option '${parts[2]}'`);
  const [loText, hiText] = parts as [string, string];
  if (!NUMBER.test(loText.trim()) || !NUMBER.test(hiText.trim()))
    throw bad("bounds must be numbers");
  const lo = Number(loText);
  const hi = Number(hiText);
  if (!(lo < hi)) throw bad("lo must be below hi");
  const log = parts.length === 3;
  if (log && lo <= 0) throw bad("a log range needs lo > 0");
  return { key, lo, hi, log, integer: false };
}

/**
 * Checks ranges against a scenario before anything runs: every key is a
 * numeric parameter, appears once and is not also fixed by a `--set`, and both
 * bounds are valid values. Marks integer parameters.
 */
export function checkRanges(
  scenario: Scenario,
  ranges: readonly ParamRange[],
  sets: readonly string[],
  allowNone = false,
): ParamRange[] {
  if (ranges.length === 0 && !allowNone)
    throw new ParameterError("give at least one --range key=lo:hi");
  const leaves = leafParams(scenario.schema);
  const known = leaves.map((l) => l.path);
  const seen = new Set<string>();
  return ranges.map((r) => {
    const leaf = leaves.find((l) => l.path === r.key);
    if (!leaf)
      throw new ParameterError(
        `--range ${r.key}: no such parameter in ${scenario.name}. Closest: ${closestPaths(r.key, known).join(", ")}`,
      );
    const kind = leaf.schema[Kind];
    if (kind !== "Number" && kind !== "Integer")
      throw new ParameterError(`--range ${r.key}: not a numeric parameter (it is ${kind})`);
    if (seen.has(r.key)) throw new ParameterError(`--range ${r.key}: given twice`);
    seen.add(r.key);
    if (sets.some((s) => s.split("=")[0]?.trim() === r.key))
      throw new ParameterError(`--range ${r.key}: also fixed by --set; drop one`);
    const integer = kind === "Integer";
    if (integer && Math.ceil(r.lo) > Math.floor(r.hi))
      throw new ParameterError(`--range ${r.key}: no integer between ${r.lo} and ${r.hi}`);
    const range = { ...r, integer };
    for (const v of [r.lo, r.hi]) {
      try {
        resolveParams(scenario, [...sets, `${r.key}=${toValue(range, v === r.lo ? 0 : 1)}`]);
      } catch (err) {
        throw new ParameterError(`--range ${r.key}: bound ${v}: ${(err as Error).message}`);
      }
    }
    return range;
  });
}

/** The parameter value at unit coordinate `u` in [0, 1] (log ranges interpolate in log space). */
export function toValue(r: ParamRange, u: number): number {
  const t = Math.min(1, Math.max(0, u));
  const v = r.log
    ? Math.exp(Math.log(r.lo) + t * (Math.log(r.hi) - Math.log(r.lo)))
    : r.lo + t * (r.hi - r.lo);
  if (!r.integer) return Math.min(r.hi, Math.max(r.lo, v));
  return Math.min(Math.floor(r.hi), Math.max(Math.ceil(r.lo), Math.round(v)));
}

/** The `key=value` overrides of a point of the unit cube. */
export function pointSets(ranges: readonly SearchRange[], x: readonly number[]): string[] {
  return ranges.map((r, i) => `${r.key}=${searchValue(r, x[i]!)}`);
}

/** Parses `key=lo:hi[:log]` or `key=a,b,c` (also `key=a|b|c`), the forms `--range` takes in `optimize`. */
export function parseSearchRange(text: string): SearchRange {
  const eq = text.indexOf("=");
  const body = eq > 0 ? text.slice(eq + 1) : "";
  if (!body.includes(",") && !body.includes("|")) return parseRange(text);
  const key = text.slice(0, eq).trim();
  const levels = body.split(/[,|]/).map((l) => l.trim());
  const bad = (why: string) =>
    new ParameterError(`--range ${JSON.stringify(text)}: ${why} (expected key=a,b,c)`);
  if (levels.includes("")) throw bad("an empty level");
  if (new Set(levels).size !== levels.length) throw bad("a level given twice");
  if (levels.length < 2) throw bad("give two levels or more");
  return { key, levels };
}

/**
 * Checks searched parameters against a scenario before anything runs: numeric
 * ranges as {@link checkRanges}; for a choice, the key is a parameter, given
 * once, not also `--set`, and every level is a value the scenario accepts.
 */
export function checkSearchRanges(
  scenario: Scenario,
  ranges: readonly SearchRange[],
  sets: readonly string[],
): SearchRange[] {
  if (ranges.length === 0) throw new ParameterError("give at least one --range key=lo:hi");
  const seen = new Set<string>();
  for (const r of ranges) {
    if (seen.has(r.key)) throw new ParameterError(`--range ${r.key}: given twice`);
    seen.add(r.key);
  }
  const numeric = checkRanges(
    scenario,
    ranges.filter((r): r is ParamRange => !isLevels(r)),
    sets,
    true,
  );
  const known = leafParams(scenario.schema).map((l) => l.path);
  return ranges.map((r) => {
    if (!isLevels(r)) return numeric.find((n) => n.key === r.key)!;
    if (!known.includes(r.key))
      throw new ParameterError(
        `--range ${r.key}: no such parameter in ${scenario.name}. Closest: ${closestPaths(r.key, known).join(", ")}`,
      );
    if (sets.some((s) => s.split("=")[0]?.trim() === r.key))
      throw new ParameterError(`--range ${r.key}: also fixed by --set; drop one`);
    for (const level of r.levels) {
      try {
        resolveParams(scenario, [...sets, `${r.key}=${level}`]);
      } catch (err) {
        throw new ParameterError(`--range ${r.key}: level ${level}: ${(err as Error).message}`);
      }
    }
    return r;
  });
}

/** The value of a searched parameter at unit coordinate `u`: {@link toValue}, or level floor(u K) of K. */
export function searchValue(r: SearchRange, u: number): number | string {
  if (!isLevels(r)) return toValue(r, u);
  const t = Math.min(1, Math.max(0, u));
  return r.levels[Math.min(r.levels.length - 1, Math.floor(t * r.levels.length))]!;
}
