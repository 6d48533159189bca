import { existsSync, readdirSync, readFileSync, renameSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { TokensimError } from "../errors.ts";
import { makeDir } from "../makeDir.ts";
import type { SearchRange } from "./ranges.ts";

/** A study as recorded in `<out>/study.json`: everything that decides its result. */
export interface StudySettings {
  format: "tokensim-optimize/1";
  scenario: string;
  scenarioRef: string;
  scenarioSha256: string;
  sets: string[];
  ranges: SearchRange[];
  objectives: string[];
  constraints: string[];
  algorithm: "cma-es" | "nsga-ii";
  seed: number;
  /** Runs the search may use (the final re-evaluation comes on top: see `finalRuns`). */
  budget: number;
  population: number;
  maxGenerations: number;
  runs: number;
  batchRuns: number;
  maxRuns: number;
  finalRuns: number;
  confidence: number;
  /** CMA-ES: initial step size in the unit cube, started at its centre. */
  sigma0: number;
  seedRule: string;
}

/** One candidate's evaluation: its point, its overrides and every run's metric values. */
export interface CandidateRecord {
  index: number;
  /** The point in the unit cube (one coordinate per range). */
  x: number[];
  /** False for a CMA-ES sample outside the cube: ranked behind the others, never run. */
  evaluated: boolean;
  sets: string[];
  runs: number;
  /** Run indices whose built-in invariants failed (their values still count). */
  failed: number[];
  /** Per metric, the value of runs 0..runs-1. */
  metrics: Record<string, number[]>;
}

/** A generation (or the final re-evaluation) as recorded in `<out>/generations/`. */
export interface GenerationRecord {
  generation: number | "final";
  seed: number;
  candidates: CandidateRecord[];
}

/** A study's folder does not fit the request. */
export class OptimizeError extends TokensimError {
  constructor(message: string) {
    super("TOKENSIM_OPTIMIZE", message);
  }
}

const genFile = (out: string, g: number | "final") =>
  join(out, "generations", g === "final" ? "final.json" : `g${String(g).padStart(4, "0")}.json`);

// JSON has no Infinity or NaN; outcomes may be infinite ("never recovered").
const encode = (_: string, v: unknown) =>
  typeof v === "number" && !Number.isFinite(v) ? String(v) : v;
const decode = (_: string, v: unknown) =>
  v === "Infinity"
    ? Number.POSITIVE_INFINITY
    : v === "-Infinity"
      ? Number.NEGATIVE_INFINITY
      : v === "NaN"
        ? Number.NaN
        : v;

/** JSON text of a study file (non-finite numbers as strings), one trailing newline. */
export const studyJson = (value: unknown): string => `${JSON.stringify(value, encode, 2)}\n`;

/**
 * Prepares `<out>` for a study: a fresh folder gets `study.json`; an existing
 * study is continued only with `resume` and identical settings. Returns the
 * recorded generations (by number, and the final re-evaluation) to replay.
 */
export function openStudy(
  out: string,
  settings: StudySettings,
  resume: boolean,
): Map<number | "final", GenerationRecord> {
  const path = join(out, "study.json");
  const recorded = new Map<number | "final", GenerationRecord>();
  if (existsSync(path)) {
    if (!resume)
      throw new OptimizeError(
        `${out} already holds a study; pass --resume to continue it, or choose another --out`,
      );
    const old = JSON.parse(readFileSync(path, "utf8"), decode) as StudySettings;
    const differ = (Object.keys(settings) as (keyof StudySettings)[]).filter(
      (k) => JSON.stringify(old[k]) !== JSON.stringify(settings[k]),
    );
    if (differ.length > 0)
      throw new OptimizeError(
        `${out} holds a different study (${differ.join(", ")} differ); --resume needs the same scenario, ranges, goals, seed and options`,
      );
    const dir = join(out, "generations");
    for (const f of existsSync(dir) ? readdirSync(dir).filter((n) => n.endsWith(".json")) : []) {
      const g = JSON.parse(readFileSync(join(dir, f), "utf8"), decode) as GenerationRecord;
      recorded.set(g.generation, g);
    }
  }
  writeFileAtomic(path, studyJson(settings));
  return recorded;
}

/** Records a completed generation (atomically: a resume sees it whole or not at all). */
export function writeGeneration(out: string, g: GenerationRecord): void {
  writeFileAtomic(genFile(out, g.generation), studyJson(g));
}

/** Writes a file through a temp file and a rename (never half a file). */
export function writeFileAtomic(path: string, data: string | Uint8Array): void {
  makeDir(dirname(path));
  const tmp = `${path}.tmp-${process.pid}`;
  writeFileSync(tmp, data);
  renameSync(tmp, path);
}

/** Fails when a recorded generation's candidates are not the ones this study asks for now. */
export function checkReplay(
  out: string,
  what: string,
  recorded: GenerationRecord | undefined,
  xs: readonly (readonly number[])[],
): void {
  if (recorded?.candidates.some((c, i) => JSON.stringify(c.x) !== JSON.stringify(xs[i])))
    throw new OptimizeError(
      `${out}: ${what} on record does not match this study; start a new --out`,
    );
}
