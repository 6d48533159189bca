import { ParameterError } from "../errors.ts";
import type { Rng } from "../rng/source.ts";
import { spreadTrajectories } from "./spread.ts";

/** One Morris trajectory: d + 1 points, each after the first changing one factor by ±delta. */
export interface Trajectory {
  /** The points, in order, in [0, 1]^d. */
  points: Float64Array[];
  /** The factor changed at step k (between points k and k + 1). */
  order: number[];
  /** +1 where that factor went up by delta, -1 where it went down. */
  sign: number[];
}

/** The Morris step for p levels: p / (2 (p - 1)) of the unit interval. */
export const morrisDelta = (levels: number): number => levels / (2 * (levels - 1));

function trajectory(d: number, levels: number, rng: Rng): Trajectory {
  const delta = morrisDelta(levels);
  const x = new Float64Array(d);
  const sign: number[] = [];
  for (let i = 0; i < d; i++) {
    const base = Math.floor(rng.next() * (levels / 2)) / (levels - 1);
    const up = rng.next() < 0.5;
    x[i] = up ? base : base + delta;
    sign.push(up ? 1 : -1);
  }
  const order = Array.from({ length: d }, (_, i) => i);
  for (let i = d - 1; i > 0; i--) {
    const k = Math.floor(rng.next() * (i + 1));
    [order[i], order[k]] = [order[k]!, order[i]!];
  }
  const points = [x.slice()];
  for (const f of order) {
    x[f] = x[f]! + sign[f]! * delta;
    points.push(x.slice());
  }
  return { points, order, sign: order.map((f) => sign[f]!) };
}

/**
 * Morris's elementary-effects design (Morris 1991): r trajectories on a grid of
 * p levels (p even), step delta = p / (2 (p - 1)). Each trajectory starts at a
 * random grid point from which every factor can move by delta, then changes the
 * factors one at a time in a random order, each up or down. With `candidates`
 * > r, that many trajectories are drawn and the r most spread out are kept
 * (Campolongo, Cariboni and Saltelli 2007; see {@link spreadTrajectories}).
 */
export function morrisTrajectories(
  r: number,
  d: number,
  levels: number,
  rng: Rng,
  candidates = 0,
): Trajectory[] {
  if (!Number.isSafeInteger(levels) || levels < 2 || levels % 2 !== 0)
    throw new ParameterError(
      `Morris: the number of levels must be even and at least 2 (got ${levels})`,
    );
  if (candidates > 0 && candidates <= r)
    throw new ParameterError(
      `Morris: --candidates (${candidates}) must exceed the trajectories kept (--samples ${r})`,
    );
  const drawn = Array.from({ length: Math.max(r, candidates) }, () => trajectory(d, levels, rng));
  return candidates > 0 ? spreadTrajectories(drawn, r) : drawn;
}
