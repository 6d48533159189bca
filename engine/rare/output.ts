import { join } from "node:path";
import { tableFromArrays } from "apache-arrow";
import { tableToIpcFile } from "../metrics/ipcFile.ts";
import { studyJson, writeFileAtomic } from "../optimize/record.ts";
import type { IterationRow } from "./estimate.ts";
import type { RareResult } from "./scenarioRare.ts";

/**
 * Writes `<out>/rare.json` (the estimate, its interval, the cost, each
 * replica) and `<out>/rare.arrow` (one row per iteration: replica, iteration,
 * level, killed, logWeight, runs, steps), each atomically.
 */
export function writeRare(
  out: string,
  result: RareResult,
  iterations: readonly IterationRow[],
): void {
  const col = <K extends keyof IterationRow>(k: K) => iterations.map((r) => r[k] as number);
  const table = tableFromArrays({
    replica: Int32Array.from(col("replica")),
    iteration: Int32Array.from(col("iteration")),
    level: Float64Array.from(col("level")),
    killed: Int32Array.from(col("killed")),
    logWeight: Float64Array.from(col("logWeight")),
    runs: Float64Array.from(col("runs")),
    steps: Float64Array.from(col("steps")),
  });
  writeFileAtomic(join(out, "rare.arrow"), tableToIpcFile(table));
  writeFileAtomic(join(out, "rare.json"), studyJson(result));
}
