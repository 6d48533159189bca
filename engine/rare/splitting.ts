import type { Rng } from "../rng/source.ts";

/**
 * A re-seeding point of a trajectory: before step `at` (after `at` completed
 * steps) every random stream is re-seeded from `id`.
 */
interface Branch {
  at: number;
  id: string;
}

/** A trajectory's identity: its origin (the fresh start it descends from) and its re-seedings. */
export interface Path {
  /** Index of the initial draw: the run index or seed the trajectory started from. */
  origin: number;
  /** Re-seedings in increasing `at`. */
  branches: readonly Branch[];
}

/** A simulated trajectory, reduced to what splitting needs: its score record. */
export interface Trajectory extends Path {
  /** Steps (0-based) at which the running maximum of the score rose. */
  recordSteps: number[];
  /** The running maximum after each of those steps (strictly increasing). */
  recordScores: number[];
  /** The running maximum at the end (−Infinity when it never rose). */
  score: number;
  /** Steps simulated to produce it, replay included (its cost). */
  steps: number;
}

/**
 * A Markov process that splitting can drive. `simulate` runs the trajectory
 * `path` from its origin: deterministic until each branch, then on fresh
 * randomness keyed by the branch's id; it may stop once the score reaches
 * `level` (the running maximum cannot fall).
 */
export interface SplittingProcess {
  simulate(path: Path, level: number): Trajectory;
}

/** Settings of one AMS run. */
export interface AmsOptions {
  /** Particles (n). */
  particles: number;
  /** The event: the trajectory's maximum score reaches `level`. */
  level: number;
  /** Origins `originBase … originBase + n − 1` start the particles. */
  originBase: number;
  /** Prefix of the branch ids (makes them unique across replicas). */
  idPrefix: string;
  /** Chooses the survivor each killed particle branches from. */
  rng: Rng;
  /** Stop (incomplete) once this many steps have been simulated. */
  maxSteps?: number;
  /** Stop (incomplete) once this many trajectories have been simulated. */
  maxRuns?: number;
  /** Called after each iteration. */
  onIteration?: (it: AmsIteration) => void;
}

/** One iteration of AMS: a level, the particles killed under it, the cost so far. */
export interface AmsIteration {
  iteration: number;
  /** The level Z_q: the smallest particle score. */
  level: number;
  /** Particles with score ≤ Z_q, all killed and re-branched (K_q ≥ 1; ties kill together). */
  killed: number;
  /** Running log of Π (1 − K_q / n): the estimate of log P(score > Z_q). */
  logWeight: number;
  runs: number;
  steps: number;
}

/** The result of one AMS run. */
export interface AmsResult {
  /** Unbiased estimate of P(max score ≥ level) (0 on extinction). */
  estimate: number;
  /**
   * An estimate of P(max score ≥ highest level passed) when the run went extinct
   * or was cut short: an upper bound on the event's probability in expectation;
   * equal to `estimate` when the run completed normally.
   */
  bound: number;
  /** How the run ended. */
  status: "reached" | "extinct" | "budget";
  /** Particles whose score reached `level` at the end. */
  reached: number;
  iterations: AmsIteration[];
  runs: number;
  steps: number;
}

/** First recorded step at which the running maximum exceeds `z` (the branching step). */
function firstAbove(t: Trajectory, z: number): number {
  for (let k = 0; k < t.recordSteps.length; k++)
    if (t.recordScores[k]! > z) return t.recordSteps[k]!;
  throw new Error(`internal: a survivor never exceeded level ${z}`);
}

/**
 * Adaptive multilevel splitting (Cérou & Guyader 2007) in the generalised,
 * unbiased form of Bréhier, Lelièvre & Rousset (2016), killing one level per
 * iteration: the level Z_q is the smallest score among the n particles; every
 * particle at or below it (K_q of them; several on ties) is killed and replaced
 * by a copy of a survivor chosen uniformly, branched at the first step its
 * running maximum exceeded Z_q and continued on fresh randomness. It stops when
 * the smallest score reaches `level` (then every particle has reached it) or when
 * all n particles are tied (extinction: estimate 0). The estimate
 * Π_q (1 − K_q/n) · (reached / n) is unbiased for P(max score ≥ level).
 */
export function runAms(process: SplittingProcess, o: AmsOptions): AmsResult {
  const n = o.particles;
  if (!(Number.isInteger(n) && n >= 2))
    throw new RangeError(`particles must be an integer ≥ 2 (got ${n})`);
  let runs = 0;
  let steps = 0;
  const sim = (path: Path): Trajectory => {
    const t = process.simulate(path, o.level);
    runs++;
    steps += t.steps;
    return t;
  };
  const over = () =>
    (o.maxSteps !== undefined && steps >= o.maxSteps) ||
    (o.maxRuns !== undefined && runs >= o.maxRuns);
  const particles: Trajectory[] = [];
  for (let i = 0; i < n; i++) particles.push(sim({ origin: o.originBase + i, branches: [] }));
  const iterations: AmsIteration[] = [];
  let logWeight = 0;
  let status: AmsResult["status"] = "reached";
  for (let q = 0; ; q++) {
    let z = Number.POSITIVE_INFINITY;
    for (const p of particles) z = Math.min(z, p.score);
    if (z >= o.level) break;
    const killed: number[] = [];
    const survivors: number[] = [];
    particles.forEach((p, i) => {
      (p.score <= z ? killed : survivors).push(i);
    });
    if (survivors.length === 0) {
      status = "extinct";
      break;
    }
    if (over()) {
      status = "budget";
      break;
    }
    logWeight += Math.log1p(-killed.length / n);
    for (const i of killed) {
      const parent = particles[survivors[Math.floor(o.rng.next() * survivors.length)]!]!;
      const tau = firstAbove(parent, z);
      particles[i] = sim({
        origin: parent.origin,
        branches: [
          ...parent.branches.filter((b) => b.at <= tau),
          { at: tau + 1, id: `${o.idPrefix}/${q}/${i}` },
        ],
      });
    }
    const it: AmsIteration = {
      iteration: q,
      level: z,
      killed: killed.length,
      logWeight,
      runs,
      steps,
    };
    iterations.push(it);
    o.onIteration?.(it);
  }
  const reached = particles.filter((p) => p.score >= o.level).length;
  const weight = Math.exp(logWeight);
  const estimate = status === "reached" ? (weight * reached) / n : 0;
  return {
    estimate,
    bound: status === "reached" ? estimate : weight,
    status,
    reached,
    iterations,
    runs,
    steps,
  };
}
