import { type TObject, type TProperties, Type } from "@sinclair/typebox";
import { ParameterError } from "../errors.ts";

/**
 * A scenario's own parameter sections added to a schema (usually `networkSchema`'s):
 * `extendSchema(schema, { rewards: { perStepTokens: num(80, {...}) } })`. Each
 * section is a record of fields made with `num`, `int`, `share`, `flag` or `choice`,
 * so that its parameters have defaults, units and ranges like the built-in ones:
 * `--set rewards.perStepTokens=100` works, `tokensim params` lists them, and bad
 * values are refused. A section that already exists is an error. (A mechanism's
 * section is added the same way: see `defineMechanism`.)
 */
export function extendSchema<S extends TObject, const E extends Record<string, TProperties>>(
  schema: S,
  sections: E,
): Extended<S, E> {
  return addSections(
    schema,
    Object.fromEntries(Object.entries(sections).map(([name, f]) => [name, Type.Object(f)])),
  ) as unknown as Extended<S, E>;
}

/**
 * `schema` with the given section schemas added after its own, in order (what
 * {@link extendSchema} does with built sections). A section that already exists
 * is an error.
 */
export function addSections(schema: TObject, sections: Record<string, TObject>): TObject {
  const props: TProperties = { ...schema.properties };
  for (const [name, section] of Object.entries(sections)) {
    if (name in props) throw new ParameterError(`parameter section '${name}' already exists`);
    props[name] = section;
  }
  return Type.Object(props);
}

/** A schema with extra sections (see {@link extendSchema}). */
export type Extended<S extends TObject, E extends Record<string, TProperties>> = TObject<
  S["properties"] & { [K in keyof E]: TObject<E[K]> }
>;
