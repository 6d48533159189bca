import { Kind } from "@sinclair/typebox";
import { ParameterError } from "../errors.ts";
import { closestPaths, leafParams } from "../params/overrides.ts";
import { resolveParams, type Scenario } from "../scenario.ts";

/** One searched parameter: its dotted key and bounds; the optimiser works on [0, 1] per range. */
export interface ParamRange {
  key: string;
  lo: number;
  hi: number;
  /** Searched in log space (lo > 0). */
  log: boolean;
  /** An integer parameter: values are rounded to the nearest integer. */
  integer: boolean;
}

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
): ParamRange[] {
  if (ranges.length === 0) throw new ParameterError("give at least one --range key=lo:hi");
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
export function pointSets(ranges: readonly ParamRange[], x: readonly number[]): string[] {
  return ranges.map((r, i) => `${r.key}=${toValue(r, x[i]!)}`);
}
