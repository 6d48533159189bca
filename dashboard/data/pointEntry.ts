import { fanToArrow } from "./arrowTable.ts";
import type { RunFailure } from "./failures.ts";
import { pointFan } from "./pointFan.ts";
import { pointParams } from "./pointShocks.ts";
import { describeResult, loadPoint } from "./resultStore.ts";
import { type ShockMark, shockMarks } from "./shocks.ts";
import type { SpiralMark } from "./spirals.ts";

/** What the page asks of a point: its spirals and shocks (JSON) and its fan bands (Arrow). */
export interface PointEntry {
  meta: {
    point: number;
    values: Record<string, string | number | boolean>;
    /** Runs that completed ok: those behind the bands, the spirals and the counts. */
    runs: number;
    spiralledRuns: number;
    /** Runs that failed an invariant or crashed (left out of everything else). */
    failures: RunFailure[];
    /** Runs the point should have. */
    expectedRuns: number;
    /** Whether the result keeps per-step files (false: a `--no-steps` sweep). */
    stepsKept: boolean;
    /** Ok runs whose per-step file is there (the fan bands are across these). */
    seriesRuns: number;
    stepHours: number;
    spirals: SpiralMark[];
    shocks: ShockMark[];
  };
  fan: Uint8Array;
}

/**
 * Computes a point's entry from its runs' per-step files: the costly part of a
 * sweep page (a tenth of a second for four year-long runs' 20 charted
 * columns), so the server runs it on a worker thread (see `dashboard/dataWorker.ts`).
 */
export async function pointEntry(dir: string, id: string, point: number): Promise<PointEntry> {
  const info = describeResult(dir, id);
  const data = loadPoint(dir, info, point);
  const p = info.points.find((x) => x.index === point)!;
  // The point's parameters, resolved once: its shocks and its spiral delay.
  const params = await pointParams(dir, data);
  return {
    meta: {
      point,
      values: p.values,
      runs: data.runs,
      spiralledRuns: data.spiralledRuns,
      failures: data.failures,
      expectedRuns: data.expectedRuns,
      stepsKept: data.stepsKept,
      seriesRuns: data.series.length,
      stepHours: data.stepHours,
      spirals: data.spirals,
      shocks: params === undefined ? [] : shockMarks(params),
    },
    fan: fanToArrow(pointFan(data, params)),
  };
}
