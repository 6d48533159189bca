import { normal } from "../rng/distributions.ts";
import type { Rng } from "../rng/source.ts";
import { symmetricEigen } from "./eigen.ts";

/** Settings of {@link CmaEs}; the rest are the defaults of Hansen's tutorial (arXiv:1604.00772, Table 1). */
export interface CmaEsOptions {
  mean: readonly number[];
  sigma: number;
  /** λ, the candidates per generation (default 4 + ⌊3 ln n⌋). */
  population?: number;
  rng: Rng;
}

/**
 * CMA-ES, the (μ/μ_w, λ) evolution strategy with covariance matrix adaptation
 * as in Hansen's tutorial (arXiv:1604.00772): positive recombination weights,
 * cumulative step-size adaptation, rank-one and rank-μ updates, and the h_σ
 * stall. Unconstrained: the caller handles bounds and ranks the candidates.
 * Deterministic for a given `rng`.
 */
export class CmaEs {
  readonly n: number;
  readonly lambda: number;
  mean: number[];
  sigma: number;
  generation = 0;
  private readonly mu: number;
  private readonly weights: number[];
  private readonly mueff: number;
  private readonly cs: number;
  private readonly ds: number;
  private readonly cc: number;
  private readonly c1: number;
  private readonly cmu: number;
  private readonly chiN: number;
  private ps: number[];
  private pc: number[];
  private c: number[][];
  private b: number[][];
  private d: number[];
  private readonly rng: Rng;

  constructor(o: CmaEsOptions) {
    const n = o.mean.length;
    this.n = n;
    this.rng = o.rng;
    this.mean = [...o.mean];
    this.sigma = o.sigma;
    this.lambda = o.population ?? 4 + Math.floor(3 * Math.log(n));
    this.mu = Math.floor(this.lambda / 2);
    const raw = Array.from(
      { length: this.mu },
      (_, i) => Math.log((this.lambda + 1) / 2) - Math.log(i + 1),
    );
    const sum = raw.reduce((s, w) => s + w, 0);
    this.weights = raw.map((w) => w / sum);
    this.mueff = 1 / this.weights.reduce((s, w) => s + w * w, 0);
    const me = this.mueff;
    this.cs = (me + 2) / (n + me + 5);
    this.ds = 1 + 2 * Math.max(0, Math.sqrt((me - 1) / (n + 1)) - 1) + this.cs;
    this.cc = (4 + me / n) / (n + 4 + (2 * me) / n);
    this.c1 = 2 / ((n + 1.3) ** 2 + me);
    this.cmu = Math.min(1 - this.c1, (2 * (me - 2 + 1 / me)) / ((n + 2) ** 2 + me));
    this.chiN = Math.sqrt(n) * (1 - 1 / (4 * n) + 1 / (21 * n * n));
    this.ps = new Array(n).fill(0);
    this.pc = new Array(n).fill(0);
    this.c = identity(n);
    this.b = identity(n);
    this.d = new Array(n).fill(1);
  }

  /** Samples λ candidates x_k = m + σ B D z_k. */
  ask(): number[][] {
    const { n } = this;
    return Array.from({ length: this.lambda }, () => {
      const z = Array.from({ length: n }, () => normal(this.rng));
      const y = this.b.map((row) => row.reduce((s, bij, j) => s + bij * this.d[j]! * z[j]!, 0));
      return this.mean.map((m, i) => m + this.sigma * y[i]!);
    });
  }

  /** Updates the distribution from the candidates of {@link ask}, best first. */
  tell(ranked: readonly (readonly number[])[]): void {
    const { n, mu, weights } = this;
    const old = this.mean;
    const ys = ranked.slice(0, mu).map((x) => x.map((xi, i) => (xi - old[i]!) / this.sigma));
    const yw = Array.from({ length: n }, (_, i) =>
      ys.reduce((s, y, k) => s + weights[k]! * y[i]!, 0),
    );
    this.mean = old.map((m, i) => m + this.sigma * yw[i]!);
    // C^{-1/2} y_w = B D^{-1} B^T y_w
    const bty = this.b[0]!.map((_, k) => this.b.reduce((s, row, i) => s + row[k]! * yw[i]!, 0));
    const invSqrt = this.b.map((row) =>
      row.reduce((s, bik, k) => s + (bik * bty[k]!) / this.d[k]!, 0),
    );
    const csn = Math.sqrt(this.cs * (2 - this.cs) * this.mueff);
    this.ps = this.ps.map((p, i) => (1 - this.cs) * p + csn * invSqrt[i]!);
    const psNorm = Math.hypot(...this.ps);
    this.generation++;
    const hs =
      psNorm / Math.sqrt(1 - (1 - this.cs) ** (2 * this.generation)) <
      (1.4 + 2 / (n + 1)) * this.chiN
        ? 1
        : 0;
    const ccn = Math.sqrt(this.cc * (2 - this.cc) * this.mueff);
    this.pc = this.pc.map((p, i) => (1 - this.cc) * p + hs * ccn * yw[i]!);
    const deltaH = (1 - hs) * this.cc * (2 - this.cc);
    const keep = 1 + this.c1 * deltaH - this.c1 - this.cmu;
    this.c = this.c.map((row, i) =>
      row.map((cij, j) => {
        const rankMu = ys.reduce((s, y, k) => s + weights[k]! * y[i]! * y[j]!, 0);
        return keep * cij + this.c1 * this.pc[i]! * this.pc[j]! + this.cmu * rankMu;
      }),
    );
    this.sigma *= Math.exp((this.cs / this.ds) * (psNorm / this.chiN - 1));
    const { values, vectors } = symmetricEigen(this.c);
    this.d = values.map((v) => Math.sqrt(Math.max(v, 1e-300)));
    this.b = vectors;
  }

  /** The largest standard deviation of the sampling distribution along a coordinate. */
  spread(): number {
    return this.sigma * Math.sqrt(Math.max(...this.c.map((row, i) => row[i]!)));
  }
}

function identity(n: number): number[][] {
  return Array.from({ length: n }, (_, i) =>
    Array.from({ length: n }, (_, j) => (i === j ? 1 : 0)),
  );
}
