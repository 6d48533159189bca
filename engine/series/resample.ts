import { ScenarioError } from "../errors.ts";
import { spreadTotals } from "./periodTotals.ts";
import { iso, type Series } from "./read.ts";

const HOUR = 3_600_000;

/**
 * How a series becomes one value per step:
 * - `hold`: the last observation at or before the step's start time, held until
 *   the next (a daily price snapshot stands for its day);
 * - `linear`: interpolated between the observations either side of the step's
 *   start time;
 * - `total`: each observation is a total over its period (from its time to the
 *   next observation's; HNT minted in a month), spread uniformly over the
 *   steps the period covers, in proportion to the overlap, so that the steps'
 *   sum equals the periods' (see `spreadTotals`). The value per step is then a
 *   total per step (HNT per step), not the file's unit.
 */
export type ResampleRule = "hold" | "linear" | "total";

export interface ResampleOptions {
  /** Time of step 0 (ms since the epoch, UTC). */
  startMs: number;
  /** Hours per step (`sim.stepHours`). */
  stepHours: number;
  steps: number;
  rule: ResampleRule;
  /**
   * Largest allowed distance between two observations that the run uses, and,
   * with `hold`, past the last one (hours). Default: 1.5 times the series'
   * median spacing (36 h for a daily series, about 46 days for a monthly one).
   * With `total`, the longest period the run may overlap.
   */
  maxGapHours?: number;
}

/**
 * One value per step of a run from a series, by the stated rule. The run's
 * window must lie within the series: it is an error when step 0 comes before
 * the first observation, when the run outlasts the series (`hold` allows up to
 * `maxGapHours` past the last observation), when `hold` would use an observation
 * older than `maxGapHours`, or when `linear` would interpolate across a gap
 * longer than that; messages give the dates. With `total`, the run must lie
 * within the periods (from the first observation to the end of the last
 * period) and overlap no period longer than `maxGapHours`.
 */
export function resampleSeries(s: Series, o: ResampleOptions): Float64Array {
  const { times, values } = s;
  const n = times.length;
  const maxGap = (o.maxGapHours ?? defaultMaxGapHours(times)) * HOUR;
  if (o.rule === "total") return spreadTotals(s, o.startMs, o.stepHours, o.steps, maxGap);
  const endMs = o.startMs + (o.steps - 1) * o.stepHours * HOUR;
  const span = `the run needs ${iso(o.startMs)} to ${iso(endMs)} (${o.steps} steps of ${o.stepHours} h)`;
  if (o.startMs < times[0]!)
    throw new ScenarioError(`series ${s.file} starts ${iso(times[0]!)}: ${span}`);
  const lastUsable = o.rule === "hold" ? times[n - 1]! + maxGap : times[n - 1]!;
  if (endMs > lastUsable)
    throw new ScenarioError(
      `series ${s.file} ends ${iso(times[n - 1]!)}${o.rule === "hold" ? ` (held at most ${maxGap / HOUR} h past it)` : ""}: ${span}`,
    );
  const out = new Float64Array(o.steps);
  let j = 0;
  for (let k = 0; k < o.steps; k++) {
    const t = o.startMs + k * o.stepHours * HOUR;
    while (j + 1 < n && times[j + 1]! <= t) j++;
    const inGap = t > times[j]! && j + 1 < n && times[j + 1]! - times[j]! > maxGap;
    // hold: the value used is at most maxGap old; linear: never across a gap.
    if (inGap && (o.rule === "linear" || t - times[j]! > maxGap))
      throw new ScenarioError(
        `series ${s.file} has a gap of ${gapText(times[j + 1]! - times[j]!)} between ${iso(times[j]!)} and ${iso(times[j + 1]!)} (more than ${maxGap / HOUR} h); add the missing observations or raise maxGapHours`,
      );
    if (o.rule === "linear" && j + 1 < n && t > times[j]!) {
      const f = (t - times[j]!) / (times[j + 1]! - times[j]!);
      out[k] = values[j]! + f * (values[j + 1]! - values[j]!);
    } else out[k] = values[j]!;
  }
  return out;
}

/** 1.5 times the median spacing of the observations (hours); 24 h for a single one. */
function defaultMaxGapHours(times: Float64Array): number {
  if (times.length < 2) return 24;
  const gaps = Array.from({ length: times.length - 1 }, (_, i) => times[i + 1]! - times[i]!).sort(
    (a, b) => a - b,
  );
  return (1.5 * gaps[Math.floor(gaps.length / 2)]!) / HOUR;
}

function gapText(ms: number): string {
  const h = ms / HOUR;
  return h >= 48 ? `${Math.round(h / 24)} days` : `${Math.round(h)} h`;
}
