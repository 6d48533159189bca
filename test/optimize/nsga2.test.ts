import { describe, expect, it } from "vitest";
import { type Fitness, Nsga2, nondominatedFronts } from "../../engine/optimize/nsga2.ts";
import { createRng } from "../../engine/rng/source.ts";

/** ZDT1 (Zitzler, Deb, Thiele 2000): Pareto front f2 = 1 - sqrt(f1), f1 in [0, 1], at x2..xn = 0. */
function zdt1(x: readonly number[]): Fitness {
  const g = 1 + (9 * x.slice(1).reduce((s, v) => s + v, 0)) / (x.length - 1);
  const f1 = x[0]!;
  return { objectives: [f1, g * (1 - Math.sqrt(f1 / g))], violation: 0 };
}

function optimise(f: (x: readonly number[]) => Fitness, n: number, size: number, gens: number) {
  const ga = new Nsga2({ dimensions: n, population: size, rng: createRng("test/nsga2") });
  for (let g = 0; g < gens; g++) {
    const xs = ga.ask();
    ga.tell(xs, xs.map(f));
  }
  return ga;
}

describe("NSGA-II", () => {
  it("sorts points into non-dominated fronts", () => {
    const fit = [
      [1, 4],
      [2, 2],
      [4, 1],
      [3, 3],
      [5, 5],
    ].map((objectives) => ({ objectives, violation: 0 }));
    expect(nondominatedFronts(fit)).toEqual([[0, 1, 2], [3], [4]]);
  });

  it("ranks feasible before infeasible, then by violation (Deb's rules)", () => {
    const fit = [
      { objectives: [0, 0], violation: 0.5 },
      { objectives: [9, 9], violation: 0 },
      { objectives: [0, 0], violation: 0.1 },
    ];
    expect(nondominatedFronts(fit)).toEqual([[1], [2], [0]]);
  });

  it("finds the ZDT1 Pareto front (10 variables, 100 x 200 generations): distance < 0.01, spread over f1", () => {
    const ga = optimise(zdt1, 10, 100, 200);
    const front = ga.front().map((i) => ga.fitness[i]!.objectives);
    expect(front.length).toBeGreaterThan(50);
    const distance =
      front.reduce((s, [f1, f2]) => s + Math.abs(f2! - (1 - Math.sqrt(f1!))), 0) / front.length;
    expect(distance).toBeLessThan(0.01);
    const f1s = front.map((p) => p[0]!);
    expect(Math.min(...f1s)).toBeLessThan(0.02);
    expect(Math.max(...f1s)).toBeGreaterThan(0.98);
  });

  it("respects a constraint: min (x, 1 - x + y) subject to x >= 0.4", () => {
    const ga = optimise(
      ([x, y]) => ({ objectives: [x!, 1 - x! + y!], violation: Math.max(0, 0.4 - x!) }),
      2,
      40,
      60,
    );
    for (const i of ga.front()) {
      expect(ga.fitness[i]!.violation).toBe(0);
      expect(ga.population[i]![0]!).toBeGreaterThanOrEqual(0.4);
    }
  });
});
