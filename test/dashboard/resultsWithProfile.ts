import { mkdirSync, mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { runCalibration, writeProfile } from "../../calibration/harness.ts";
import { writeSyntheticSweep } from "./syntheticResult.ts";

/**
 * A results folder with the synthetic sweep `syn` and a calibration folder with
 * one profile measured on the emulator (RTX 4090, Llama 3 8B, four concurrency
 * levels, on the virtual clock): what the browser tests serve.
 */
export async function resultsWithProfile(
  prefix: string,
): Promise<{ root: string; results: string; calib: string }> {
  const root = mkdtempSync(join(tmpdir(), prefix));
  const results = join(root, "results");
  const calib = join(root, "calib");
  mkdirSync(results);
  mkdirSync(calib);
  writeSyntheticSweep(join(results, "syn"));
  const { profile } = await runCalibration({
    target: "emulated:rtx4090:llama3-8b",
    workloadPath: join(import.meta.dirname, "../../calibration/workloads/chat.ts"),
    mode: "closed",
    levels: [1, 8, 32, 128],
    durationMs: 10_000,
    warmupMs: 1_000,
    workers: 0,
  });
  writeProfile(join(calib, "rtx4090-llama3-8b.json"), profile);
  return { root, results, calib };
}
