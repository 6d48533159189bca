import type { Trajectory } from "./morris.ts";

/** Campolongo's distance between two trajectories: the sum of the Euclidean distances between their points. */
function distance(a: Trajectory, b: Trajectory): number {
  let sum = 0;
  for (const p of a.points)
    for (const q of b.points) {
      let s = 0;
      for (let i = 0; i < p.length; i++) s += (p[i]! - q[i]!) ** 2;
      sum += Math.sqrt(s);
    }
  return sum;
}

/**
 * Keeps the `r` trajectories of `drawn` with (close to) the largest spread,
 * the sum of squared pairwise distances of Campolongo et al. (2007). Instead
 * of their exhaustive search over every r-subset, trajectories are removed one
 * at a time, each time the one contributing least to the spread of those left
 * (the iterative elimination of Ruano et al. 2012); ties go to the earliest
 * drawn. The kept trajectories stay in the order they were drawn.
 */
export function spreadTrajectories(drawn: readonly Trajectory[], r: number): Trajectory[] {
  const m = drawn.length;
  const d2 = Array.from({ length: m }, () => new Float64Array(m));
  for (let i = 0; i < m; i++)
    for (let j = i + 1; j < m; j++) {
      const v = distance(drawn[i]!, drawn[j]!) ** 2;
      d2[i]![j] = v;
      d2[j]![i] = v;
    }
  const alive = new Array<boolean>(m).fill(true);
  const contribution = d2.map((row) => row.reduce((s, v) => s + v, 0));
  for (let left = m; left > r; left--) {
    let worst = -1;
    for (let i = 0; i < m; i++)
      if (alive[i] && (worst < 0 || contribution[i]! < contribution[worst]!)) worst = i;
    alive[worst] = false;
    for (let i = 0; i < m; i++) contribution[i]! -= d2[i]![worst]!;
  }
  return drawn.filter((_, i) => alive[i]);
}
