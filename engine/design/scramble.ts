import type { Rng } from "../rng/source.ts";

const BITS = 32;

/** One random 32-bit word from a uniform source (its top 32 bits). */
const randomWord = (rng: Rng): number => Math.floor(rng.next() * 2 ** BITS) >>> 0;

/** Parity of the set bits of a 32-bit word. */
function parity(x: number): number {
  x ^= x >>> 16;
  x ^= x >>> 8;
  x ^= x >>> 4;
  x ^= x >>> 2;
  x ^= x >>> 1;
  return x & 1;
}

/**
 * A linear matrix scramble and a digital shift of one dimension's direction
 * numbers (Matoušek 1998; the scheme of SciPy's `qmc.Sobol(scramble=True)`):
 * a random lower-triangular binary matrix L with a unit diagonal multiplies
 * every direction number's digits (digit i of the result is digit i plus a
 * random combination of digits 1..i-1, mod 2), and one random word is XORed
 * onto every point. L is drawn first, row by row, then the shift. Each scrambled
 * sequence is still a (t, s)-sequence with the same t, and every point is
 * uniform on [0, 1). This is not Owen's nested scramble, which randomises each
 * digit with a permutation depending on all earlier digits.
 */
export function scrambleDirections(
  v: Uint32Array,
  rng: Rng,
): { directions: Uint32Array; shift: number } {
  const rows = new Uint32Array(BITS);
  for (let i = 0; i < BITS; i++) {
    const bit = 2 ** (BITS - 1 - i); // digit i+1, counted from the top
    const above = i === 0 ? 0 : (0xffffffff << (BITS - i)) >>> 0; // digits 1..i
    rows[i] = ((randomWord(rng) & above) | bit) >>> 0;
  }
  const out = new Uint32Array(v.length);
  for (let k = 0; k < v.length; k++) {
    let y = 0;
    for (let i = 0; i < BITS; i++) if (parity(rows[i]! & v[k]!)) y |= 2 ** (BITS - 1 - i);
    out[k] = y >>> 0;
  }
  return { directions: out, shift: randomWord(rng) };
}
