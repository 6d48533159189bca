import seedrandom from "seedrandom";
import { deriveSeed } from "./seed.ts";

/** A uniform random source: `next()` returns a float in [0, 1). */
export interface Rng {
  next(): number;
  /** Fills `out[0..n)` with the next `n` draws, as `n` calls of `next()` would. */
  fill(out: Float64Array, n?: number): void;
}

/**
 * Baagoe's Alea generator (fast, period about 2^116, identical output on every
 * platform), seeded by seedrandom's Alea seeding and stepped here as a class, so
 * that V8 inlines `next()` into hot loops. Its draws equal `seedrandom.alea(seed)`'s
 * one for one (a test checks this).
 */
class Alea implements Rng {
  private c: number;
  private s0: number;
  private s1: number;
  private s2: number;
  constructor(seed: string) {
    const st = seedrandom.alea(seed, { state: true }).state() as {
      c: number;
      s0: number;
      s1: number;
      s2: number;
    };
    this.c = st.c;
    this.s0 = st.s0;
    this.s1 = st.s1;
    this.s2 = st.s2;
  }
  next(): number {
    const t = 2091639 * this.s0 + this.c * 2.3283064365386963e-10; // 2^-32
    this.s0 = this.s1;
    this.s1 = this.s2;
    this.c = t | 0;
    this.s2 = t - this.c;
    return this.s2;
  }
  fill(out: Float64Array, n = out.length): void {
    let { c, s0, s1, s2 } = this;
    for (let k = 0; k < n; k++) {
      const t = 2091639 * s0 + c * 2.3283064365386963e-10;
      s0 = s1;
      s1 = s2;
      c = t | 0;
      s2 = t - c;
      out[k] = s2;
    }
    this.c = c;
    this.s0 = s0;
    this.s1 = s1;
    this.s2 = s2;
  }
}

/** A seeded uniform source (Alea). Never Math.random. */
export function createRng(seed: string): Rng {
  return new Alea(seed);
}

/** The stream of one named component of one run (see {@link deriveSeed}). */
export function componentRng(rootSeed: number, runIndex: number, component: string): Rng {
  return createRng(deriveSeed(rootSeed, runIndex, component));
}
