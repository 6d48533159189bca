import seedrandom from "seedrandom";
import { deriveSeed } from "./seed.ts";

/** A uniform random source: `next()` returns a float in [0, 1). */
export interface Rng {
  next(): number;
  /** Fills `out[0..n)` with the next `n` draws, as `n` calls of `next()` would. */
  fill(out: Float64Array, n?: number): void;
  /**
   * Opens a cursor for a hot loop: `cursor.next()` draws what `next()` would,
   * inlined into the loop and allocating nothing per draw. Call `cursor.commit()`
   * after the loop: it closes the cursor. While a cursor is open the stream
   * refuses other draws (and a second cursor), so a forgotten commit is an error,
   * not draws silently shared or repeated.
   */
  cursor(): RngCursor;
  /**
   * Re-seeds the stream in place, as if it had been created with `seed`: the
   * same object (phases keep references to it) draws what `createRng(seed)`
   * would from now on. Throws while a cursor is open. For rare-event splitting,
   * which continues a run part way with fresh randomness.
   */
  reseed(seed: string): void;
}

/** Draws of an {@link Rng} inside one hot loop; see {@link Rng.cursor}. */
export interface RngCursor {
  /** The next draw, a float in [0, 1). */
  next(): number;
  /** Writes the cursor's position back to its stream (once, after the loop). */
  commit(): void;
}

/**
 * Baagoe's Alea generator (fast, period about 2^116, identical output on every
 * platform), seeded by seedrandom's Alea seeding and stepped here as a class, so
 * that V8 inlines `next()` into hot loops. Its draws equal `seedrandom.alea(seed)`'s
 * one for one (a test checks this).
 */
class Alea implements Rng {
  /**
   * The generator's state (c, s0, s1, s2) as float64s, and at index 4 whether a
   * cursor is open: typed storage keeps every value unboxed, where object fields
   * holding both small integers and doubles would make V8 allocate a heap number
   * per draw.
   */
  private readonly st = new Float64Array(5);
  constructor(seed: string) {
    this.reseed(seed);
  }
  reseed(seed: string): void {
    if (this.st[4] === 1) cursorOpen();
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
    if (st[4] === 1) cursorOpen();
    const t = 2091639 * st[1]! + st[0]! * 2.3283064365386963e-10; // 2^-32
    st[1] = st[2]!;
    st[2] = st[3]!;
    st[0] = t | 0;
    st[3] = t - st[0]!;
    return st[3]!;
  }
  fill(out: Float64Array, n = out.length): void {
    const st = this.st;
    if (st[4] === 1) cursorOpen();
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
  cursor(): RngCursor {
    const st = this.st;
    if (st[4] === 1) cursorOpen();
    st[4] = 1;
    return new AleaCursor(st);
  }
}

function cursorOpen(): never {
  throw new Error("a cursor of this random stream is open: commit it before drawing again");
}

/**
 * Alea stepped on its stream's typed state, one draw at a time. The state stays
 * in the Float64Array: a cursor that kept it in plain fields (for V8's escape
 * analysis to put them in registers) made V8 box one heap number per draw in the
 * per-provider-rewards phase (measured: about 16 KB of garbage per step at 1,000
 * providers, 140 MB per year-long run, and the collections that go with it), while
 * typed stores never allocate. The loads and stores stay in the L1 cache; the
 * draw's serial chain overlaps with the loop's own work as before.
 */
class AleaCursor implements RngCursor {
  private readonly st: Float64Array;
  constructor(st: Float64Array) {
    this.st = st;
  }
  next(): number {
    const st = this.st;
    const t = 2091639 * st[1]! + st[0]! * 2.3283064365386963e-10; // 2^-32
    st[1] = st[2]!;
    st[2] = st[3]!;
    const c = t | 0;
    st[0] = c;
    const s2 = t - c;
    st[3] = s2;
    return s2;
  }
  commit(): void {
    this.st[4] = 0;
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
