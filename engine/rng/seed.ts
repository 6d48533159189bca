/**
 * Seed derivation. Every random stream in a run is keyed by
 * `(rootSeed, runIndex, component)`, hashed to a seed string, so that extra draws
 * in one mechanism leave every other mechanism's stream unchanged, and so that a
 * run's randomness does not depend on which worker or in which order it runs.
 */

/** 53-bit string hash (cyrb53): fast, well mixed, deterministic across platforms. */
export function hash53(text: string, salt = 0): number {
  let h1 = 0xdeadbeef ^ salt;
  let h2 = 0x41c6ce57 ^ salt;
  for (let i = 0; i < text.length; i++) {
    const ch = text.charCodeAt(i);
    h1 = Math.imul(h1 ^ ch, 2654435761);
    h2 = Math.imul(h2 ^ ch, 1597334677);
  }
  h1 = Math.imul(h1 ^ (h1 >>> 16), 2246822507) ^ Math.imul(h2 ^ (h2 >>> 13), 3266489909);
  h2 = Math.imul(h2 ^ (h2 >>> 16), 2246822507) ^ Math.imul(h1 ^ (h1 >>> 13), 3266489909);
  return 4294967296 * (2097151 & h2) + (h1 >>> 0);
}

/**
 * The seed of one component's stream: `tokensim/<rootSeed>/<runIndex>/<component>`,
 * hashed. Returned as a decimal string, the form seedrandom takes.
 */
export function deriveSeed(rootSeed: number, runIndex: number, component: string): string {
  return String(hash53(`tokensim/${rootSeed}/${runIndex}/${component}`));
}

/**
 * The root seed of one run of a sweep: `hash53("tokensim/sweep/<root>/<point>/<run>")`
 * reduced to 32 bits. Every (parameter point, run) gets its own seed; with
 * `commonRandomNumbers`, the point is left out, so run r uses the same random
 * streams at every point (common random numbers: differences between points
 * are then due to the parameters, not to the draws). The run's component
 * streams then derive from (this seed, run index, component) as in any run.
 */
export function sweepRunSeed(
  rootSeed: number,
  point: number,
  run: number,
  commonRandomNumbers = false,
): number {
  const key = commonRandomNumbers
    ? `tokensim/sweep/${rootSeed}/crn/${run}`
    : `tokensim/sweep/${rootSeed}/${point}/${run}`;
  return hash53(key) % 4294967296;
}
