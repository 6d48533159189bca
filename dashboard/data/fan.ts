import { FAN_QUANTILES, quantileOfSorted } from "./quantile.ts";
import type { SpiralDelay } from "./spiralDelay.ts";

/** One run's per-step series: its step numbers and metric columns (same length). */
export interface RunSeries {
  steps: ArrayLike<number>;
  columns: Readonly<Record<string, ArrayLike<number> | undefined>>;
}

/**
 * Fan bands of metrics across Monte Carlo runs, per step: for each metric `m`
 * the columns `m:p5`, `m:p25`, `m:p50`, `m:p75`, `m:p95` and `m:mean`.
 */
export interface FanTable {
  /** Step numbers present in any run, ascending. */
  steps: Int32Array;
  /** How many runs have a row at each step. */
  runs: Int32Array;
  columns: Record<string, Float64Array>;
  /** How long after a spiral's start its runs count it in `spiralActive` (the detector's confirmation). */
  spiralDelay?: SpiralDelay;
}

/** The fan column name of a metric and a statistic (`p5`...`p95`, `mean`). */
export const fanColumn = (metric: string, stat: string): string => `${metric}:${stat}`;

/**
 * Per-step quantiles of each metric across runs. Runs are aligned by step
 * number (a run that stopped early contributes to the steps it reached).
 * Metrics no run has are left out.
 */
export function fanTable(runs: readonly RunSeries[], metrics: readonly string[]): FanTable {
  const stepSet = new Set<number>();
  for (const r of runs) for (let i = 0; i < r.steps.length; i++) stepSet.add(r.steps[i]!);
  const steps = Int32Array.from([...stepSet].sort((a, b) => a - b));
  const index = new Map<number, number>();
  for (const [i, s] of steps.entries()) index.set(s, i);
  const counts = new Int32Array(steps.length);
  for (const r of runs) for (let i = 0; i < r.steps.length; i++) counts[index.get(r.steps[i]!)!]!++;
  const columns: Record<string, Float64Array> = {};
  for (const m of metrics) {
    const present = runs.filter((r) => r.columns[m] !== undefined);
    if (present.length === 0) continue;
    const cells: number[][] = Array.from({ length: steps.length }, () => []);
    for (const r of present) {
      const col = r.columns[m]!;
      for (let i = 0; i < r.steps.length; i++) cells[index.get(r.steps[i]!)!]!.push(col[i]!);
    }
    const out: Record<string, Float64Array> = {};
    for (const q of FAN_QUANTILES) out[`p${q}`] = new Float64Array(steps.length);
    out.mean = new Float64Array(steps.length);
    cells.forEach((values, i) => {
      values.sort((a, b) => a - b);
      for (const q of FAN_QUANTILES) out[`p${q}`]![i] = quantileOfSorted(values, q / 100);
      out.mean![i] = values.length ? values.reduce((a, b) => a + b, 0) / values.length : Number.NaN;
    });
    for (const [stat, col] of Object.entries(out)) columns[fanColumn(m, stat)] = col;
  }
  return { steps, runs: counts, columns };
}
