import {
  type TBoolean,
  type TInteger,
  type TLiteral,
  type TNumber,
  type TUnion,
  Type,
} from "@sinclair/typebox";
import type { Provenance } from "./provenance.ts";

/** Metadata every numeric parameter carries: its unit and what it means. */
export interface FieldMeta {
  unit: string;
  description: string;
  minimum?: number;
  maximum?: number;
  exclusiveMinimum?: number;
  /**
   * Where the default comes from (a source, an assumption with its reason, a
   * setting, or a scenario's choice); `tokensim params` prints it. Built-in
   * parameters have theirs in engine/params/provenance.ts.
   */
  provenance?: Provenance;
}

/** A number parameter with a default, a unit and a range (TypeBox schema). */
export function num(defaultValue: number, meta: FieldMeta): TNumber {
  return Type.Number({ default: defaultValue, ...meta });
}

/** An integer parameter with a default, a unit and a range (TypeBox schema). */
export function int(defaultValue: number, meta: FieldMeta): TInteger {
  return Type.Integer({ default: defaultValue, ...meta });
}

/** A share in [0, 1]. */
export function share(defaultValue: number, description: string, provenance?: Provenance): TNumber {
  return num(defaultValue, {
    unit: "fraction",
    description,
    minimum: 0,
    maximum: 1,
    ...(provenance ? { provenance } : {}),
  });
}

/** An on/off switch (TypeBox boolean with a default). */
export function flag(defaultValue: boolean, description: string): TBoolean {
  return Type.Boolean({ default: defaultValue, unit: "flag", description });
}

/** One of a fixed set of names (a registered choice), with a default. */
export function choice<const N extends string>(
  names: readonly N[],
  defaultValue: NoInfer<N>,
  description: string,
): TUnion<TLiteral<N>[]> {
  return Type.Union(
    names.map((n) => Type.Literal(n)),
    { default: defaultValue, unit: "name", description },
  );
}
