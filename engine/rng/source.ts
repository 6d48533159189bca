import seedrandom from "seedrandom";
import { deriveSeed } from "./seed.ts";

/** A uniform random source: `next()` returns a float in [0, 1). */
export interface Rng {
  next(): number;
}

/**
 * A seeded uniform source backed by seedrandom's Alea generator (fast, period
 * about 2^116, identical output on every platform). Never Math.random.
 */
export function createRng(seed: string): Rng {
  const prng = seedrandom.alea(seed);
  return { next: () => prng() };
}

/** The stream of one named component of one run (see {@link deriveSeed}). */
export function componentRng(rootSeed: number, runIndex: number, component: string): Rng {
  return createRng(deriveSeed(rootSeed, runIndex, component));
}
