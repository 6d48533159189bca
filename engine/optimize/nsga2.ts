import type { Rng } from "../rng/source.ts";

/** A candidate's evaluation: objectives to minimise and its total constraint violation (0 = feasible). */
export interface Fitness {
  objectives: readonly number[];
  violation: number;
}

/**
 * Deb's constrained domination (Deb et al. 2002, section VI): a feasible point
 * dominates an infeasible one; of two infeasible points the smaller violation
 * dominates; of two feasible points, Pareto dominance on the objectives.
 */
function dominates(a: Fitness, b: Fitness): boolean {
  if (a.violation === 0 && b.violation > 0) return true;
  if (a.violation > 0) return b.violation > 0 && a.violation < b.violation;
  let better = false;
  for (let k = 0; k < a.objectives.length; k++) {
    if (a.objectives[k]! > b.objectives[k]!) return false;
    if (a.objectives[k]! < b.objectives[k]!) better = true;
  }
  return better;
}

/** Fast non-dominated sorting: the indices of each front, best front first. */
export function nondominatedFronts(fit: readonly Fitness[]): number[][] {
  const n = fit.length;
  const dominated: number[][] = Array.from({ length: n }, () => []);
  const count = new Array<number>(n).fill(0);
  for (let p = 0; p < n; p++)
    for (let q = 0; q < n; q++) {
      if (p === q) continue;
      if (dominates(fit[p]!, fit[q]!)) dominated[p]!.push(q);
      else if (dominates(fit[q]!, fit[p]!)) count[p]!++;
    }
  const fronts: number[][] = [];
  let current = fit.map((_, i) => i).filter((i) => count[i] === 0);
  while (current.length > 0) {
    fronts.push(current);
    const next: number[] = [];
    for (const p of current) for (const q of dominated[p]!) if (--count[q]! === 0) next.push(q);
    current = next.sort((a, b) => a - b);
  }
  return fronts;
}

/** Crowding distance of each member of one front (infinite at each objective's extremes). */
function crowding(fit: readonly Fitness[], front: readonly number[]): Map<number, number> {
  const d = new Map(front.map((i) => [i, 0]));
  const m = fit[front[0] ?? 0]?.objectives.length ?? 0;
  for (let k = 0; k < m; k++) {
    const sorted = [...front].sort(
      (a, b) => fit[a]!.objectives[k]! - fit[b]!.objectives[k]! || a - b,
    );
    const lo = fit[sorted[0]!]!.objectives[k]!;
    const hi = fit[sorted[sorted.length - 1]!]!.objectives[k]!;
    d.set(sorted[0]!, Number.POSITIVE_INFINITY);
    d.set(sorted[sorted.length - 1]!, Number.POSITIVE_INFINITY);
    if (!(hi > lo)) continue;
    for (let j = 1; j < sorted.length - 1; j++) {
      const gap = fit[sorted[j + 1]!]!.objectives[k]! - fit[sorted[j - 1]!]!.objectives[k]!;
      d.set(sorted[j]!, d.get(sorted[j]!)! + gap / (hi - lo));
    }
  }
  return d;
}

/** Settings of {@link Nsga2}: SBX and polynomial mutation as in Deb et al. 2002. */
export interface Nsga2Options {
  dimensions: number;
  /** Population size N (even). */
  population: number;
  rng: Rng;
  /** Distribution index of simulated binary crossover (default 15) and its probability (0.9). */
  etaCrossover?: number;
  crossoverProbability?: number;
  /** Distribution index of polynomial mutation (default 20); probability per variable 1/n. */
  etaMutation?: number;
}

/**
 * NSGA-II (Deb, Pratap, Agarwal, Meyarivan 2002) on the unit cube: binary
 * tournaments on (rank, crowding), simulated binary crossover and polynomial
 * mutation within [0, 1], and elitist selection of the next population from
 * parents and offspring by non-dominated fronts and crowding distance.
 */
