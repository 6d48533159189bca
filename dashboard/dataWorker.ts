/**
 * The dashboard's data thread: the work that reads many per-step files (a
 * point's fan bands, a sweep's heatmap table) runs here, on a piscina worker
 * thread, so the server's event loop keeps answering (health, catalogue,
 * progress) while it runs. So do the payload's ETag and brotli form (a brotli
 * pass over a year-long point's fan table takes about 0.3 s). The bytes come
 * back transferred, not copied.
 */
import { move, transferableSymbol, valueSymbol } from "piscina";
import { TokensimError } from "../engine/errors.ts";
import { bundledScenarioNames, loadScenario } from "../engine/scenario.ts";
import { fanToArrow, readArrow, runSeries } from "./data/arrowTable.ts";
import { fanTable } from "./data/fan.ts";
import { heatmapTable } from "./data/heatmapTable.ts";
import { type PointEntry, pointEntry } from "./data/pointEntry.ts";
import { BadNameError, CorruptResultError, NotFoundError } from "./data/resultStore.ts";
import { brotli, type Encoded, etagOf } from "./server/sendCached.ts";

/** A unit of work for the data thread. */
export type DataTask =
  | { kind: "point"; dir: string; id: string; point: number }
  | { kind: "heatmap"; dir: string }
  | { kind: "warm" };

/** A payload with its ETag and brotli form. */
export interface EncodedBytes {
  bytes: Uint8Array;
  encoded: Encoded;
}

/**
 * What a task answers: its result, or the HTTP status and message of its error
 * (an error's class does not cross threads; its status does).
 */
export type DataAnswer =
  | { ok: (PointEntry & { encoded: Encoded }) | EncodedBytes | null }
  | { failed: { statusCode: number; message: string } };

/** The HTTP status the server gives each kind of error (as dashboard/server/errors.ts does). */
function statusOf(err: unknown): number {
  if (err instanceof BadNameError) return 400;
  if (err instanceof NotFoundError) return 404;
  if (err instanceof CorruptResultError) return 422;
  if (err instanceof TokensimError) return 400;
  return 500;
}

/** Bytes that own their whole buffer (a Buffer from zlib may sit in a shared pool), so it can move. */
const own = (b: Uint8Array): Uint8Array =>
  b.byteOffset === 0 && b.byteLength === b.buffer.byteLength ? b : new Uint8Array(b);

/** A payload's tag and brotli form, made here. */
function encode(bytes: Uint8Array): Encoded {
  return { etag: etagOf(bytes), br: own(brotli(bytes)) };
}

/**
 * The warm-up, run when the server starts listening: loading this module (the
 * loader, Arrow, the result readers) and the bundled scenarios, whose modules a
 * sweep's first point imports to resolve its parameters (its shocks, its
 * spiral delay): about 0.2 s that the first view then does not wait for.
 */
async function warm(): Promise<void> {
  for (const name of bundledScenarioNames()) await loadScenario(name).catch(() => undefined);
  // A point's fan on made-up runs, read back, tagged and compressed: the code
  // of the first view is then compiled (its fan took 0.8 s cold, 0.4 s so warmed).
  const n = 3000;
  const steps = Int32Array.from({ length: n }, (_, i) => i);
  const runs = [1, 2, 3, 4].map((r) => ({
    steps,
    columns: Object.fromEntries(
      Array.from({ length: 8 }, (_, c) => [
        `m${c}`,
        Float64Array.from({ length: n }, (_, i) => Math.sin(i * r + c)),
      ]),
    ),
  }));
  const bytes = fanToArrow(fanTable(runs, Object.keys(runs[0]!.columns)));
  runSeries(readArrow(bytes));
  encode(bytes);
}

/** Runs one task (the default export is what piscina calls in the thread). */
export default async function runDataTask(task: DataTask): Promise<DataAnswer> {
  try {
    if (task.kind === "warm") {
      await warm();
      return { ok: null };
    }
    if (task.kind === "heatmap") {
      const bytes = own(await heatmapTable(task.dir));
      const encoded = encode(bytes);
      return move({
        [transferableSymbol]: [bytes.buffer, encoded.br!.buffer],
        [valueSymbol]: { ok: { bytes, encoded } },
      }) as unknown as DataAnswer;
    }
    const entry = await pointEntry(task.dir, task.id, task.point);
    const fan = own(entry.fan);
    const encoded = encode(fan);
    return move({
      [transferableSymbol]: [fan.buffer, encoded.br!.buffer],
      [valueSymbol]: { ok: { ...entry, fan, encoded } },
    }) as unknown as DataAnswer;
  } catch (err) {
    return { failed: { statusCode: statusOf(err), message: (err as Error).message } };
  }
}
