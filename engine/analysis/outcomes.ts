import { readFileSync } from "node:fs";
import { DataType, type Table, tableFromIPC } from "apache-arrow";
import { ParameterError } from "../errors.ts";
import type { SweepManifest } from "../sweep/manifest.ts";
import { sweepPaths } from "../sweep/manifest.ts";

/** The name of the per-point death-spiral probability among the outcomes. */
const P_SPIRAL = "pSpiral";

/** Outcomes analysed when none is named: P(spiral), end price, active providers at the end, and every declared outcome. */
const DEFAULTS = [P_SPIRAL, "priceEndUsd", "providersActiveEnd"];

/** Columns of runs.arrow that are not outcomes. */
const NOT_OUTCOMES = new Set(["point", "run", "seed", "stepsCompleted"]);

/** A sweep's per-run table, with the outcomes it offers. */
export interface RunsTable {
  table: Table;
  /** Every numeric per-run column usable as an outcome, and pSpiral. */
  outcomes: string[];
}

/** Reads `runs.arrow` of a sweep directory. */
export function readRunsTable(dir: string): RunsTable {
  const table = tableFromIPC(readFileSync(sweepPaths(dir).runsTable));
  const numeric = table.schema.fields
    .filter(
      (f) => (DataType.isFloat(f.type) || DataType.isInt(f.type)) && !NOT_OUTCOMES.has(f.name),
    )
    .filter((f) => !f.name.startsWith("param."))
    .map((f) => f.name);
  return { table, outcomes: [P_SPIRAL, ...numeric] };
}

/**
 * The outcomes to analyse: the named ones (a runs.arrow column, pSpiral, or
 * one of `checks`, the check outcomes the scenario offers), else the defaults
 * and every `outcome.*` column.
 */
export function chooseOutcomes(
  runs: RunsTable,
  named: readonly string[],
  checks: readonly string[] = [],
): string[] {
  for (const n of named)
    if (!runs.outcomes.includes(n) && !checks.includes(n))
      throw new ParameterError(
        `--outcome ${n}: not in runs.arrow nor a check outcome of the scenario; choose from ${[...runs.outcomes, ...checks.filter((c) => !runs.outcomes.includes(c))].join(", ")}`,
      );
  if (named.length > 0) return [...new Set(named)];
  return [
    ...DEFAULTS.filter((n) => runs.outcomes.includes(n)),
    ...runs.outcomes.filter((n) => n.startsWith("outcome.")),
  ];
}

/**
 * One outcome per parameter point: the mean over the point's completed (ok)
 * runs of the per-run value (nulls left out). pSpiral is the mean of the
 * per-run indicator "at least one death spiral", i.e. P(spiral) at the point.
 * A point with no value is an error naming it: the indices need every point.
 */
export function perPoint(runs: RunsTable, manifest: SweepManifest, outcome: string): Float64Array {
  const { table } = runs;
  const points = table.getChild("point")!;
  const status = table.getChild("status")!;
  const column = table.getChild(outcome === P_SPIRAL ? "deathSpirals" : outcome)!;
  return pointMeans(manifest, outcome, table.numRows, (r) => {
    if (status.get(r) !== "ok") return undefined;
    const raw = column.get(r) as number | null;
    if (raw === null) return undefined;
    return {
      point: points.get(r) as number,
      value: outcome === P_SPIRAL ? (raw > 0 ? 1 : 0) : raw,
    };
  });
}

/**
 * Means per point of per-run values: `run(k)` gives run k's point and value,
 * or undefined to leave it out (NaN values are left out too). A point left
 * with no value is an error naming it.
 */
export function pointMeans(
  manifest: SweepManifest,
  outcome: string,
  count: number,
  run: (k: number) => { point: number; value: number } | undefined,
): Float64Array {
  const n = manifest.points.length;
  const sum = new Float64Array(n);
  const seen = new Float64Array(n);
  for (let k = 0; k < count; k++) {
    const r = run(k);
    if (r === undefined || Number.isNaN(r.value)) continue;
    sum[r.point]! += r.value;
    seen[r.point]! += 1;
  }
  const missing = [...seen.keys()].filter((p) => seen[p] === 0);
  if (missing.length > 0)
    throw new ParameterError(
      `${outcome}: no completed run with a value at point${missing.length > 1 ? "s" : ""} ${missing.slice(0, 5).join(", ")}${missing.length > 5 ? ", ..." : ""}; rerun those points (see failures.json) or analyse another outcome`,
    );
  return sum.map((s, p) => s / seen[p]!);
}
