import { type TObject, type TProperties, Type } from "@sinclair/typebox";

/** An object schema with one `item(default)` per key of `defaults` (hardware classes, regions). */
export function recordOf<T>(defaults: Record<string, T>, item: (d: T) => TObject) {
  const props: TProperties = {};
  for (const [k, v] of Object.entries(defaults)) props[k] = item(v);
  return Type.Object(props);
}
