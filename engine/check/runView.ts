import { type Table, tableFromIPC } from "apache-arrow";
import type { RunSummary } from "../pipeline/run.ts";
import type { RunView } from "./spec.ts";

/** A {@link RunView} over a run's Arrow bytes and summary. */
export function runViewFromArrow(
  bytes: Uint8Array,
  summary: RunSummary,
): RunView & { table: Table } {
  const table = tableFromIPC(bytes);
  const cache = new Map<string, ArrayLike<number>>();
  const column = (name: string): ArrayLike<number> => {
    let values = cache.get(name);
    if (!values) {
      const child = table.getChild(name);
      if (!child) throw new Error(`no column '${name}' in the run's output`);
      values = child.toArray() as ArrayLike<number>;
      cache.set(name, values);
    }
    return values;
  };
  return {
    summary,
    table,
    column,
    at(name, step) {
      const values = column(name);
      if (values.length === 0) return Number.NaN;
      return values[Math.max(0, Math.min(step, values.length - 1))]!;
    },
  };
}
