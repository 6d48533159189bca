import type { CalibrationSeries } from "../charts/calibrationChart.ts";
import { formatNumber } from "../charts/format.ts";

/** How a profile's load levels were set (`settings.mode`): clients, arrival rate or trace speed. */
type LoadMode = "closed" | "open" | "trace";

/** The parts of a calibration profile (schemaVersion 1) the charts read. */
export interface ProfileLike {
  hardwareClass: string;
  model: string;
  settings?: { mode?: LoadMode };
  points: {
    mode?: LoadMode;
    load: number;
    outputTokensPerSec: number;
    ttftMs: { p50: number | null; p95: number | null };
    e2eMs: { p50: number | null };
  }[];
  fits: {
    throughputTokensPerSec: { xMax: number | null; cHalf: number | null; r2: number | null };
    ttftP50Ms: { slope: number | null; intercept: number | null; r2: number | null };
    e2eP50Ms: { slope: number | null; intercept: number | null; r2: number | null };
  };
}

/** The load axis of a profile: its label and the variable the fits are written in. */
export interface LoadAxis {
  label: string;
  symbol: string;
}

/** The load axis for a profile's load kind (closed loop: clients; open loop: requests/s; trace: speed). */
export function loadAxis(p: Pick<ProfileLike, "settings" | "points">): LoadAxis {
  const mode = p.settings?.mode ?? p.points[0]?.mode;
  if (mode === "open") return { label: "load (requests per second)", symbol: "r" };
  if (mode === "trace") return { label: "load (trace speed, × recorded rate)", symbol: "s" };
  if (mode === "closed") return { label: "load (concurrent requests)", symbol: "c" };
  return { label: "load", symbol: "x" };
}

/** A fit evaluated on a grid, clamped at 0, and the note saying so when it went below. */
export interface ClampedCurve {
  curve: { x: number; y: number }[];
  /** Set when the fit goes below zero over the drawn range (drawn at 0 there). */
  note?: string;
}

/**
 * Evaluates `f` on `grid`. Latencies and throughputs cannot be negative: where
 * the fit is (a negative intercept, a saturation fit with a negative
 * half-load), the curve is drawn at 0 and a note tells where and by how much
 * the fit went below zero. Values that are not finite are left out.
 */
export function clampedCurve(
  grid: readonly number[],
  f: (x: number) => number,
  unit: string,
  symbol: string,
): ClampedCurve {
  let lowest: { x: number; y: number } | undefined;
  const curve: { x: number; y: number }[] = [];
  for (const x of grid) {
    const y = f(x);
    if (!Number.isFinite(y)) continue;
    if (y < 0 && (!lowest || y < lowest.y)) lowest = { x, y };
    curve.push({ x, y: Math.max(0, y) });
  }
  if (!lowest) return { curve };
  const below = curve.filter((_, i) => f(grid[i]!) < 0).length;
  const where = below === curve.length ? "everywhere" : `at ${symbol} = ${formatNumber(lowest.x)}`;
  return {
    curve,
    note: `fit extrapolates below zero (${formatNumber(lowest.y)} ${unit} ${where}): drawn clamped at 0`,
  };
}

const r2 = (v: number | null) => (v === null ? "" : `, R² ${v.toFixed(3)}`);

type Linear = { slope: number | null; intercept: number | null; r2: number | null };

/** The charts of a profile: throughput against load (saturation fit), TTFT and end-to-end p50 (linear fits). */
export function calibrationSeries(p: ProfileLike): CalibrationSeries[] {
  const axis = loadAxis(p);
  const c = axis.symbol;
  const loads = p.points.map((x) => x.load);
  const maxLoad = Math.max(1, ...loads);
  const grid = Array.from({ length: 61 }, (_, i) => (maxLoad * i) / 60);
  const sat = p.fits.throughputTokensPerSec;
  const satFit =
    sat.xMax !== null && sat.cHalf !== null
      ? clampedCurve(grid, (x) => (sat.xMax! * x) / (x + sat.cHalf!), "tokens/s", c)
      : { curve: [] };
  const lin = (f: Linear): ClampedCurve =>
    f.slope !== null && f.intercept !== null
      ? clampedCurve(grid, (x) => f.intercept! + f.slope! * x, "ms", c)
      : { curve: [] };
  const pts = (get: (x: ProfileLike["points"][number]) => number | null) =>
    p.points.flatMap((x) => {
      const y = get(x);
      return y === null ? [] : [{ x: x.load, y }];
    });
  const name = `${p.hardwareClass} · ${p.model}`;
  const ttft = lin(p.fits.ttftP50Ms);
  const e2e = lin(p.fits.e2eP50Ms);
  const series = (
    title: string,
    yLabel: string,
    points: { x: number; y: number }[],
    fit: ClampedCurve,
    text: string,
  ): CalibrationSeries => ({
    title: `${title} — ${name}`,
    xLabel: axis.label,
    yLabel,
    points,
    curve: fit.curve,
    fit: text,
    ...(fit.note ? { note: fit.note } : {}),
  });
  return [
    series(
      "Throughput against load",
      "output tokens/s",
      pts((x) => x.outputTokensPerSec),
      satFit,
      sat.xMax !== null && sat.cHalf !== null
        ? `X(${c}) = ${sat.xMax.toFixed(0)}·${c}/(${c} + ${sat.cHalf.toFixed(1)})${r2(sat.r2)}`
        : "none",
    ),
    series(
      "Time to first token p50",
      "ms",
      pts((x) => x.ttftMs.p50),
      ttft,
      linText(p.fits.ttftP50Ms, c),
    ),
    series(
      "End-to-end latency p50",
      "ms",
      pts((x) => x.e2eMs.p50),
      e2e,
      linText(p.fits.e2eP50Ms, c),
    ),
  ];
}

/** A signed number with a true minus sign ("−880.0"). */
const signed = (v: number, digits: number) => `${v < 0 ? "−" : ""}${Math.abs(v).toFixed(digits)}`;

function linText(f: Linear, c: string): string {
  if (f.slope === null || f.intercept === null) return "none";
  const op = f.slope < 0 ? "−" : "+";
  return `${signed(f.intercept, 1)} ${op} ${Math.abs(f.slope).toFixed(2)}·${c} ms${r2(f.r2)}`;
}
