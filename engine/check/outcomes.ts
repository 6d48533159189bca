/**
 * Per-run outcome metrics shared by scenarios' `checks` (exported by the public API).
 */
import type { Outcome } from "./spec.ts";

/** Active providers at the end over providers at the start (fraction). */
export const activeRatioEnd: Outcome = (r) =>
  r.summary.headline.providersActiveEnd / Math.max(1, r.summary.headline.providersStart);

/** Final over initial token price (ratio). */
export const priceRatioEnd: Outcome = (r) =>
  r.summary.headline.priceEndUsd / r.summary.headline.priceStartUsd;

/** 1 when the run had at least one death spiral, else 0. */
export const spiralled: Outcome = (r) => (r.summary.deathSpirals.length > 0 ? 1 : 0);

/** Built-in sanity invariants on the per-step output that every scenario keeps. */
export const basicStepInvariants = [
  { name: "utilisation within capacity", metric: "utilisation", min: 0, max: 1 },
  { name: "positive price", metric: "priceUsd", min: 1e-9 },
];

/**
 * Time to recovery after a scheduled shock, in days: from `fromStep` (the
 * shock's start) until `metric`, having fallen below `level` × its value at
 * `refStep` (just before the shock), is back at or above it. 0 when it never
 * fell that far. A run that has not recovered by its last step is censored: it
 * counts as the days it ran after `fromStep` plus one, so thresholds shorter
 * than that stay meaningful.
 */
export function recoveryDays(
  metric: string,
  refStep: number,
  fromStep: number,
  level: number,
): Outcome {
  return (r) => {
    const values = r.column(metric);
    const target = level * r.at(metric, refStep);
    let step = fromStep;
    while (step < values.length && values[step]! >= target) step++;
    if (step >= values.length) return 0;
    while (step < values.length && values[step]! < target) step++;
    if (step < values.length) return (step - fromStep) / 24;
    return Math.max(0, values.length - fromStep) / 24 + 1;
  };
}
