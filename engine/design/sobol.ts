import { ParameterError } from "../errors.ts";
import type { Rng } from "../rng/source.ts";
import { JOE_KUO } from "./joeKuo.ts";
import { scrambleDirections } from "./scramble.ts";

/** Bits per coordinate: points are k / 2^32. */
const BITS = 32;
const SCALE = 2 ** BITS;

/** The most dimensions the bundled direction numbers give. */
export const SOBOL_MAX_DIMENSIONS = JOE_KUO.length + 1;

/**
 * The 32 direction numbers of one dimension (0-based), as 32-bit integers whose
 * top bit is the first binary digit (Bratley and Fox 1988, algorithm 659, with
 * the Joe-Kuo polynomials and initial numbers).
 */
export function directionNumbers(dimension: number): Uint32Array {
  const v = new Uint32Array(BITS);
  if (dimension === 0) {
    for (let k = 0; k < BITS; k++) v[k] = 2 ** (BITS - 1 - k);
    return v;
  }
  const [a, ...m] = JOE_KUO[dimension - 1]!.split(" ").map(Number) as [number, ...number[]];
  const s = m.length;
  for (let k = 0; k < BITS; k++) {
    if (k < s) {
      v[k] = (m[k]! * 2 ** (BITS - 1 - k)) >>> 0;
      continue;
    }
    let x = v[k - s]! ^ (v[k - s]! >>> s);
    for (let i = 1; i < s; i++) if ((a >>> (s - 1 - i)) & 1) x ^= v[k - i]!;
    v[k] = x >>> 0;
  }
  return v;
}

/** Index (0-based) of the lowest zero bit of i: the direction number the Gray-code step flips. */
function lowestZeroBit(i: number): number {
  let c = 0;
  while (i & 1) {
    i >>>= 1;
    c++;
  }
  return c;
}

/**
 * The first `n` points of the `d`-dimensional Sobol sequence in [0, 1)^d, one
 * row per point, in Gray-code order (Antonov and Saleev 1979), starting with the
 * origin. With `rng`, the sequence is scrambled: a random linear matrix scramble
 * and a random digital shift per dimension ({@link scrambleDirections}), drawn
 * from `rng` dimension by dimension; the scrambled points keep the digital-net
 * balance of the sequence and are uniform on the cube.
 */
export function sobolPoints(n: number, d: number, rng?: Rng): Float64Array[] {
  if (!Number.isSafeInteger(n) || n < 1 || n > SCALE)
    throw new ParameterError(`Sobol points: n must be an integer from 1 to 2^32 (got ${n})`);
  if (d < 1 || d > SOBOL_MAX_DIMENSIONS)
    throw new ParameterError(
      `Sobol points: ${d} dimensions; the direction numbers bundled give 1 to ${SOBOL_MAX_DIMENSIONS}`,
    );
  const dirs: Uint32Array[] = [];
  const shift = new Uint32Array(d);
  for (let j = 0; j < d; j++) {
    const v = directionNumbers(j);
    if (rng) {
      const s = scrambleDirections(v, rng);
      dirs.push(s.directions);
      shift[j] = s.shift;
    } else dirs.push(v);
  }
  const x = Uint32Array.from(shift);
  const rows: Float64Array[] = [];
  for (let i = 0; i < n; i++) {
    const row = new Float64Array(d);
    for (let j = 0; j < d; j++) row[j] = x[j]! / SCALE;
    rows.push(row);
    const c = lowestZeroBit(i);
    for (let j = 0; j < d; j++) x[j] = (x[j]! ^ dirs[j]![c]!) >>> 0;
  }
  return rows;
}
