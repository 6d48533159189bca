import { ScenarioError } from "../errors.ts";
import { BUILTIN_MECHANISMS, COLUMN_ORDER } from "../mechanisms/builtins.ts";
import type { Mechanism } from "../mechanisms/mechanism.ts";
import { type Column, column } from "../pipeline/outputs.ts";
import type { World } from "../state/world.ts";

/** One per-step output column: its name, unit, meaning and how to read it from the world. */
export type ColumnSpec = Column;

/** Key columns that precede the metrics in every row. */
const KEY_COLUMNS: readonly string[] = ["run", "point", "step"];

/**
 * The built-in mechanisms' columns in {@link COLUMN_ORDER}; a column declared twice,
 * or declared and not in the order (or the other way round), is an error at load.
 */
function orderedColumns(mechanisms: readonly Mechanism[], order: readonly string[]): ColumnSpec[] {
  const byName = new Map<string, ColumnSpec>();
  for (const m of mechanisms)
    for (const col of m.columns ?? []) {
      if (byName.has(col.name))
        throw new Error(`built-in column '${col.name}' is declared twice (mechanism '${m.name}')`);
      byName.set(col.name, col);
    }
  const out = order.map((name) => {
    const col = byName.get(name);
    if (!col) throw new Error(`COLUMN_ORDER names '${name}', which no built-in mechanism declares`);
    byName.delete(name);
    return col;
  });
  if (byName.size > 0)
    throw new Error(`built-in columns missing from COLUMN_ORDER: ${[...byName.keys()].join(", ")}`);
  return out;
}

/**
 * The per-step metric columns, in output order: each built-in mechanism's
 * (`columns` in its module under `engine/mechanisms/builtin/`) in
 * {@link COLUMN_ORDER}. `run`, `point` and `step` (int32) precede them in every
 * row; see {@link metricColumns} for the columns that follow.
 */
export const BASE_COLUMNS: readonly ColumnSpec[] = orderedColumns(BUILTIN_MECHANISMS, COLUMN_ORDER);

/**
 * All metric columns for a world: the base columns, then `active_<class>` per
 * hardware class, then the columns of the scenario's own mechanisms in the run
 * (`w.userMechanisms`, in order). A mechanism's column that takes a name already
 * used is an error naming both.
 */
export function metricColumns(w: World): ColumnSpec[] {
  const builtIn = [
    ...BASE_COLUMNS,
    ...w.classNames.map((name, k) =>
      column(
        `active_${name}`,
        "providers",
        `active providers of class ${name}`,
        (x) => x.roster.activeByClass[k]!,
      ),
    ),
  ];
  if (w.userMechanisms.length === 0) return builtIn;
  const owner = new Map<string, string>(
    [...KEY_COLUMNS, ...builtIn.map((c) => c.name)].map((n) => [n, "the built-in columns"]),
  );
  const out = builtIn;
  for (const m of w.userMechanisms)
    for (const col of m.columns ?? []) {
      const had = owner.get(col.name);
      if (had)
        throw new ScenarioError(
          `mechanism '${m.name}' declares column '${col.name}', which ${had} already has`,
        );
      owner.set(col.name, `mechanism '${m.name}'`);
      out.push(col);
    }
  return out;
}
