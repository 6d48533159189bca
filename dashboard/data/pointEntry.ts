import { fanToArrow } from "./arrowTable.ts";
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
    runs: number;
    spiralledRuns: number;
    stepHours: number;
    spirals: SpiralMark[];
    shocks: ShockMark[];
  };
  fan: Uint8Array;
}

/**
 * Computes a point's entry from its runs' per-step files: the costly part of a
 * sweep page (about 1.5 s for four year-long runs), so the server runs it on a
 * worker thread (see `dashboard/dataWorker.ts`).
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
      stepHours: data.stepHours,
      spirals: data.spirals,
      shocks: params === undefined ? [] : shockMarks(params),
    },
    fan: fanToArrow(pointFan(data, params)),
  };
}
