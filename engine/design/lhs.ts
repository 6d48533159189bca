import type { Rng } from "../rng/source.ts";

/**
 * A Latin hypercube of `n` points in [0, 1)^d (McKay, Beckman and Conover 1979):
 * in every dimension each of the n equal strata holds exactly one point, at a
 * uniform position inside it. Dimension by dimension, a Fisher-Yates shuffle
 * of the strata, then one jitter per point, all drawn from `rng`.
 */
export function latinHypercube(n: number, d: number, rng: Rng): Float64Array[] {
  const rows = Array.from({ length: n }, () => new Float64Array(d));
  const perm = new Int32Array(n);
  for (let j = 0; j < d; j++) {
    for (let i = 0; i < n; i++) perm[i] = i;
    for (let i = n - 1; i > 0; i--) {
      const k = Math.floor(rng.next() * (i + 1));
      const t = perm[i]!;
      perm[i] = perm[k]!;
      perm[k] = t;
    }
    for (let i = 0; i < n; i++) rows[i]![j] = (perm[i]! + rng.next()) / n;
  }
  return rows;
}
