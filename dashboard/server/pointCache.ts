import { fanToArrow } from "../data/arrowTable.ts";
import { pointFan } from "../data/pointFan.ts";
import { pointParams } from "../data/pointShocks.ts";
import { describeResult, loadPoint } from "../data/resultStore.ts";
import { type ShockMark, shockMarks } from "../data/shocks.ts";
import type { SpiralMark } from "../data/spirals.ts";

/** What the page asks of a point: its spirals and its fan bands (Arrow), computed once. */
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
 * A small LRU cache of points: the point's JSON and its fan table are asked
 * for together, and reading every run's steps is the costly part. Keyed by the
 * folder, the point and the runs done, so a sweep still running is re-read as
 * runs complete.
 */
export class PointCache {
  private readonly entries = new Map<string, PointEntry>();
  constructor(private readonly size = 8) {}

  async get(dir: string, id: string, point: number): Promise<PointEntry> {
    const info = describeResult(dir, id);
    const key = `${dir}\u0000${point}\u0000${info.runsDone}\u0000${info.complete}`;
    const hit = this.entries.get(key);
    if (hit) {
      this.entries.delete(key);
      this.entries.set(key, hit);
      return hit;
    }
    const data = loadPoint(dir, info, point);
    // The point's parameters, resolved once: its shocks and its spiral delay.
    const params = await pointParams(dir, data);
    const p = info.points.find((x) => x.index === point)!;
    const entry: PointEntry = {
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
    this.entries.set(key, entry);
    while (this.entries.size > this.size) this.entries.delete(this.entries.keys().next().value!);
    return entry;
  }
}
