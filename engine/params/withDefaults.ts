import { Kind, type Static, type TSchema } from "@sinclair/typebox";
import { ParameterError } from "../errors.ts";

/** A nested partial of a parameter tree: the defaults a scenario changes. */
export type DeepPartial<T> = {
  [K in keyof T]?: T[K] extends readonly unknown[]
    ? T[K]
    : T[K] extends object
      ? DeepPartial<T[K]>
      : T[K];
};

/**
 * Returns a copy of `schema` whose leaf defaults are replaced by the values in
 * `defaults` (a nested partial). A key that is not in the schema is an error, so
 * a scenario cannot silently misspell a parameter.
 */
export function withDefaults<S extends TSchema>(
  schema: S,
  defaults: DeepPartial<Static<S>>,
  path = "",
): S {
  const copy = { ...schema } as TSchema;
  if (copy[Kind] === "Object") {
    const props = { ...(copy.properties as Record<string, TSchema>) };
    for (const [key, value] of Object.entries(defaults)) {
      const child = props[key];
      const at = path ? `${path}.${key}` : key;
      if (!child) throw new ParameterError(`scenario default '${at}' is not a parameter`);
      props[key] =
        child[Kind] === "Object"
          ? withDefaults(child, value as DeepPartial<Static<TSchema>>, at)
          : { ...child, default: value };
    }
    copy.properties = props;
  }
  return copy as S;
}
