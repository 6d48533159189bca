import type { Path, SplittingProcess, Trajectory } from "../../engine/rare/splitting.ts";
import { exponential } from "../../engine/rng/distributions.ts";
import { createRng, type Rng } from "../../engine/rng/source.ts";

/** Simulates a scalar chain step by step with replay branching, recording its score's running maximum. */
function chain(
  path: Path,
  level: number,
  start: number,
  step: (x: number, rng: Rng) => number,
  score: (x: number) => number,
  stop: (x: number) => boolean,
  salt: string,
): Trajectory {
  const rng = createRng(`toy/${salt}/${path.origin}`);
  const recordSteps: number[] = [];
  const recordScores: number[] = [];
  let max = Number.NEGATIVE_INFINITY;
  let x = start;
  let b = 0;
  let t = 0;
  for (; !stop(x) && max < level; t++) {
    while (b < path.branches.length && path.branches[b]!.at === t)
      rng.reseed(`${salt}/${path.branches[b++]!.id}`);
    x = step(x, rng);
    const s = score(x);
    if (s > max) {
      max = s;
      recordSteps.push(t);
      recordScores.push(s);
    }
  }
  return { ...path, recordSteps, recordScores, score: max, steps: t };
}

/**
 * Gambler's ruin: a walk from 1 that steps +1 with probability `up`, −1 otherwise,
 * absorbed at 0 and `top`; the score is the position (integer: many ties). The
 * probability of reaching `top` before 0 is (r − 1)/(r^top − 1), r = (1 − up)/up.
 */
export function gamblersRuin(
  up: number,
  top: number,
  salt = "",
): { process: SplittingProcess; exact: number } {
  const r = (1 - up) / up;
  return {
    exact: (r - 1) / (r ** top - 1),
    process: {
      simulate: (path, level) =>
        chain(
          path,
          level,
          1,
          (x, rng) => (rng.next() < up ? x + 1 : x - 1),
          (x) => x,
          (x) => x <= 0 || x >= top,
          salt,
        ),
    },
  };
}

/**
 * Cramér-Lundberg ruin seen at claim instants: surplus u, premiums at rate `c`,
 * claims of mean `mu` (exponential) arriving at rate 1. Ruin probability
 * ψ(u) = exp(−θu/((1 + θ)μ))/(1 + θ), θ = c/μ − 1 (Asmussen & Albrecher, Ruin
 * Probabilities, 2nd ed., Cor. IV.3.2). Score: the deficit −U (continuous); the
 * event is U < 0. A path that climbs `escapeAbove` above u is stopped (its later ruin
 * has probability ψ(u + escapeAbove), negligible).
 */
export function cramerLundberg(
  u: number,
  c: number,
  mu: number,
  escapeAbove: number,
  salt = "",
): { process: SplittingProcess; exact: number; level: number } {
  const theta = c / mu - 1;
  return {
    exact: Math.exp((-theta * u) / ((1 + theta) * mu)) / (1 + theta),
    level: Number.MIN_VALUE,
    process: {
      simulate: (path, level) =>
        chain(
          path,
          level,
          u,
          (x, rng) => x + c * exponential(rng, 1) - exponential(rng, 1 / mu),
          (x) => -x,
          (x) => x < 0 || x > u + escapeAbove,
          salt,
        ),
    },
  };
}
