import { join } from "node:path";
import { UsageError } from "./command.ts";
import { integerFlag, stepsSet } from "./flags.ts";

/** The options of the commands that run an optimiser study (`optimize`, `stress`). */
export const STUDY_OPTIONS = {
  range: { type: "string", multiple: true },
  budget: { type: "string" },
  runs: { type: "string" },
  "batch-runs": { type: "string" },
  "max-runs": { type: "string" },
  "final-runs": { type: "string" },
  population: { type: "string" },
  generations: { type: "string" },
  confidence: { type: "string" },
  set: { type: "string", multiple: true },
  steps: { type: "string" },
  seed: { type: "string" },
  workers: { type: "string" },
  out: { type: "string" },
  resume: { type: "boolean" },
  json: { type: "boolean" },
  quiet: { type: "boolean" },
} as const;

/** What parseArgs gives for {@link STUDY_OPTIONS}. */
export interface StudyFlagValues {
  range?: string[];
  budget?: string;
  runs?: string;
  "batch-runs"?: string;
  "max-runs"?: string;
  "final-runs"?: string;
  population?: string;
  generations?: string;
  confidence?: string;
  set?: string[];
  steps?: string;
  seed?: string;
}

/** The study settings of a study's flags (only those given, so the study's defaults hold). */
export interface StudyFlagSettings {
  ranges: string[];
  sets: string[];
  seed?: number;
  budget?: number;
  runs?: number;
  batchRuns?: number;
  maxRuns?: number;
  finalRuns?: number;
  population?: number;
  maxGenerations?: number;
  confidence?: number;
}

const NUMBER = /^[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?$/;

/** A fraction flag in [0, 1) (`open`: (0, 1)); undefined when not given. */
export function fractionFlag(name: string, raw: string | undefined, open: boolean) {
  if (raw === undefined) return undefined;
  const x = Number(raw);
  if (!NUMBER.test(raw.trim()) || !(x >= 0 && x < 1) || (open && x === 0))
    throw new UsageError(
      `--${name} ${JSON.stringify(raw)}: expected a number in ${open ? "(0, 1)" : "[0, 1)"}`,
    );
  return x;
}

/** Parses the flags every study shares; `--steps n` becomes `--set sim.steps=n`. */
export function studyFlagSettings(v: StudyFlagValues): StudyFlagSettings {
  const sets = [...(v.set ?? []), ...stepsSet(v.steps)];
  const int = (name: keyof StudyFlagValues, min = 1) =>
    integerFlag(name, v[name] as string | undefined, undefined, min);
  const given: Record<string, number | undefined> = {
    seed: int("seed", 0),
    budget: int("budget"),
    runs: int("runs"),
    batchRuns: int("batch-runs"),
    maxRuns: int("max-runs"),
    finalRuns: int("final-runs"),
    population: int("population", 2),
    maxGenerations: int("generations"),
    confidence: fractionFlag("confidence", v.confidence, true),
  };
  return {
    ranges: v.range ?? [],
    sets,
    ...Object.fromEntries(Object.entries(given).filter(([, x]) => x !== undefined)),
  };
}

/**
 * A study's output folder: `--out`, or `results/<scenario>-<command>` with the
 * scenario named as given, less its folder and `.ts`.
 */
export function studyOut(command: string, ref: string, out: string | undefined): string {
  return out ?? join("results", `${ref.replace(/^.*\//, "").replace(/\.ts$/, "")}-${command}`);
}
