import { median, quantile } from "simple-statistics";
import { type Interval, wilsonInterval } from "../../engine/check/intervals.ts";
import type { Run } from "./sweep.ts";

/** What study 9 reports of one grid cell's runs. */
export interface SpiralCell {
  /** Runs in the cell. */
  runs: number;
  /** Runs with at least one confirmed death spiral. */
  spiralled: number;
  /** P(spiral): spiralled / runs. */
  p: number;
  /** Its Wilson score interval. */
  pInterval: Interval;
  /** Over all runs: the run's deepest price fall from a running peak (percent): median, quartiles. */
  drawdownPct: { median: number; q25: number; q75: number };
  /** Over all runs: median active providers at the end ÷ at the start. */
  activeEnd: number;
  /** Over all runs: median price at the end ÷ at the start. */
  priceEnd: number;
  /** Over the runs that spiralled (NaN when none): median of the deepest price fall in a spiral (percent). */
  spiralDrawdownPct: number;
  /** Median of the deepest fall of active providers in a spiral (percent). */
  providersLostPct: number;
  /** Median days spent spiralling (an unrecovered spiral counts to the end of the run). */
  spiralDays: number;
  /** Share of them whose every spiral ended in recovery within the run. */
  recovered: number;
  /** Share of them whose first spiral started before `beforeStep` (e.g. the crash's first step). */
  startedBefore: number;
}

/**
 * Steps a run spent spiralling: each spiral from its start to the first step of
 * the recovery that ended it, or to `runSteps` when it never recovered.
 */
export function spiralSteps(r: Pick<Run, "spirals">, runSteps: number): number {
  return r.spirals.reduce((n, e) => n + (e.endStep ?? runSteps) - e.startStep, 0);
}

const medianOr = (xs: number[]): number => (xs.length ? median(xs) : Number.NaN);

/**
 * The statistics of one cell's runs (a run of `runSteps` steps of `stepsPerDay`
 * steps a day), with a `confidence` Wilson interval for P(spiral).
 *
 * @throws Error on an empty cell (there is nothing to estimate).
 */
export function spiralCell(
  runs: readonly Run[],
  o: { runSteps: number; stepsPerDay: number; beforeStep: number; confidence?: number },
): SpiralCell {
  if (runs.length === 0) throw new Error("spiralCell: a cell without runs");
  const sp = runs.filter((r) => r.spirals.length > 0);
  const dd = runs.map((r) => r.h.maxDrawdownPct);
  return {
    runs: runs.length,
    spiralled: sp.length,
    p: sp.length / runs.length,
    pInterval: wilsonInterval(sp.length, runs.length, o.confidence ?? 0.95),
    drawdownPct: { median: median(dd), q25: quantile(dd, 0.25), q75: quantile(dd, 0.75) },
    activeEnd: median(runs.map((r) => r.h.providersActiveEnd / r.h.providersStart)),
    priceEnd: median(runs.map((r) => r.h.priceEndUsd / r.h.priceStartUsd)),
    spiralDrawdownPct: medianOr(
      sp.map((r) => Math.max(...r.spirals.map((e) => e.maxPriceDrawdownPct))),
    ),
    providersLostPct: medianOr(
      sp.map((r) => Math.max(...r.spirals.map((e) => e.maxProviderLossPct))),
    ),
    spiralDays: medianOr(sp.map((r) => spiralSteps(r, o.runSteps) / o.stepsPerDay)),
    recovered: sp.length
      ? sp.filter((r) => r.spirals.every((e) => e.endedBy === "recovery")).length / sp.length
      : Number.NaN,
    startedBefore: sp.length
      ? sp.filter((r) => r.spirals[0]!.startStep < o.beforeStep).length / sp.length
      : Number.NaN,
  };
}

/**
 * How two intervals compare: `above` / `below` when `a` lies wholly above or
 * below `b`, `overlap` otherwise (the difference is not settled).
 */
export function compareIntervals(a: Interval, b: Interval): "above" | "below" | "overlap" {
  if (a.lower > b.upper) return "above";
  if (a.upper < b.lower) return "below";
  return "overlap";
}
