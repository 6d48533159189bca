/**
 * The dashboard's data thread: the work that reads many per-step files (a
 * point's fan bands, a sweep's heatmap table) runs here, on a piscina worker
 * thread, so the server's event loop keeps answering (health, catalogue,
 * progress) while it runs. The bytes come back transferred, not copied.
 */
import { move, transferableSymbol, valueSymbol } from "piscina";
import { TokensimError } from "../engine/errors.ts";
import { heatmapTable } from "./data/heatmapTable.ts";
import { type PointEntry, pointEntry } from "./data/pointEntry.ts";
import { BadNameError, CorruptResultError, NotFoundError } from "./data/resultStore.ts";

/** A unit of work for the data thread. */
export type DataTask =
  | { kind: "point"; dir: string; id: string; point: number }
  | { kind: "heatmap"; dir: string };

/**
 * What a task answers: its result, or the HTTP status and message of its error
 * (an error's class does not cross threads; its status does).
 */
export type DataAnswer =
  | { ok: PointEntry | Uint8Array }
  | { failed: { statusCode: number; message: string } };

/** The HTTP status the server gives each kind of error (as dashboard/server/errors.ts does). */
function statusOf(err: unknown): number {
  if (err instanceof BadNameError) return 400;
  if (err instanceof NotFoundError) return 404;
  if (err instanceof CorruptResultError) return 422;
  if (err instanceof TokensimError) return 400;
  return 500;
}

/** Runs one task (the default export is what piscina calls in the thread). */
export default async function runDataTask(task: DataTask): Promise<DataAnswer> {
  try {
    if (task.kind === "heatmap") {
      const bytes = heatmapTable(task.dir);
      return move({
        [transferableSymbol]: [bytes.buffer],
        [valueSymbol]: { ok: bytes },
      }) as unknown as DataAnswer;
    }
    const entry = await pointEntry(task.dir, task.id, task.point);
    return move({
      [transferableSymbol]: [entry.fan.buffer],
      [valueSymbol]: { ok: entry },
    }) as unknown as DataAnswer;
  } catch (err) {
    return { failed: { statusCode: statusOf(err), message: (err as Error).message } };
  }
}
