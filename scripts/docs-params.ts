/**
 * Regenerates the parameter rows of docs/mechanisms.md from the baseline
 * scenario's schema (default, unit, range, meaning), and inserts a row for each
 * parameter missing from a table, after the row of the parameter that precedes
 * it in the schema. Rows of parameters no longer in the schema are dropped.
 *
 *   npx tsx scripts/docs-params.ts
 */
import { readFileSync, writeFileSync } from "node:fs";
import { Value } from "@sinclair/typebox/value";
import { leafParams } from "../engine/params/overrides.ts";
import { scenario } from "../scenarios/baseline.ts";

const path = new URL("../docs/mechanisms.md", import.meta.url);
const leaves = leafParams(scenario.schema);
const defaults = Value.Create(scenario.schema) as Record<string, unknown>;
const valueAt = (p: string) =>
  p.split(".").reduce<unknown>((o, k) => (o as Record<string, unknown>)[k], defaults);
const fmt = (v: unknown) => (typeof v === "string" ? `"${v}"` : String(v));

function range(s: Record<string, unknown>): string {
  if (Array.isArray(s.anyOf))
    return (s.anyOf as { const: string }[]).map((o) => `\`${o.const}\``).join(", ");
  if (s.type === "boolean") return "true, false";
  const lo =
    s.exclusiveMinimum !== undefined
      ? `> ${s.exclusiveMinimum}`
      : s.minimum !== undefined
        ? `≥ ${s.minimum}`
        : "";
  const hi = s.maximum !== undefined ? `≤ ${s.maximum}` : "";
  return [lo, hi].filter(Boolean).join(", ");
}

const row = (p: string, s: Record<string, unknown>) =>
  `| \`${p}\` | ${fmt(valueAt(p))} | ${s.unit} | ${range(s)} | ${s.description} |`;

const byPath = new Map(leaves.map((l) => [l.path, l.schema as unknown as Record<string, unknown>]));
const order = leaves.map((l) => l.path);
const rowPath = (line: string) => /^\| `([a-zA-Z.]+)`\s*\|/.exec(line)?.[1];
const lines = readFileSync(path, "utf8").split("\n");
const documented = new Set(lines.map(rowPath).filter((p): p is string => !!p && byPath.has(p)));
const out: string[] = [];
for (const line of lines) {
  const p = rowPath(line);
  if (!p?.includes(".")) {
    out.push(line);
    continue;
  }
  const s = byPath.get(p);
  if (!s) continue; // no longer a parameter
  out.push(row(p, s));
  // Parameters that follow this one in the schema and are documented nowhere.
  for (let k = order.indexOf(p) + 1; k < order.length; k++) {
    const next = order[k]!;
    if (documented.has(next)) break;
    if (next.split(".")[0] !== p.split(".")[0]) break;
    out.push(row(next, byPath.get(next)!));
    documented.add(next);
  }
}
writeFileSync(path, out.join("\n"));
console.log(`docs/mechanisms.md: ${documented.size} parameters`);
