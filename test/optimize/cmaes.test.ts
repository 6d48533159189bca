import { describe, expect, it } from "vitest";
import { CmaEs } from "../../engine/optimize/cmaes.ts";
import { symmetricEigen } from "../../engine/optimize/eigen.ts";
import { createRng } from "../../engine/rng/source.ts";

/** Runs CMA-ES on f until f < target or the evaluation budget is spent. */
function minimise(
  f: (x: number[]) => number,
  start: number[],
  sigma: number,
  target: number,
  budget: number,
) {
  const es = new CmaEs({ mean: start, sigma, rng: createRng("test/cma") });
  let evals = 0;
  let best = Number.POSITIVE_INFINITY;
  while (evals < budget && best > target) {
    const xs = es.ask();
    const fs = xs.map(f);
    evals += xs.length;
    best = Math.min(best, ...fs);
    const order = xs.map((_, i) => i).sort((a, b) => fs[a]! - fs[b]! || a - b);
    es.tell(order.map((i) => xs[i]!));
  }
  return { best, evals, mean: es.mean };
}

const sphere = (x: number[]) => x.reduce((s, v) => s + v * v, 0);
const rosenbrock = (x: number[]) =>
  x.slice(0, -1).reduce((s, v, i) => s + 100 * (x[i + 1]! - v * v) ** 2 + (1 - v) ** 2, 0);

describe("CMA-ES", () => {
  it("decomposes a symmetric matrix", () => {
    const m = [
      [4, 1, 0.5],
      [1, 3, 0.2],
      [0.5, 0.2, 2],
    ];
    const { values, vectors } = symmetricEigen(m);
    for (let k = 0; k < 3; k++) {
      const v = vectors.map((row) => row[k]!);
      const mv = m.map((row) => row.reduce((s, x, j) => s + x * v[j]!, 0));
      for (let i = 0; i < 3; i++) expect(mv[i]!).toBeCloseTo(values[k]! * v[i]!, 10);
    }
  });

  it("minimises the 10-D sphere to 1e-10 within 3,000 evaluations", () => {
    const r = minimise(sphere, new Array(10).fill(1), 0.5, 1e-10, 3000);
    expect(r.best).toBeLessThan(1e-10);
    expect(r.evals).toBeLessThan(3000);
  });

  it("minimises the 4-D Rosenbrock function to 1e-8 within 6,000 evaluations, at (1, 1, 1, 1)", () => {
    const r = minimise(rosenbrock, [0, 0, 0, 0], 0.5, 1e-8, 6000);
    expect(r.best).toBeLessThan(1e-8);
    for (const m of r.mean) expect(m).toBeCloseTo(1, 3);
  });

  it("is deterministic for a seed", () => {
    const a = minimise(sphere, [1, 2], 0.3, 0, 300);
    const b = minimise(sphere, [1, 2], 0.3, 0, 300);
    expect(a).toEqual(b);
  });
});
