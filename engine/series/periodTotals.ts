import { ScenarioError } from "../errors.ts";
import { iso, type Series } from "./read.ts";

const HOUR = 3_600_000;

/**
 * Where each period of a series of period totals ends: at the next observation,
 * and for the last one, on the 1st of the next month when every observation is
 * the 1st of a month at 00:00 UTC (calendar months, quarters, years: one more
 * period of the same number of months), else one spacing (the last one) later.
 * A single observation's period has no known end (NaN).
 */
export function periodEnds(times: Float64Array): Float64Array {
  const n = times.length;
  const ends = new Float64Array(n);
  for (let i = 0; i + 1 < n; i++) ends[i] = times[i + 1]!;
  const last = times[n - 1]!;
  const firstOfMonth = Array.from(times).every((t) => {
    const d = new Date(t);
    return d.getUTCDate() === 1 && t % 86_400_000 === 0;
  });
  if (n >= 2 && firstOfMonth) {
    const a = new Date(times[n - 2]!);
    const b = new Date(last);
    const months =
      (b.getUTCFullYear() - a.getUTCFullYear()) * 12 + b.getUTCMonth() - a.getUTCMonth();
    ends[n - 1] = Date.UTC(b.getUTCFullYear(), b.getUTCMonth() + months, 1);
  } else ends[n - 1] = n >= 2 ? 2 * last - times[n - 2]! : Number.NaN;
  return ends;
}

/**
 * Spreads period totals over steps, conserving their sum: observation i is the
 * total over [times[i], end i) (see {@link periodEnds}), step k covers
 * [start + k·h, start + (k+1)·h), and a step gets each period's total times the
 * share of the period it overlaps (uniform within a period). Errors: the run
 * starts before the first period or ends after the last, or a period that the
 * run overlaps is longer than `maxGapMs` (then it may hide missing periods).
 */
export function spreadTotals(
  s: Series,
  startMs: number,
  stepHours: number,
  steps: number,
  maxGapMs: number,
): Float64Array {
  const { times, values } = s;
  const n = times.length;
  const ends = periodEnds(times);
  const stepMs = stepHours * HOUR;
  const endMs = startMs + steps * stepMs;
  const span = `the run needs ${iso(startMs)} to ${iso(endMs)} (${steps} steps of ${stepHours} h)`;
  if (startMs < times[0]!)
    throw new ScenarioError(`series ${s.file} (period totals) starts ${iso(times[0]!)}: ${span}`);
  if (!(endMs <= ends[n - 1]!))
    throw new ScenarioError(
      `series ${s.file} (period totals) ends ${Number.isFinite(ends[n - 1]!) ? iso(ends[n - 1]!) : `${iso(times[n - 1]!)} (a single period: its length is unknown)`}: ${span}`,
    );
  const out = new Float64Array(steps);
  let i = 0;
  while (ends[i]! <= startMs) i++;
  for (; i < n && times[i]! < endMs; i++) {
    const a = times[i]!;
    const b = ends[i]!;
    if (b - a > maxGapMs)
      throw new ScenarioError(
        `series ${s.file} has a period of ${Math.round((b - a) / HOUR / 24)} days from ${iso(a)} to ${iso(b)} (more than ${maxGapMs / HOUR} h): a missing period, or longer periods than the rest; add the missing totals or raise maxGapHours`,
      );
    const rate = values[i]! / (b - a);
    const k0 = Math.max(0, Math.floor((a - startMs) / stepMs));
    const k1 = Math.min(steps, Math.ceil((b - startMs) / stepMs));
    for (let k = k0; k < k1; k++) {
      const lo = Math.max(a, startMs + k * stepMs);
      const hi = Math.min(b, startMs + (k + 1) * stepMs);
      if (hi > lo) out[k]! += rate * (hi - lo);
    }
  }
  return out;
}
