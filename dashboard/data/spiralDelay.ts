import type { RunSeries } from "./fan.ts";
import type { SpiralMark } from "./spirals.ts";

/**
 * How long after a spiral's start (the first step with two legs together, where
 * the red shading begins) the detector confirms it and the runs count it in
 * `spiralActive` (the "runs in a death spiral" line).
 */
export interface SpiralDelay {
  /** Steps from the start to the first step counted: `spiral.minSteps − 1`. */
  lagSteps: number;
  /** The detector's `spiral.minSteps`, when read from the runs' parameters. */
  minSteps?: number;
}

/** The delay from a run's parameters (`spiral.minSteps`); undefined when they do not say. */
export function delayFromParams(params: unknown): SpiralDelay | undefined {
  const min = ((params ?? {}) as { spiral?: { minSteps?: unknown } }).spiral?.minSteps;
  if (typeof min !== "number" || !Number.isFinite(min) || min < 1) return undefined;
  return { lagSteps: min - 1, minSteps: min };
}

/**
 * The delay as the runs recorded it: the fewest steps from a spiral's start to
 * the first step its run counts as spiralling (`spiralActive` = 1); undefined
 * without a spiral or without the column. Runs are matched by their `run` column.
 */
export function observedDelay(
  series: readonly RunSeries[],
  spirals: readonly SpiralMark[],
): SpiralDelay | undefined {
  let lag = Number.POSITIVE_INFINITY;
  for (const s of series) {
    const active = s.columns.spiralActive;
    const run = s.columns.run?.[0];
    if (!active) continue;
    for (const m of spirals) {
      if (run !== undefined && m.run !== run) continue;
      for (let i = 0; i < s.steps.length; i++) {
        const step = s.steps[i]!;
        if (step < m.startStep || step > m.endStep) continue;
        if (active[i]! >= 0.5) {
          lag = Math.min(lag, step - m.startStep);
          break;
        }
      }
    }
  }
  return Number.isFinite(lag) ? { lagSteps: lag } : undefined;
}

const trim = (x: number) => String(Number(x.toFixed(1)));

/** A duration in words: hours under two days, else days ("7 days", "36 h"). */
function durationText(hours: number): string {
  if (hours < 48) return `${trim(hours)} h`;
  const days = hours / 24;
  return `${trim(days)} day${trim(days) === "1" ? "" : "s"}`;
}

/**
 * The note on the "runs in a death spiral" chart: its line starts after the
 * red shading by the detector's confirmation delay. Undefined when there is no
 * delay to tell (no spiral, or the line starts with the shading).
 */
export function spiralDelayNote(
  delay: SpiralDelay | undefined,
  stepHours: number,
): string | undefined {
  if (!delay || delay.lagSteps <= 0) return undefined;
  const lag = durationText(delay.lagSteps * stepHours);
  return delay.minSteps !== undefined
    ? `line starts ${lag} after the shading: spirals count once confirmed (spiral.minSteps = ${delay.minSteps} steps)`
    : `line starts ${lag} after the shading: spirals count once the detector confirms them`;
}
