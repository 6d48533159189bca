import { Kind, type TSchema } from "@sinclair/typebox";
import { ParameterError } from "../errors.ts";

/**
 * Returns a copy of `schema` in which the parameters under `keys` (whole sections
 * such as `"demand"`, or single parameters such as `"market.feeRate"`) are fixed
 * at their defaults: `--set`, sweep axes and ranges, checks and the dashboard's
 * form refuse them with `reason`, and `tokensim params` lists them apart. A
 * scenario whose pipeline does not read a built-in section fixes it, so that
 * nobody sweeps a parameter that changes nothing. The run still gets every
 * parameter (at its default). A key that is not a parameter or section is an
 * error.
 *
 * Each fixed leaf carries the JSON Schema annotation `readOnly: true` and the
 * reason as `fixed`, so `tokensim params --json` shows them too.
 */
export function fixParams<S extends TSchema>(
  schema: S,
  keys: readonly string[],
  reason: string,
): S {
  if (reason.trim() === "") throw new ParameterError("fixParams needs a reason (say why)");
  let out: TSchema = schema;
  for (const key of keys) {
    if (key === "") throw new ParameterError("fixParams: an empty key");
    out = fixAt(out, key.split("."), reason, key);
  }
  return out as S;
}

/** Whether a leaf parameter's schema is fixed by its scenario (see {@link fixParams}). */
export function isFixed(leaf: TSchema): boolean {
  return typeof leaf.fixed === "string";
}

function fixAt(schema: TSchema, path: readonly string[], reason: string, key: string): TSchema {
  if (path.length === 0) return fixAll(schema, reason);
  if (schema[Kind] !== "Object")
    throw new ParameterError(`fixParams: '${key}' is not a parameter or section`);
  const props = schema.properties as Record<string, TSchema>;
  const [head, ...rest] = path as [string, ...string[]];
  const child = props[head];
  if (!child) throw new ParameterError(`fixParams: '${key}' is not a parameter or section`);
  return { ...schema, properties: { ...props, [head]: fixAt(child, rest, reason, key) } };
}

function fixAll(schema: TSchema, reason: string): TSchema {
  if (schema[Kind] !== "Object") return { ...schema, readOnly: true, fixed: reason };
  const props = schema.properties as Record<string, TSchema>;
  return {
    ...schema,
    properties: Object.fromEntries(
      Object.entries(props).map(([k, child]) => [k, fixAll(child, reason)]),
    ),
  };
}
