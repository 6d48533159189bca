import type { Rng } from "./source.ts";

/**
 * Normal draw (Box-Muller; one of the pair is discarded for simplicity). Any
 * source with `next()` will do (the calibration workloads pass seedrandom's).
 */
export function normal(rng: Pick<Rng, "next">, mean = 0, sd = 1): number {
  let u = rng.next();
  while (u <= Number.MIN_VALUE) u = rng.next();
  const v = rng.next();
  return mean + sd * Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
}

/**
 * Log-normal draw with the given mean and coefficient of variation (sd / mean):
 * `exp(N(μ, σ²))` with `σ² = ln(1 + cv²)` and `μ = ln(mean) − σ²/2`. A cv of 0
 * returns `mean` without drawing.
 */
export function lognormalMeanCv(rng: Rng, mean: number, cv: number): number {
  if (cv <= 0) return mean;
  const s2 = Math.log(1 + cv * cv);
  return Math.exp(normal(rng, Math.log(mean) - s2 / 2, Math.sqrt(s2)));
}

/** Exponential draw with the given rate (mean 1 / rate). */
export function exponential(rng: Rng, rate: number): number {
  return -Math.log(1 - rng.next()) / rate;
}

function logFactorial(k: number): number {
  if (k < LOG_FACT.length) return LOG_FACT[k]!;
  // Stirling series; error below 1e-10 for k >= 30.
  const x = k + 1;
  return (
    (x - 0.5) * Math.log(x) - x + 0.5 * Math.log(2 * Math.PI) + 1 / (12 * x) - 1 / (360 * x ** 3)
  );
}
const LOG_FACT: number[] = (() => {
  const t = [0];
  for (let k = 1; k < 30; k++) t.push(t[k - 1]! + Math.log(k));
  return t;
})();

/**
 * Poisson draw with mean `lambda`. Knuth's multiplication method below 10;
 * Hörmann's PTRS transformed rejection (1993) above, which costs O(1) draws
 * however large lambda is.
 */
export function poisson(rng: Rng, lambda: number): number {
  if (!(lambda > 0)) return 0;
  if (lambda < 10) {
    const limit = Math.exp(-lambda);
    let k = 0;
    let p = rng.next();
    while (p > limit) {
      k++;
      p *= rng.next();
    }
    return k;
  }
  const slam = Math.sqrt(lambda);
  const loglam = Math.log(lambda);
  const b = 0.931 + 2.53 * slam;
  const a = -0.059 + 0.02483 * b;
  const invalpha = 1.1239 + 1.1328 / (b - 3.4);
  const vr = 0.9277 - 3.6224 / (b - 2);
  for (;;) {
    const u = rng.next() - 0.5;
    const v = rng.next();
    const us = 0.5 - Math.abs(u);
    const k = Math.floor(((2 * a) / us + b) * u + lambda + 0.43);
    if (us >= 0.07 && v <= vr) return k;
    if (k < 0 || (us < 0.013 && v > us)) continue;
    if (
      Math.log(v) + Math.log(invalpha) - Math.log(a / (us * us) + b) <=
      -lambda + k * loglam - logFactorial(k)
    ) {
      return k;
    }
  }
}

/**
 * Binomial draw: `n` trials with success probability `p`. Exact inversion by
 * geometric waiting times when n·min(p, 1-p) < 30, a Poisson draw when p is tiny,
 * and a continuity-corrected normal approximation (clamped to [0, n]) beyond.
 */
export function binomial(rng: Rng, n: number, p: number): number {
  if (n <= 0 || p <= 0) return 0;
  if (p >= 1) return n;
  if (p > 0.5) return n - binomial(rng, n, 1 - p);
  const mean = n * p;
  if (mean < 30) {
    // Count geometric gaps between successes until they pass n trials.
    const logq = Math.log(1 - p);
    let x = 0;
    let sum = 0;
    for (;;) {
      sum += Math.floor(Math.log(1 - rng.next()) / logq) + 1;
      if (sum > n) return x;
      x++;
    }
  }
  if (p < 1e-3) return Math.min(n, poisson(rng, mean));
  const draw = Math.round(normal(rng, mean, Math.sqrt(mean * (1 - p))));
  return Math.min(Math.max(draw, 0), n);
}

/** Index drawn with probability proportional to `weights[i]` (non-negative). */
export function categorical(rng: Rng, weights: ArrayLike<number>): number {
  let total = 0;
  for (let i = 0; i < weights.length; i++) total += weights[i]!;
  let u = rng.next() * total;
  for (let i = 0; i < weights.length; i++) {
    u -= weights[i]!;
    if (u < 0) return i;
  }
  return weights.length - 1;
}
