import type { Rng } from "../rng/source.ts";
import { sobolPoints } from "./sobol.ts";

/**
 * Saltelli's sampling scheme for first- and total-order Sobol indices
 * (Saltelli 2002; Saltelli et al. 2010): a 2d-dimensional scrambled Sobol
 * sequence of N points gives two independent N x d matrices, A (its first d
 * columns) and B (its last d). A_B^i is A with column i taken from B. The
 * design has N (d + 2) points, in blocks of d + 2 per base row j:
 * A_j, A_B^1_j, ..., A_B^d_j, B_j ({@link saltelliIndex}).
 */
export function saltelliPoints(n: number, d: number, rng: Rng): Float64Array[] {
  const base = sobolPoints(n, 2 * d, rng);
  const rows: Float64Array[] = [];
  for (const x of base) {
    const a = x.slice(0, d);
    const b = x.slice(d, 2 * d);
    rows.push(a);
    for (let i = 0; i < d; i++) {
      const ab = a.slice();
      ab[i] = b[i]!;
      rows.push(ab);
    }
    rows.push(b);
  }
  return rows;
}

/** Where the rows of base row j sit in a Saltelli design of d parameters. */
export const saltelliIndex = (d: number, j: number) => ({
  a: j * (d + 2),
  /** A_B^i for parameter i (0-based). */
  ab: (i: number) => j * (d + 2) + 1 + i,
  b: j * (d + 2) + d + 1,
});
