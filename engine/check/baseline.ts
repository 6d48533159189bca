import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from "node:fs";
import { dirname } from "node:path";
import { median } from "simple-statistics";
import { ksTwoSample } from "./intervals.ts";

/**
 * A committed record of a scenario's outcome distributions: for each metric, the
 * sorted per-run values rounded to 6 significant digits. Small (runs × metrics
 * numbers) and diff-friendly (one metric per key, values in order).
 */
export interface BaselineFile {
  format: "tokensim-baseline/1";
  scenario: string;
  tokensimVersion: string;
  seed: number;
  runs: number;
  sets: string[];
  metrics: Record<string, number[]>;
}

/** Rounds to 6 significant digits, so that noise below that never reads as drift. */
const roundForBaseline = (x: number): number => (Number.isFinite(x) ? Number(x.toPrecision(6)) : x);

/** Sorted, rounded samples of each metric. */
export function baselineSamples(values: Record<string, number[]>): Record<string, number[]> {
  const out: Record<string, number[]> = {};
  for (const [metric, xs] of Object.entries(values))
    out[metric] = xs.map(roundForBaseline).sort((a, b) => a - b);
  return out;
}

/** Writes a baseline file atomically, one metric per line for readable diffs. */
export function writeBaseline(path: string, b: BaselineFile): void {
  mkdirSync(dirname(path), { recursive: true });
  const metrics = Object.entries(b.metrics)
    .map(([k, v]) => `    ${JSON.stringify(k)}: ${JSON.stringify(v)}`)
    .join(",\n");
  const { metrics: _omit, ...head } = b;
  const headJson = JSON.stringify(head, null, 2).slice(0, -2);
  writeFileSync(`${path}.tmp`, `${headJson},\n  "metrics": {\n${metrics}\n  }\n}\n`);
  renameSync(`${path}.tmp`, path);
}

/** Reads a baseline file; undefined if there is none. */
export function readBaseline(path: string): BaselineFile | undefined {
  if (!existsSync(path)) return undefined;
  const b = JSON.parse(readFileSync(path, "utf8")) as BaselineFile;
  if (b.format !== "tokensim-baseline/1")
    throw new Error(`${path}: not a tokensim baseline (format ${b.format})`);
  return b;
}

/** One metric compared with its baseline. */
export interface DriftResult {
  metric: string;
  /** Two-sample Kolmogorov-Smirnov statistic and p-value. */
  ksD: number;
  pValue: number;
  drifted: boolean;
  baselineMedian: number;
  currentMedian: number;
  /** currentMedian − baselineMedian, and as a share of |baselineMedian| (percent). */
  medianShift: number;
  medianShiftPct: number;
}

/**
 * Compares current samples with the baseline's by two-sample KS tests; a metric
 * has drifted when p < alpha. Metrics missing from either side are skipped.
 */
export function compareToBaseline(
  b: BaselineFile,
  current: Record<string, number[]>,
  alpha: number,
): DriftResult[] {
  const out: DriftResult[] = [];
  for (const [metric, values] of Object.entries(baselineSamples(current))) {
    const base = b.metrics[metric];
    if (!base || base.length === 0 || values.length === 0) continue;
    const { d, pValue } = ksTwoSample(base, values);
    const bm = median(base);
    const cm = median(values);
    out.push({
      metric,
      ksD: d,
      pValue,
      drifted: pValue < alpha,
      baselineMedian: bm,
      currentMedian: cm,
      medianShift: cm - bm,
      medianShiftPct:
        bm !== 0 ? (100 * (cm - bm)) / Math.abs(bm) : cm === 0 ? 0 : Number.POSITIVE_INFINITY,
    });
  }
  return out;
}
