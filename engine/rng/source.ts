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
  /**
   * The generator's state (c, s0, s1, s2) as float64s: typed storage keeps every
   * value unboxed, where object fields holding both small integers and doubles
   * would make V8 allocate a heap number per draw.
   */
  private readonly st = new Float64Array(4);
  constructor(seed: string) {
    const st = seedrandom.alea(seed, { state: true }).state() as {
      c: number;
      s0: number;
      s1: number;
      s2: number;
    };
    this.st[0] = st.c;
    this.st[1] = st.s0;
    this.st[2] = st.s1;
    this.st[3] = st.s2;
  }
  next(): number {
    const st = this.st;
    const t = 2091639 * st[1]! + st[0]! * 2.3283064365386963e-10; // 2^-32
    st[1] = st[2]!;
    st[2] = st[3]!;
    st[0] = t | 0;
    st[3] = t - st[0]!;
    return st[3]!;
  }
  fill(out: Float64Array, n = out.length): void {
    const st = this.st;
    let c = st[0]!;
    let s0 = st[1]!;
    let s1 = st[2]!;
    let s2 = st[3]!;
    for (let k = 0; k < n; k++) {
      const t = 2091639 * s0 + c * 2.3283064365386963e-10;
      s0 = s1;
      s1 = s2;
      c = t | 0;
      s2 = t - c;
      out[k] = s2;
    }
    st[0] = c;
    st[1] = s0;
    st[2] = s1;
    st[3] = s2;
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
