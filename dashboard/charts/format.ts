/** SI prefixes from 1e3 to 1e12; beyond, numbers are written with an exponent. */
const PREFIXES = [
  [1e12, "T"],
  [1e9, "G"],
  [1e6, "M"],
  [1e3, "k"],
] as const;

const MINUS = "−";

/** Drops trailing zeros of a decimal ("1.50" → "1.5", "2.000" → "2"). */
const trim = (s: string): string => (s.includes(".") ? s.replace(/\.?0+$/, "") : s);

/** Decimals needed to tell apart multiples of `step` written in units of `unit`. */
const decimalsFor = (step: number, unit: number): number =>
  Math.min(12, Math.max(0, -Math.floor(Math.log10(step / unit) + 1e-9)));

/** The smallest non-zero gap between neighbouring ticks, when there are any. */
function tickStep(ticks: ArrayLike<unknown> | undefined): number | undefined {
  if (!ticks || ticks.length < 2) return undefined;
  let step = Number.POSITIVE_INFINITY;
  for (let i = 1; i < ticks.length; i++) {
    const d = Math.abs(Number(ticks[i]) - Number(ticks[i - 1]));
    if (d > 0 && d < step) step = d;
  }
  return Number.isFinite(step) ? step : undefined;
}

/**
 * A number for an axis or a label: never "NaN" (a value that is not finite is
 * ""), 0 is "0", thousands and up with an SI prefix (1.5k, 99.35M, 2G; beyond
 * 1e15 an exponent), small values in plain decimals (0.25, 0.001) down to 1e-4,
 * then with an exponent (2e-7). With `step` (the gap between ticks) it shows
 * just the digits that tell neighbouring ticks apart; without, 4 significant
 * digits. Negative values take a true minus sign.
 */
export function formatNumber(v: number, step?: number): string {
  if (!Number.isFinite(v)) return "";
  if (v === 0 || (step !== undefined && Math.abs(v) < step * 1e-9)) return "0";
  const a = Math.abs(v);
  const sign = v < 0 ? MINUS : "";
  if (a >= 1e15)
    return (
      sign +
      trim(a.toExponential(3))
        .replace(/\.?0+e/, "e")
        .replace("e+", "e")
    );
  const prefix = PREFIXES.find(([p]) => a >= p);
  if (a < 1e-4 && (step === undefined || step < 1e-4))
    return sign + a.toExponential(3).replace(/\.?0+e/, "e");
  const unit = prefix ? prefix[0] : 1;
  const suffix = prefix ? prefix[1] : "";
  const digits =
    step !== undefined && step > 0
      ? decimalsFor(step, unit)
      : Math.max(0, 3 - Math.floor(Math.log10(a / unit)));
  return sign + trim((a / unit).toFixed(digits)) + suffix;
}

/** A share (0.25) as a percentage ("25%"), with the decimals the step needs; "" when not finite. */
export function formatPercent(v: number, step?: number): string {
  if (!Number.isFinite(v)) return "";
  const digits =
    step !== undefined && step > 0 ? decimalsFor(step * 100, 1) : Math.abs(v) < 0.01 ? 2 : 0;
  const s = trim((Math.abs(v) * 100).toFixed(digits));
  return `${v < 0 && s !== "0" ? MINUS : ""}${s}%`;
}

/** What an axis shows: plain numbers or shares as percentages. */
export type TickKind = "number" | "percent";

/** A tick formatter for Plot (`tickFormat`): it is called with each tick and the list of ticks. */
export function tickFormat(
  kind: TickKind = "number",
): (v: number, i: number, ticks?: ArrayLike<unknown>) => string {
  const f = kind === "percent" ? formatPercent : formatNumber;
  return (v, _i, ticks) => f(Number(v), tickStep(ticks));
}
