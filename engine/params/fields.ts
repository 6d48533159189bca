import { type TInteger, type TNumber, Type } from "@sinclair/typebox";

/** Metadata every numeric parameter carries: its unit and what it means. */
export interface FieldMeta {
  unit: string;
  description: string;
  minimum?: number;
  maximum?: number;
  exclusiveMinimum?: number;
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
export function share(defaultValue: number, description: string): TNumber {
  return num(defaultValue, { unit: "fraction", description, minimum: 0, maximum: 1 });
}
