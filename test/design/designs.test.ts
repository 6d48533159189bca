import { describe, expect, it } from "vitest";
import { latinHypercube } from "../../engine/design/lhs.ts";
import { morrisDelta, morrisTrajectories } from "../../engine/design/morris.ts";
import { saltelliIndex, saltelliPoints } from "../../engine/design/saltelli.ts";
import { createRng } from "../../engine/rng/source.ts";

describe("Latin hypercube", () => {
  it("puts one point in each of the n strata of every dimension, reproducibly from the seed", () => {
    const rows = latinHypercube(50, 4, createRng("lhs"));
    for (let j = 0; j < 4; j++)
      expect(new Set(rows.map((x) => Math.floor(x[j]! * 50))).size).toBe(50);
    expect(latinHypercube(50, 4, createRng("lhs"))).toEqual(rows);
    expect(latinHypercube(50, 4, createRng("other"))).not.toEqual(rows);
  });
});

describe("Saltelli scheme", () => {
  it("lays out A, A_B^i and B in blocks of d + 2: N (d + 2) points", () => {
    const d = 3;
    const rows = saltelliPoints(16, d, createRng("s"));
    expect(rows).toHaveLength(16 * (d + 2));
    for (let j = 0; j < 16; j++) {
      const at = saltelliIndex(d, j);
      const a = rows[at.a]!;
      const b = rows[at.b]!;
      for (let i = 0; i < d; i++) {
        const ab = rows[at.ab(i)]!;
        for (let k = 0; k < d; k++) expect(ab[k]).toBe(k === i ? b[k] : a[k]);
      }
    }
    // A and B are independent halves of one 2d-dimensional Sobol sequence: balanced each.
    const aCol = Array.from({ length: 16 }, (_, j) => rows[saltelliIndex(d, j).a]![0]!);
    const bCol = Array.from({ length: 16 }, (_, j) => rows[saltelliIndex(d, j).b]![0]!);
    expect(new Set(aCol.map((v) => Math.floor(v * 16))).size).toBe(16);
    expect(new Set(bCol.map((v) => Math.floor(v * 16))).size).toBe(16);
  });
});

describe("Morris trajectories", () => {
  it("change one factor by ±delta per step, on the p-level grid, each factor once", () => {
    const levels = 4;
    const delta = morrisDelta(levels);
    expect(delta).toBeCloseTo(2 / 3, 15);
    const ts = morrisTrajectories(20, 5, levels, createRng("m"));
    expect(ts).toHaveLength(20);
    for (const t of ts) {
      expect(t.points).toHaveLength(6);
      expect([...t.order].sort()).toEqual([0, 1, 2, 3, 4]);
      for (let k = 0; k < 5; k++) {
        const moved = [...t.points[k + 1]!].map((v, i) => v - t.points[k]![i]!);
        moved.forEach((m, i) => {
          if (i === t.order[k]) expect(m).toBeCloseTo(t.sign[k]! * delta, 12);
          else expect(m).toBe(0);
        });
      }
      for (const p of t.points)
        for (const v of p) {
          expect(v).toBeGreaterThanOrEqual(0);
          expect(v).toBeLessThanOrEqual(1 + 1e-12);
          expect(Math.abs(v * (levels - 1) - Math.round(v * (levels - 1)))).toBeLessThan(1e-9);
        }
    }
  });

  it("with candidates, keeps the r most spread out (Campolongo), reproducibly", () => {
    const spread = (ts: ReturnType<typeof morrisTrajectories>) => {
      let s = 0;
      for (const a of ts)
        for (const b of ts) {
          let dab = 0;
          for (const p of a.points)
            for (const q of b.points) dab += Math.hypot(...[...p].map((v, i) => v - q[i]!));
          s += dab * dab;
        }
      return s;
    };
    const plain = morrisTrajectories(6, 4, 4, createRng("c"));
    const chosen = morrisTrajectories(6, 4, 4, createRng("c"), 40);
    expect(chosen).toHaveLength(6);
    expect(spread(chosen)).toBeGreaterThan(spread(plain));
    expect(morrisTrajectories(6, 4, 4, createRng("c"), 40)).toEqual(chosen);
    expect(() => morrisTrajectories(6, 4, 3, createRng("c"))).toThrow(/even/);
    expect(() => morrisTrajectories(6, 4, 4, createRng("c"), 6)).toThrow(/exceed/);
  });
});
