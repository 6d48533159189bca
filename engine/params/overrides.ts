import { Kind, type TSchema } from "@sinclair/typebox";
import { Value } from "@sinclair/typebox/value";
import { ParameterError } from "../errors.ts";
import { isFixed } from "./fix.ts";

/** A leaf parameter: its dotted path and its schema. */
export interface LeafParam {
  path: string;
  schema: TSchema;
}

/** Every leaf of a parameter schema, depth first, in declaration order. */
export function leafParams(schema: TSchema, prefix = ""): LeafParam[] {
  if (schema[Kind] === "Object") {
    const out: LeafParam[] = [];
    for (const [key, child] of Object.entries(schema.properties as Record<string, TSchema>)) {
      out.push(...leafParams(child, prefix ? `${prefix}.${key}` : key));
    }
    return out;
  }
  return [{ path: prefix, schema }];
}

/** Levenshtein edit distance (small strings; O(a·b)). */
export function editDistance(a: string, b: string): number {
  const prev = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    let diag = prev[0]!;
    prev[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const up = prev[j]!;
      prev[j] = Math.min(up + 1, prev[j - 1]! + 1, diag + (a[i - 1] === b[j - 1] ? 0 : 1));
      diag = up;
    }
  }
  return prev[b.length]!;
}

/** Up to `n` known paths closest to `path` (by full path and by last segment). */
export function closestPaths(path: string, known: readonly string[], n = 3): string[] {
  const lower = path.toLowerCase();
  const tail = lower.split(".").pop() ?? lower;
  return known
    .map((k) => {
      const kl = k.toLowerCase();
      const ktail = kl.split(".").pop() ?? kl;
      const score = Math.min(editDistance(lower, kl), editDistance(tail, ktail) + 0.5);
      return { k, score: kl.includes(tail) || lower.includes(ktail) ? score - 1 : score };
    })
    .sort((x, y) => x.score - y.score || x.k.localeCompare(y.k))
    .slice(0, n)
    .map((x) => x.k);
}

/** The allowed range of a numeric schema, in words, with its unit. */
export function describeRange(schema: TSchema): string {
  const unit = typeof schema.unit === "string" ? ` ${schema.unit}` : "";
  if (schema[Kind] === "Union") {
    const options = (schema.anyOf as TSchema[]).map((s) => JSON.stringify(s.const)).join(", ");
    return `one of ${options}`;
  }
  if (schema[Kind] === "Boolean") return "true or false";
  if (schema[Kind] === "String") return "a string";
  const lo =
    schema.exclusiveMinimum !== undefined
      ? `> ${schema.exclusiveMinimum}`
      : schema.minimum !== undefined
        ? `>= ${schema.minimum}`
        : "";
  const hi = schema.maximum !== undefined ? `<= ${schema.maximum}` : "";
  const kind = schema[Kind] === "Integer" ? "an integer" : "a number";
  const range = [lo, hi].filter(Boolean).join(" and ");
  return `${kind}${range ? ` ${range}` : ""}${unit ? ` (unit:${unit})` : ""}`;
}

const DECIMAL = /^[+-]?(\d[\d_]*(\.\d*)?|\.\d+)([eE][+-]?\d+)?$/;

function parseValue(raw: string, leaf: LeafParam): unknown {
  const s = leaf.schema;
  const kind = s[Kind];
  if (kind === "Number" || kind === "Integer") {
    // Decimal numbers as typed (digits may be grouped with _): no hex, no blanks.
    const v = Number(raw.replaceAll("_", ""));
    if (!DECIMAL.test(raw) || !Number.isFinite(v) || (kind === "Integer" && !Number.isInteger(v))) {
      throw new ParameterError(`${leaf.path}=${raw}: expected ${describeRange(s)}`);
    }
    return v;
  }
  if (kind === "Boolean") {
    if (raw === "true" || raw === "false") return raw === "true";
    throw new ParameterError(`${leaf.path}=${raw}: expected true or false`);
  }
  if (kind === "Union") {
    const match = (s.anyOf as TSchema[]).find((o) => String(o.const) === raw);
    if (!match) throw new ParameterError(`${leaf.path}=${raw}: expected ${describeRange(s)}`);
    return match.const;
  }
  return raw;
}

function setPath(target: Record<string, unknown>, path: string, value: unknown): void {
  const keys = path.split(".");
  let node: Record<string, unknown> = target;
  for (const k of keys.slice(0, -1)) node = node[k] as Record<string, unknown>;
  node[keys[keys.length - 1]!] = value;
}

/**
 * Applies `key=value` overrides (dotted paths) to a copy of `params`, parsing each
 * value by its schema. Unknown keys name the closest known keys; values of the
 * wrong type or out of range name the allowed range and unit.
 */
export function applyOverrides<P>(schema: TSchema, params: P, assignments: readonly string[]): P {
  const leaves = leafParams(schema);
  const byPath = new Map(leaves.map((l) => [l.path, l]));
  const out = structuredClone(params) as Record<string, unknown>;
  for (const assignment of assignments) {
    const eq = assignment.indexOf("=");
    if (eq <= 0)
      throw new ParameterError(
        `--set ${assignment}: expected key=value, e.g. demand.burstMultiplier=10`,
      );
    const key = assignment.slice(0, eq).trim();
    if (key === "")
      throw new ParameterError(
        `--set ${assignment}: expected key=value, e.g. demand.burstMultiplier=10`,
      );
    const leaf = byPath.get(key);
    if (leaf && isFixed(leaf.schema))
      throw new ParameterError(
        `'${key}' is fixed by this scenario (${String(leaf.schema.fixed)}); it cannot be set`,
      );
    if (!leaf) {
      // A section (`sim`, `hardware.h100`) is not a value: name the parameters in it.
      const settable = leaves.filter((l) => !isFixed(l.schema)).map((l) => l.path);
      const inside = settable.filter((k) => k.startsWith(`${key}.`));
      if (inside.length > 0)
        throw new ParameterError(
          `'${key}' is a group of parameters, not one: set ${inside.slice(0, 4).join(", ")}${inside.length > 4 ? `, ... (${inside.length} in all)` : ""}`,
        );
      if (leaves.some((l) => l.path.startsWith(`${key}.`)))
        throw new ParameterError(
          `'${key}' is a group of parameters this scenario fixes; none of them can be set`,
        );
      const near = closestPaths(key, settable);
      throw new ParameterError(`unknown parameter '${key}'. Did you mean: ${near.join(", ")}?`);
    }
    setPath(out, key, parseValue(assignment.slice(eq + 1).trim(), leaf));
  }
  checkParams(schema, out);
  return out as P;
}

/** Validates params against the schema; throws a ParameterError naming every bad value. */
export function checkParams(schema: TSchema, params: unknown): void {
  const problems: string[] = [];
  const leaves = new Map(leafParams(schema).map((l) => [l.path, l]));
  for (const e of Value.Errors(schema, params)) {
    const path = e.path.slice(1).replaceAll("/", ".");
    const leaf = leaves.get(path);
    problems.push(
      leaf
        ? `${path}=${JSON.stringify(e.value)}: expected ${describeRange(leaf.schema)}`
        : `${path || "(root)"}: ${e.message}`,
    );
    if (problems.length >= 8) break;
  }
  if (problems.length > 0)
    throw new ParameterError(`invalid parameters:\n  ${problems.join("\n  ")}`);
}
