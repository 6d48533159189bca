import { FAN_QUANTILES } from "./quantile.ts";
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
 * The steps of every run, ascending and distinct, and for each run the row it
 * holds at each of them (-1 where it has none).
 */
function alignSteps(runs: readonly RunSeries[]): { steps: Int32Array; rowOf: Int32Array[] } {
  // The common case: every run has the longest run's steps, or a prefix of them.
  const longest = runs.reduce<ArrayLike<number>>(
    (a, r) => (r.steps.length > a.length ? r.steps : a),
    [],
  );
  let aligned = runs.every((r) => {
    for (let i = 0; i < r.steps.length; i++) if (r.steps[i] !== longest[i]) return false;
    return true;
  });
  for (let i = 1; i < longest.length && aligned; i++) aligned = longest[i]! > longest[i - 1]!;
  let steps: Int32Array;
  let index: Map<number, number> | undefined;
  if (aligned) steps = Int32Array.from(longest);
  else {
    const set = new Set<number>();
    for (const r of runs) for (let i = 0; i < r.steps.length; i++) set.add(r.steps[i]!);
    steps = Int32Array.from([...set].sort((a, b) => a - b));
    index = new Map();
    for (let i = 0; i < steps.length; i++) index.set(steps[i]!, i);
  }
  const rowOf = runs.map((r) => {
    const rows = new Int32Array(steps.length).fill(-1);
    for (let i = 0; i < r.steps.length; i++) rows[index ? index.get(r.steps[i]!)! : i] = i;
    return rows;
  });
  return { steps, rowOf };
}

/** Sorts the first `n` values of `a` ascending (insertion sort: a point has few runs). */
function sortSmall(a: Float64Array, n: number): void {
  if (n > 48) {
    a.subarray(0, n).sort();
    return;
  }
  for (let i = 1; i < n; i++) {
    const v = a[i]!;
    let j = i - 1;
    while (j >= 0 && a[j]! > v) {
      a[j + 1] = a[j]!;
      j--;
    }
    a[j + 1] = v;
  }
}

/** The fan quantiles as fractions. */
const PROBS = FAN_QUANTILES.map((q) => q / 100);

/**
 * Per-step quantiles (R type 7, linear interpolation, as simple-statistics'
 * `quantileSorted`, inlined) and means of each metric across runs. Runs are
 * aligned by step number (a run that stopped early contributes to the steps it
 * reached); a NaN (no value at that step) is left out of that step's
 * statistics. Metrics no run has are left out.
 *
 * One pass per metric and step: the step's few values (one per run) are
 * gathered into a scratch typed array and sorted once for all five quantiles;
 * no array per cell (a year of hourly steps for 20 metrics is 175,000 cells).
 */
export function fanTable(runs: readonly RunSeries[], metrics: readonly string[]): FanTable {
  const { steps, rowOf } = alignSteps(runs);
  const n = steps.length;
  const counts = new Int32Array(n);
  for (const rows of rowOf) for (let i = 0; i < n; i++) if (rows[i]! >= 0) counts[i]!++;
  const columns: Record<string, Float64Array> = {};
  const scratch = new Float64Array(runs.length);
  for (const m of metrics) {
    const cols: ArrayLike<number>[] = [];
    const rows: Int32Array[] = [];
    runs.forEach((r, k) => {
      const c = r.columns[m];
      if (c) {
        cols.push(c);
        rows.push(rowOf[k]!);
      }
    });
    if (cols.length === 0) continue;
    const out = PROBS.map(() => new Float64Array(n));
    const mean = new Float64Array(n);
    for (let i = 0; i < n; i++) {
      let got = 0;
      let sum = 0;
      for (let k = 0; k < cols.length; k++) {
        const row = rows[k]![i]!;
        if (row < 0) continue;
        const v = cols[k]![row]!;
        if (Number.isNaN(v)) continue;
        scratch[got++] = v;
        sum += v;
      }
      if (got === 0) {
        mean[i] = Number.NaN;
        for (const o of out) o[i] = Number.NaN;
        continue;
      }
      mean[i] = sum / got;
      sortSmall(scratch, got);
      for (let j = 0; j < PROBS.length; j++) {
        const h = (got - 1) * PROBS[j]!;
        const lo = Math.floor(h);
        out[j]![i] =
          h === lo ? scratch[lo]! : scratch[lo]! + (h - lo) * (scratch[lo + 1]! - scratch[lo]!);
      }
    }
    FAN_QUANTILES.forEach((q, j) => {
      columns[fanColumn(m, `p${q}`)] = out[j]!;
    });
    columns[fanColumn(m, "mean")] = mean;
  }
  return { steps, runs: counts, columns };
}
