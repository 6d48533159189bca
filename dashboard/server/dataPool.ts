import { Piscina } from "piscina";
import { heatmapTable } from "../data/heatmapTable.ts";
import { type PointEntry, pointEntry } from "../data/pointEntry.ts";
import type { DataAnswer, DataTask } from "../dataWorker.ts";

/** Where the dashboard's heavy reads run: a worker thread, or this thread (threads 0). */
export interface DataRunner {
  point(dir: string, id: string, point: number): Promise<PointEntry>;
  heatmap(dir: string): Promise<Uint8Array>;
  close(): Promise<void>;
}

/** Runs the reads in this thread (tests; a server started with no data thread). */
export const inThreadData: DataRunner = {
  point: (dir, id, point) => pointEntry(dir, id, point),
  heatmap: async (dir) => heatmapTable(dir),
  close: async () => {},
};

/**
 * A data runner on `threads` worker threads (see `dashboard/dataWorker.ts`), or
 * in this thread when `threads` is 0. A task's error comes back as an error
 * with the HTTP status the server's error handler gives its kind.
 */
export function createDataRunner(threads: number): DataRunner {
  if (threads <= 0) return inThreadData;
  const pool = new Piscina({
    // From source, a bootstrap registers the TypeScript loader in the thread; the
    // compiled package loads its JavaScript directly (this code sits one level
    // below dist/, in dist/chunks/ or an entry's folder).
    filename: new URL(
      import.meta.url.endsWith(".ts") ? "../dataBootstrap.mjs" : "../dashboard/dataWorker.js",
      import.meta.url,
    ).href,
    minThreads: 0,
    maxThreads: threads,
    idleTimeout: 60_000,
  });
  // Tasks in flight: closing waits for them, since piscina throws an uncaught
  // error when a destroyed pool receives a task's answer (a precomputation that
  // nobody awaits can be in flight when the server stops).
  const pending = new Set<Promise<unknown>>();
  const run = async <T>(task: DataTask): Promise<T> => {
    const job = pool.run(task) as Promise<DataAnswer>;
    pending.add(job);
    const answer = await job.finally(() => pending.delete(job));
    if ("ok" in answer) return answer.ok as T;
    const { statusCode, message } = answer.failed;
    if (statusCode >= 500) throw new Error(message);
    throw Object.assign(new Error(message), { statusCode });
  };
  return {
    point: (dir, id, point) => run<PointEntry>({ kind: "point", dir, id, point }),
    heatmap: (dir) => run<Uint8Array>({ kind: "heatmap", dir }),
    async close() {
      await Promise.allSettled([...pending]);
      await pool.destroy();
    },
  };
}
