import type { ParamField } from "../server/scenarioInfo.ts";

/** The value typed for a parameter, parsed, or an error message (the same rules as the server's). */
export function parseField(
  f: ParamField,
  raw: string,
): { value: number | boolean | string } | { error: string } {
  const s = raw.trim();
  if (f.kind === "boolean") {
    if (s === "true" || s === "false") return { value: s === "true" };
    return { error: `${f.key}: expected true or false` };
  }
  if (f.kind === "choice") {
    if (f.options?.includes(s)) return { value: s };
    return { error: `${f.key}: expected one of ${f.options?.join(", ")}` };
  }
  if (f.kind === "string") return { value: s };
  const v = Number(s);
  const unit = f.unit ? ` ${f.unit}` : "";
  if (s === "" || !Number.isFinite(v))
    return { error: `${f.key}: expected a number${unit ? ` (${f.unit})` : ""}` };
  if (f.kind === "integer" && !Number.isInteger(v))
    return { error: `${f.key}: expected an integer` };
  if (f.minimum !== undefined && v < f.minimum)
    return { error: `${f.key}: ${v} is below the minimum ${f.minimum}${unit}` };
  if (f.exclusiveMinimum !== undefined && v <= f.exclusiveMinimum)
    return { error: `${f.key}: must be above ${f.exclusiveMinimum}${unit}` };
  if (f.maximum !== undefined && v > f.maximum)
    return { error: `${f.key}: ${v} is above the maximum ${f.maximum}${unit}` };
  return { value: v };
}

/** A field's range and unit in words. */
export function rangeText(f: ParamField): string {
  if (f.kind === "choice") return `one of ${f.options?.join(", ")}`;
  if (f.kind === "boolean") return "true or false";
  const lo =
    f.exclusiveMinimum !== undefined
      ? `> ${f.exclusiveMinimum}`
      : f.minimum !== undefined
        ? `≥ ${f.minimum}`
        : "";
  const hi = f.maximum !== undefined ? `≤ ${f.maximum}` : "";
  return [[lo, hi].filter(Boolean).join(", "), f.unit].filter(Boolean).join(" · ");
}