export class Nsga2 {
  /** The current population and its fitness (empty before the first {@link tell}). */
  population: number[][] = [];
  fitness: Fitness[] = [];
  private rank: number[] = [];
  private crowd: number[] = [];
  constructor(private readonly o: Nsga2Options) {}

  /** The next candidates: N uniform points at first, then N offspring. */
  ask(): number[][] {
    const { dimensions: n, population: size, rng } = this.o;
    if (this.population.length === 0)
      return Array.from({ length: size }, () => Array.from({ length: n }, () => rng.next()));
    const out: number[][] = [];
    while (out.length < size) {
      const [c1, c2] = this.crossover(this.tournament(), this.tournament());
      out.push(this.mutate(c1), this.mutate(c2));
    }
    return out.slice(0, size);
  }

  /** Takes the evaluated candidates of {@link ask}; keeps the best N of parents and offspring. */
  tell(candidates: readonly number[][], fitness: readonly Fitness[]): void {
    const all = [...this.population, ...candidates];
    const fit = [...this.fitness, ...fitness];
    const size = this.o.population;
    const chosen: number[] = [];
    const rank = new Map<number, number>();
    const crowd = new Map<number, number>();
    for (const [r, front] of nondominatedFronts(fit).entries()) {
      if (chosen.length >= size) break;
      const d = crowding(fit, front);
      for (const i of front) rank.set(i, r);
      const byCrowd = [...front].sort((a, b) => d.get(b)! - d.get(a)! || a - b);
      for (const i of byCrowd.slice(0, size - chosen.length)) {
        chosen.push(i);
        crowd.set(i, d.get(i)!);
      }
    }
    this.population = chosen.map((i) => all[i]!);
    this.fitness = chosen.map((i) => fit[i]!);
    this.rank = chosen.map((i) => rank.get(i)!);
    this.crowd = chosen.map((i) => crowd.get(i)!);
  }

  /** Indices of the population's first front. */
  front(): number[] {
    return this.rank.flatMap((r, i) => (r === 0 ? [i] : []));
  }

  private tournament(): number[] {
    const n = this.population.length;
    const a = Math.floor(this.o.rng.next() * n);
    const b = Math.floor(this.o.rng.next() * n);
    const better =
      this.rank[a]! < this.rank[b]! ||
      (this.rank[a] === this.rank[b] && this.crowd[a]! > this.crowd[b]!);
    return this.population[better ? a : b]!;
  }

  private crossover(p1: number[], p2: number[]): [number[], number[]] {
    const { rng } = this.o;
    const eta = this.o.etaCrossover ?? 15;
    const c1 = [...p1];
    const c2 = [...p2];
    if (rng.next() > (this.o.crossoverProbability ?? 0.9)) return [c1, c2];
    for (let i = 0; i < p1.length; i++) {
      if (rng.next() > 0.5) continue;
      const u = rng.next();
      const beta = u <= 0.5 ? (2 * u) ** (1 / (eta + 1)) : (1 / (2 * (1 - u))) ** (1 / (eta + 1));
      const a = p1[i]!;
      const b = p2[i]!;
      c1[i] = clamp(0.5 * ((1 + beta) * a + (1 - beta) * b));
      c2[i] = clamp(0.5 * ((1 - beta) * a + (1 + beta) * b));
    }
    return [c1, c2];
  }

  private mutate(x: number[]): number[] {
    const { rng } = this.o;
    const eta = this.o.etaMutation ?? 20;
    return x.map((v) => {
      if (rng.next() >= 1 / x.length) return v;
      const u = rng.next();
      const delta = u < 0.5 ? (2 * u) ** (1 / (eta + 1)) - 1 : 1 - (2 * (1 - u)) ** (1 / (eta + 1));
      return clamp(v + delta);
    });
  }
}

const clamp = (v: number) => Math.min(1, Math.max(0, v));
