// A Deno Web Worker that executes sweep runs: the notebooks' counterpart of
// workers/bootstrap.mjs (piscina and tsx are Node-only; Deno runs the .ts engine directly).
import { executeRun, type RunTask } from "../../engine/sweep/task.ts";

interface WorkerScope {
  onmessage: ((e: { data: { id: number; task: RunTask } }) => void) | null;
  postMessage(message: unknown, transfer?: ArrayBuffer[]): void;
}
const scope = globalThis as unknown as WorkerScope;

scope.onmessage = async (e) => {
  const { id, task } = e.data;
  try {
    const result = await executeRun(task);
    const transfer = result.steps ? [result.steps.buffer as ArrayBuffer] : [];
    scope.postMessage({ id, result }, transfer);
  } catch (err) {
    scope.postMessage({ id, error: String((err as Error).stack ?? err) });
  }
};
