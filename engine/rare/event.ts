import { ScenarioError } from "../errors.ts";
import type { World } from "../state/world.ts";
import { drawdownScore, exodusScore, type StepScore, spiralNearnessScore } from "./score.ts";

/** The score functions the spiral event can be split on. */
const SPIRAL_SCORES = ["nearness", "pressure", "drawdown", "exodus"] as const;

/** A rare event of a run and the score splitting climbs towards it. */
export interface RareEvent {
  /** The event as written (`spiral`, `drawdown>0.9`, `exodus>0.5`). */
  name: string;
  /** The score's name. */
  score: string;
  /** The event is "the running maximum of the score reaches `level`". */
  level: number;
  /** A fresh score tracker for one run, given its world before the first step. */
  create(w: World): StepScore;
}

/**
 * Parses `--event` and `--score`: `spiral` (the run's death-spiral detector
 * fires; scores `nearness` (default), `drawdown`, `exodus`), `drawdown>X` (the
 * price falls more than X, a fraction in (0, 1), under its running peak: the
 * summary's maxDrawdownPct > 100·X) or `exodus>X` (active providers fall more
 * than X under their running peak); these two are their own score.
 */
export function parseRareEvent(event: string, score?: string): RareEvent {
  const e = event.trim();
  if (e === "spiral") {
    const s = score ?? "nearness";
    if (s === "nearness") return { name: e, score: s, level: 1, create: spiralNearnessScore };
    if (s === "pressure")
      return { name: e, score: s, level: 1, create: (w) => spiralNearnessScore(w, true) };
    if (s === "drawdown")
      return { name: e, score: s, level: 2, create: (w) => drawdownScore(w, 2) };
    if (s === "exodus") return { name: e, score: s, level: 2, create: (w) => exodusScore(w, 2) };
    throw new ScenarioError(
      `unknown score '${s}' for the spiral event (one of ${SPIRAL_SCORES.join(", ")})`,
    );
  }
  const m = /^(drawdown|exodus)\s*>\s*([0-9.eE+-]+)$/.exec(e);
  if (m) {
    const x = Number(m[2]);
    if (!(x > 0 && x < 1))
      throw new ScenarioError(
        `--event ${e}: the threshold must be a fraction in (0, 1) (got ${m[2]})`,
      );
    if (score !== undefined && score !== m[1])
      throw new ScenarioError(`--event ${e} is scored by its own metric; drop --score ${score}`);
    // The event is "fall > x"; the score's maximum reaching the level is "≥": the
    // smallest double above x makes them the same.
    const level = x + Number.EPSILON * x;
    const create = m[1] === "drawdown" ? drawdownScore : exodusScore;
    return { name: `${m[1]}>${x}`, score: m[1]!, level, create: (w) => create(w) };
  }
  throw new ScenarioError(
    `unknown event '${e}' (spiral, drawdown>X or exodus>X with X a fraction, e.g. drawdown>0.9)`,
  );
}
