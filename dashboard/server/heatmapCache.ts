import { statSync } from "node:fs";
import { join } from "node:path";
import { type DataRunner, inThreadData } from "./dataPool.ts";

/**
 * The heatmap table of each complete sweep, computed once (by the data runner,
 * on a worker thread in the server): it reads the last row of every run's
 * per-step file, seconds for a large sweep, where a request for the cached bytes
 * takes microseconds. Keyed by `sweep.arrow`'s time and size (written when the
 * sweep completes, rewritten by a resume or a merge). Holds the latest `size`
 * sweeps; a failure is not kept.
 */
export class HeatmapCache {
  private readonly entries = new Map<string, { key: string; bytes: Promise<Uint8Array> }>();
  constructor(
    private readonly size = 16,
    private readonly compute: (dir: string) => Promise<Uint8Array> = inThreadData.heatmap,
  ) {}

  /** A cache whose tables are computed by `data`. */
  static on(data: DataRunner, size = 16): HeatmapCache {
    return new HeatmapCache(size, (dir) => data.heatmap(dir));
  }

  get(dir: string): Promise<Uint8Array> {
    const st = statSync(join(dir, "sweep.arrow"));
    const key = `${st.mtimeMs}/${st.size}`;
    const hit = this.entries.get(dir);
    if (hit?.key === key) {
      this.entries.delete(dir);
      this.entries.set(dir, hit);
      return hit.bytes;
    }
    const bytes = this.compute(dir);
    this.entries.delete(dir);
    this.entries.set(dir, { key, bytes });
    bytes.catch(() => {
      if (this.entries.get(dir)?.bytes === bytes) this.entries.delete(dir);
    });
    if (this.entries.size > this.size) this.entries.delete(this.entries.keys().next().value!);
    return bytes;
  }
}
