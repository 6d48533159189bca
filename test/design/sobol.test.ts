import { describe, expect, it } from "vitest";
import { directionNumbers, SOBOL_MAX_DIMENSIONS, sobolPoints } from "../../engine/design/sobol.ts";
import { createRng } from "../../engine/rng/source.ts";

/** Points of `rows` in each elementary box 2^-a x 2^-(m-a) of dimensions (i, j). */
function boxCounts(rows: Float64Array[], i: number, j: number, a: number, m: number): number[] {
  const counts = new Array<number>(2 ** m).fill(0);
  for (const x of rows)
    counts[Math.floor(x[i]! * 2 ** a) * 2 ** (m - a) + Math.floor(x[j]! * 2 ** (m - a))]! += 1;
  return counts;
}

/** The L2-star discrepancy of points in [0, 1)^d (Warnock's formula). */
function l2Star(rows: Float64Array[]): number {
  const n = rows.length;
  const d = rows[0]!.length;
  let single = 0;
  for (const x of rows) single += x.reduce((p, v) => p * (1 - v * v), 1);
  let pairs = 0;
  for (const x of rows)
    for (const y of rows) {
      let p = 1;
      for (let k = 0; k < d; k++) p *= 1 - Math.max(x[k]!, y[k]!);
      pairs += p;
    }
  return Math.sqrt(3 ** -d - (2 ** (1 - d) / n) * single + pairs / n ** 2);
}

describe("Sobol sequence (Joe-Kuo direction numbers)", () => {
  it("gives the published first 8 points in 3 dimensions (Joe and Kuo 2008; SciPy qmc.Sobol unscrambled)", () => {
    const rows = sobolPoints(8, 3).map((r) => [...r]);
    expect(rows).toEqual([
      [0, 0, 0],
      [0.5, 0.5, 0.5],
      [0.75, 0.25, 0.25],
      [0.25, 0.75, 0.75],
      [0.375, 0.375, 0.625],
      [0.875, 0.875, 0.125],
      [0.625, 0.125, 0.875],
      [0.125, 0.625, 0.375],
    ]);
  });

  it("equals SciPy's qmc.Sobol(101, scramble=False) at points 777 and 1023 in all 101 dimensions", () => {
    // 1024 x the coordinates, from scipy.stats.qmc.Sobol(101, scramble=False, bits=32).random(1024) (SciPy 1.17).
    const SCIPY: Record<number, number[]> = {
      777: [
        709, 959, 167, 281, 651, 365, 195, 781, 357, 331, 763, 713, 393, 485, 583, 527, 413, 885,
        379, 771, 243, 279, 969, 493, 353, 149, 61, 799, 65, 113, 555, 921, 115, 3, 825, 969, 473,
        359, 351, 367, 739, 273, 971, 411, 329, 155, 385, 33, 795, 975, 85, 37, 631, 725, 709, 933,
        365, 661, 821, 565, 525, 501, 141, 437, 961, 929, 529, 817, 433, 369, 849, 729, 137, 521,
        473, 425, 963, 575, 175, 447, 763, 551, 835, 371, 163, 699, 199, 679, 851, 695, 199, 79,
        427, 427, 467, 163, 667, 683, 87, 523, 863,
      ],
      1023: [
        1, 771, 627, 149, 191, 449, 143, 633, 353, 871, 695, 37, 133, 681, 371, 475, 321, 897, 599,
        327, 887, 19, 813, 201, 245, 385, 521, 779, 861, 445, 951, 629, 463, 895, 341, 885, 965,
        1011, 923, 715, 647, 997, 951, 111, 509, 319, 989, 781, 863, 843, 265, 177, 675, 417, 929,
        113, 817, 881, 745, 361, 105, 201, 809, 41, 101, 477, 989, 541, 805, 589, 509, 101, 517,
        661, 349, 501, 191, 771, 579, 539, 15, 83, 23, 863, 127, 463, 867, 907, 887, 563, 435, 771,
        487, 775, 983, 23, 535, 943, 995, 543, 243,
      ],
    };
    const rows = sobolPoints(1024, 101);
    for (const [i, want] of Object.entries(SCIPY))
      expect([...rows[Number(i)]!].map((x) => x * 1024)).toEqual(want);
  });

  it("builds direction numbers from the recurrence beyond the initial m's", () => {
    // Dimension 2 (0-based; polynomial x^2 + x + 1, m = 1, 3): v_3 = v_1 ^ (v_1 >> 2) ^ v_2.
    const v = directionNumbers(2);
    expect(v[0]).toBe(2 ** 31);
    expect(v[1]).toBe(3 * 2 ** 30);
    expect(v[2]).toBe((v[0]! ^ (v[0]! >>> 2) ^ v[1]!) >>> 0);
    expect(SOBOL_MAX_DIMENSIONS).toBeGreaterThanOrEqual(100);
  });

  it("is a (0, m, 2)-net in dimensions 1-2 and balanced in every dimension, scrambled or not", () => {
    for (const rng of [undefined, createRng("net")]) {
      const rows = sobolPoints(256, 40, rng);
      for (let a = 0; a <= 8; a++)
        expect(new Set(boxCounts(rows, 0, 1, a, 8))).toEqual(new Set([1]));
      for (let j = 0; j < 40; j++) {
        const strata = new Set(rows.map((x) => Math.floor(x[j]! * 256)));
        expect(strata.size, `dimension ${j}`).toBe(256);
      }
    }
  });

  it("scrambles deterministically from the seed, into [0, 1), with a uniform-looking sample", () => {
    const a = sobolPoints(1024, 5, createRng("s1"));
    const b = sobolPoints(1024, 5, createRng("s1"));
    const c = sobolPoints(1024, 5, createRng("s2"));
    expect(a).toEqual(b);
    expect(a).not.toEqual(c);
    for (let j = 0; j < 5; j++) {
      const col = a.map((x) => x[j]!);
      expect(Math.min(...col)).toBeGreaterThanOrEqual(0);
      expect(Math.max(...col)).toBeLessThan(1);
      const mean = col.reduce((s, v) => s + v, 0) / col.length;
      // A balanced 1024-point net: the mean is 1/2 within 1/1024 (each stratum once).
      expect(Math.abs(mean - 0.5)).toBeLessThan(1 / 1024);
    }
    // Pairwise 2-d uniformity: 16 x 16 cells of 1024 points, 4 per cell, for every pair.
    for (let i = 0; i < 5; i++)
      for (let j = i + 1; j < 5; j++) {
        const counts = boxCounts(a, i, j, 4, 8);
        expect(Math.max(...counts), `dims ${i},${j}`).toBeLessThanOrEqual(4 * 4);
      }
    expect(sobolPoints(1, 2, createRng("s1"))[0]).not.toEqual(new Float64Array(2)); // shifted off the origin
  });

  it("has a far lower L2-star discrepancy than random points", () => {
    // Random points have E[D^2] = (2^-d - 3^-d) / n: D = 0.0051 for n = 1024, d = 5.
    // These scrambled Sobol points: D = 0.0015 (unscrambled: 0.0015 as well).
    const n = 1024;
    const d = 5;
    const random = Math.sqrt((2 ** -d - 3 ** -d) / n);
    expect(l2Star(sobolPoints(n, d, createRng("scrambled")))).toBeLessThan(random / 3);
    expect(l2Star(sobolPoints(n, d))).toBeLessThan(random / 3);
  });

  it("refuses dimensions beyond the bundled direction numbers", () => {
    expect(() => sobolPoints(4, SOBOL_MAX_DIMENSIONS + 1)).toThrow(/direction numbers/);
  });
});
