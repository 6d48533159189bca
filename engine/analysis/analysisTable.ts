import { Float64, Table, Utf8, vectorFromArray } from "apache-arrow";
import { tableToIpcFile } from "../metrics/ipcFile.ts";
import type { SweepAnalysis } from "./sweepAnalysis.ts";

const SOBOL = ["S1", "S1Low", "S1High", "ST", "STLow", "STHigh"] as const;
const MORRIS = ["mu", "muStar", "muStarLow", "muStarHigh", "sigma"] as const;

/**
 * `analysis.arrow`: one row per (outcome, parameter) with its indices (S1, ST
 * and their interval bounds) or Morris statistics (mu, mu*, its interval,
 * sigma); null where there is none (a constant outcome). Strings are plain
 * Utf8 columns so the bytes do not depend on what ran before.
 */
export function analysisTable(a: SweepAnalysis): Uint8Array {
  const names = a.method === "saltelli" ? SOBOL : MORRIS;
  const outcome: string[] = [];
  const parameter: string[] = [];
  const values: Record<string, (number | null)[]> = Object.fromEntries(names.map((n) => [n, []]));
  for (const o of a.outcomes) {
    const rows = (o.sobol?.indices ?? o.morris ?? []) as unknown as Record<
      string,
      number | string
    >[];
    for (const row of rows) {
      outcome.push(o.name);
      parameter.push(String(row.parameter));
      for (const n of names) {
        const v = row[n] as number;
        values[n]!.push(Number.isFinite(v) ? v : null);
      }
    }
  }
  const columns = {
    outcome: vectorFromArray(outcome, new Utf8()),
    parameter: vectorFromArray(parameter, new Utf8()),
    ...Object.fromEntries(names.map((n) => [n, vectorFromArray(values[n]!, new Float64())])),
  };
  return tableToIpcFile(new Table(columns));
}
