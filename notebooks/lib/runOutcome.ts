import { readFileSync } from "node:fs";
import { sweepPaths } from "../../engine/sweep/manifest.ts";
import type { RunRecord } from "../../engine/sweep/runRecord.ts";

/**
 * A declared per-run outcome (the scenario's or a phase's `outcomes`) of one
 * run of a sweep, read from its run record; NaN when the run did not declare
 * it, errored, or wrote null (a NaN outcome). The notebooks' `Run` carries the
 * headline figures only.
 */
export function outcomeOf(out: string, run: { point: number; run: number }, name: string): number {
  const rec = JSON.parse(
    readFileSync(sweepPaths(out).summary(run.point, run.run), "utf8"),
  ) as RunRecord;
  const v = rec.outcomes?.[name];
  return typeof v === "number" ? v : Number.NaN;
}
