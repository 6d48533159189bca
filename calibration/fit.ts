/**
 * Fits of measured calibration points: a saturation curve for throughput against load and
 * linear regressions of latency quantiles against load.
 */
import { linearRegression, linearRegressionLine, rSquared } from "simple-statistics";

/** Fitted saturation curve X(c) = xMax · c / (c + cHalf). */
export interface SaturationFit {
  /** Asymptotic throughput (same unit as the fitted y values, e.g. tokens/s). */
  readonly xMax: number;
  /** Load at which throughput reaches half of xMax (same unit as x, e.g. concurrency). */
  readonly cHalf: number;
  /** Coefficient of determination of the fit on the data (1 = perfect). */
  readonly r2: number;
}

/** Fitted line y = intercept + slope · x. */
export interface LinearFit {
  readonly slope: number;
  readonly intercept: number;
  readonly r2: number;
}

/** Evaluates a saturation curve at load c. */
export function saturation(fit: Pick<SaturationFit, "xMax" | "cHalf">, c: number): number {
  return (fit.xMax * c) / (c + fit.cHalf);
}

function r2Of(xs: readonly number[], ys: readonly number[], f: (x: number) => number): number {
  const mean = ys.reduce((a, b) => a + b, 0) / ys.length;
  let ssRes = 0;
  let ssTot = 0;
  for (let i = 0; i < ys.length; i++) {
    const y = ys[i]!;
    ssRes += (y - f(xs[i]!)) ** 2;
    ssTot += (y - mean) ** 2;
  }
  return ssTot === 0 ? (ssRes === 0 ? 1 : 0) : 1 - ssRes / ssTot;
}

/**
 * Least-squares fit of X(c) = xMax · c / (c + cHalf) to points (c_i, X_i), c_i > 0.
 * For a fixed cHalf the optimal xMax is closed-form (Σ X·g / Σ g², g = c/(c + cHalf)),
 * so the fit is a 1-D golden-section search over log(cHalf), started from the
 * Lineweaver–Burk linearisation 1/X = 1/xMax + (cHalf/xMax)·(1/c).
 */
export function fitSaturation(cs: readonly number[], xs: readonly number[]): SaturationFit {
  const pts = cs
    .map((c, i) => [c, xs[i]!] as const)
    .filter(([c, x]) => c > 0 && Number.isFinite(x) && x >= 0);
  if (pts.length === 0) return { xMax: 0, cHalf: 0, r2: 0 };
  const c = pts.map((p) => p[0]);
  const x = pts.map((p) => p[1]);
  if (pts.length === 1) return { xMax: x[0]!, cHalf: 0, r2: 1 };

  const xMaxFor = (k: number): number => {
    let num = 0;
    let den = 0;
    for (let i = 0; i < c.length; i++) {
      const g = c[i]! / (c[i]! + k);
      num += x[i]! * g;
      den += g * g;
    }
    return den > 0 ? num / den : 0;
  };
  const sse = (k: number): number => {
    const m = xMaxFor(k);
    let s = 0;
    for (let i = 0; i < c.length; i++) s += (x[i]! - (m * c[i]!) / (c[i]! + k)) ** 2;
    return s;
  };

  // Bracket: cHalf between 1e-6·min(c) and 1e4·max(c) (log scale).
  const cMin = Math.min(...c);
  const cMax = Math.max(...c);
  let lo = Math.log(cMin * 1e-6);
  let hi = Math.log(cMax * 1e4);
  // Start from the linearised estimate when it is sensible by narrowing around it.
  const positive = pts.filter(([, xi]) => xi > 0);
  if (positive.length >= 2) {
    const lr = linearRegression(positive.map(([ci, xi]) => [1 / ci, 1 / xi]));
    if (lr.b > 0 && lr.m > 0) {
      const k0 = lr.m / lr.b;
      lo = Math.max(lo, Math.log(k0) - 6);
      hi = Math.min(hi, Math.log(k0) + 6);
      if (lo >= hi) {
        lo = Math.log(cMin * 1e-6);
        hi = Math.log(cMax * 1e4);
      }
    }
  }
  // Coarse scan to avoid local minima, then golden-section refinement.
  let best = lo;
  let bestErr = Number.POSITIVE_INFINITY;
  const steps = 200;
  for (let i = 0; i <= steps; i++) {
    const t = lo + ((hi - lo) * i) / steps;
    const e = sse(Math.exp(t));
    if (e < bestErr) {
      bestErr = e;
      best = t;
    }
  }
  const step = (hi - lo) / steps;
  let a = best - step;
  let b = best + step;
  const phi = (Math.sqrt(5) - 1) / 2;
  for (let it = 0; it < 100; it++) {
    const m1 = b - phi * (b - a);
    const m2 = a + phi * (b - a);
    if (sse(Math.exp(m1)) < sse(Math.exp(m2))) b = m2;
    else a = m1;
  }
  const cHalf = Math.exp((a + b) / 2);
  const xMax = xMaxFor(cHalf);
  return { xMax, cHalf, r2: r2Of(c, x, (ci) => (xMax * ci) / (ci + cHalf)) };
}

/** Ordinary least-squares line through (x_i, y_i); non-finite points are dropped. */
export function fitLinear(xs: readonly number[], ys: readonly number[]): LinearFit {
  const pts = xs
    .map((x, i) => [x, ys[i]!] as [number, number])
    .filter(([x, y]) => Number.isFinite(x) && Number.isFinite(y));
  if (pts.length === 0) return { slope: 0, intercept: Number.NaN, r2: 0 };
  if (pts.length === 1) return { slope: 0, intercept: pts[0]![1], r2: 1 };
  const lr = linearRegression(pts);
  const line = linearRegressionLine(lr);
  const r2 = rSquared(pts, line);
  return { slope: lr.m, intercept: lr.b, r2: Number.isFinite(r2) ? r2 : 1 };
}
