import { Piscina } from "piscina";
import { heatmapTable } from "../data/heatmapTable.ts";
import { type PointEntry, pointEntry } from "../data/pointEntry.ts";
import type { DataAnswer, DataTask, EncodedBytes } from "../dataWorker.ts";
import { type Encoded, seedEncoded } from "./sendCached.ts";

/** Where the dashboard's heavy reads run: a worker thread, or this thread (threads 0). */
export interface DataRunner {
  point(dir: string, id: string, point: number): Promise<PointEntry>;
  heatmap(dir: string): Promise<Uint8Array>;
  /** Starts the thread and loads its modules, so the first view does not wait for them. */
  warm(): Promise<void>;
  close(): Promise<void>;
}

/** Runs the reads in this thread (tests; a server started with no data thread). */
export const inThreadData: DataRunner = {
  point: (dir, id, point) => pointEntry(dir, id, point),
  heatmap: (dir) => heatmapTable(dir),
  warm: async () => {},
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
    // No thread until the first task (tests that inject requests start none);
    // once started (at listen, see `warm`), a thread stays: a view an hour
    // later does not wait seconds for a thread to start and load its modules.
    minThreads: 0,
    maxThreads: threads,
    idleTimeout: Number.POSITIVE_INFINITY,
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
    // The payloads come with their ETag and brotli form, made on the thread.
    async point(dir, id, point) {
      const { encoded, ...entry } = await run<PointEntry & { encoded: Encoded }>({
        kind: "point",
        dir,
        id,
        point,
      });
      seedEncoded(entry.fan, encoded);
      return entry;
    },
    async heatmap(dir) {
      const { bytes, encoded } = await run<EncodedBytes>({ kind: "heatmap", dir });
      seedEncoded(bytes, encoded);
      return bytes;
    },
    // One warm-up per thread, at once: each thread starts and loads its modules.
    warm: () =>
      Promise.all(Array.from({ length: threads }, () => run<null>({ kind: "warm" }))).then(
        () => {},
      ),
    async close() {
      await Promise.allSettled([...pending]);
      await pool.destroy();
    },
  };
}
