import type { PointEntry } from "../data/pointEntry.ts";
import { describeResult } from "../data/resultStore.ts";
import { type DataRunner, inThreadData } from "./dataPool.ts";

export type { PointEntry } from "../data/pointEntry.ts";

/**
 * A small LRU cache of points: the point's JSON and its fan table are asked
 * for together, and reading every run's steps is the costly part (done by the
 * data runner, on a worker thread in the server). Keyed by the folder, the point
 * and the runs done, so a sweep still running is re-read as runs complete.
 * Requests for a point being computed wait for that computation; a failure is
 * not kept.
 */
export class PointCache {
  private readonly entries = new Map<string, Promise<PointEntry>>();
  constructor(
    private readonly data: DataRunner = inThreadData,
    private readonly size = 8,
  ) {}

  get(dir: string, id: string, point: number): Promise<PointEntry> {
    const info = describeResult(dir, id);
    const key = `${dir}\u0000${point}\u0000${info.runsDone}\u0000${info.complete}`;
    const hit = this.entries.get(key);
    if (hit) {
      this.entries.delete(key);
      this.entries.set(key, hit);
      return hit;
    }
    const entry = this.data.point(dir, id, point);
    this.entries.set(key, entry);
    entry.catch(() => this.entries.delete(key));
    while (this.entries.size > this.size) this.entries.delete(this.entries.keys().next().value!);
    return entry;
  }
}
