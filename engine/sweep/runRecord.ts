import type { DeathSpiralEvent } from "../metrics/deathSpiral.ts";
import type { RunSummary } from "../pipeline/run.ts";

/** What a sweep keeps of each run: its place, seed, status and headline figures. */
export interface RunRecord {
  point: number;
  run: number;
  seed: number;
  /**
   * ok: completed; failed: an invariant broke (deterministic: the same seed
   * fails again); error: the run threw, or its worker died on every attempt.
   */
  status: "ok" | "failed" | "error";
  /** The failure or error message; empty when ok. */
  message: string;
  /** Overrides that made this run's parameters (`--set`s, then the point's). */
  sets: string[];
  stepsCompleted: number;
  headline: RunSummary["headline"] | null;
  deathSpirals: DeathSpiralEvent[];
  /** The scenario's declared outcomes (absent when it declares none, or the run errored). */
  outcomes?: RunSummary["outcomes"];
  outcomeInfo?: RunSummary["outcomeInfo"];
}

/** A run record from a run's summary. */
export function recordFromSummary(
  point: number,
  run: number,
  sets: readonly string[],
  s: RunSummary,
): RunRecord {
  return {
    point,
    run,
    seed: s.seed,
    status: s.status,
    message: s.failure?.message ?? "",
    sets: [...sets],
    stepsCompleted: s.stepsCompleted,
    headline: s.headline,
    deathSpirals: s.deathSpirals,
    ...(s.outcomes ? { outcomes: s.outcomes, outcomeInfo: s.outcomeInfo } : {}),
  };
}

/** The record of a run that threw (or whose worker kept dying). */
export function errorRecord(
  point: number,
  run: number,
  seed: number,
  sets: readonly string[],
  message: string,
): RunRecord {
  return {
    point,
    run,
    seed,
    status: "error",
    message,
    sets: [...sets],
    stepsCompleted: 0,
    headline: null,
    deathSpirals: [],
  };
}
