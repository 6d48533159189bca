import { existsSync } from "node:fs";
import { join } from "node:path";
import type { RareResult } from "../../engine/rare/scenarioRare.ts";
import { type Columns, readArrow } from "./arrowTable.ts";
import { BadNameError, CorruptResultError, readInside } from "./resultStore.ts";
import { readStudyJson } from "./studyFiles.ts";

/** One AMS iteration of one replica (a row of rare.arrow), shaped for the charts. */
interface RareIteration {
  replica: number;
  iteration: number;
  /** The killed level Z_q: the smallest running maximum of the score at that iteration. */
  level: number;
  /** Particles killed (K_q). */
  killed: number;
  /** exp(logWeight): the replica's running estimate of P(score > level). */
  probability: number;
  /** Runs and steps the replica had spent so far. */
  runs: number;
  steps: number;
}

/** One replica's result as rare.json reports it. */
interface RareReplica {
  replica: number;
  estimate: number;
  bound: number;
  status: string;
  iterations: number;
  runs: number;
  steps: number;
}

/** A `tokensim rare` folder shaped for its summary, charts and table (see {@link readRareView}). */
export interface RareView {
  kind: "rare";
  scenario: string;
  /** `spiral`, `drawdown>X` or `exodus>X`. */
  event: string;
  score: string;
  /** The event: the score's running maximum reaches this level. */
  level: number;
  method: string;
  /** The estimate and its interval at `confidence`; null where not finite. */
  estimate: number | null;
  lower: number | null;
  upper: number | null;
  confidence: number;
  /** Standard error / estimate (null when the estimate is 0). */
  relativeError: number | null;
  runs: number;
  steps: number;
  stepsPerRun: number;
  particles: number;
  replicas: number;
  /** Replicas that went extinct or ran out of budget. */
  incomplete: number;
  invariantFailures: number;
  seed: number;
  sets: string[];
  perReplica: RareReplica[];
  /** rare.arrow's rows, by replica then iteration (empty when the folder has no rare.arrow). */
  iterations: RareIteration[];
}

/** A finite number, else null (JSON has no Infinity or NaN). */
const num = (v: unknown): number | null => (typeof v === "number" && Number.isFinite(v) ? v : null);

/** rare.arrow's columns as {@link RareIteration}s; a file without them is damaged. */
function iterationsOf(t: Columns): RareIteration[] {
  const names = ["replica", "iteration", "level", "killed", "logWeight", "runs", "steps"];
  const missing = names.filter((n) => !t.get(n));
  if (missing.length > 0)
    throw new CorruptResultError(`rare.arrow has no column ${missing.join(", ")}`);
  const [replica, iteration, level, killed, logWeight, runs, steps] = names.map((n) => t.get(n)!);
  return Array.from({ length: t.numRows }, (_, i) => ({
    replica: Number(replica![i]),
    iteration: Number(iteration![i]),
    level: Number(level![i]),
    killed: Number(killed![i]),
    probability: Math.exp(Number(logWeight![i])),
    runs: Number(runs![i]),
    steps: Number(steps![i]),
  }));
}

/**
 * Reads a rare-event folder's rare.json and rare.arrow (only inside the
 * folder: a file linked out is a {@link BadNameError}) as a {@link RareView};
 * undefined while rare.json is not written. A file that is not a tokensim
 * rare result is a {@link CorruptResultError}.
 */
export function readRareView(dir: string): RareView | undefined {
  if (!existsSync(join(dir, "rare.json"))) return undefined;
  const r = readStudyJson<RareResult>(dir, "rare.json");
  if (r?.format !== "tokensim-rare/1" || !Array.isArray(r.perReplica))
    throw new CorruptResultError("rare.json is not a tokensim rare-event result");
  const path = join(dir, "rare.arrow");
  let iterations: RareIteration[] = [];
  if (existsSync(path)) {
    let table: Columns;
    try {
      table = readArrow(readInside(dir, path));
    } catch (err) {
      if (err instanceof BadNameError) throw err;
      throw new CorruptResultError(`rare.arrow cannot be read: ${(err as Error).message}`);
    }
    iterations = iterationsOf(table);
  }
  return {
    kind: "rare",
    scenario: r.scenario,
    event: r.event,
    score: r.score,
    level: r.level,
    method: r.method,
    estimate: num(r.estimate),
    lower: num(r.lower),
    upper: num(r.upper),
    confidence: r.confidence,
    relativeError: num(r.relativeError),
    runs: r.runs,
    steps: r.steps,
    stepsPerRun: r.stepsPerRun,
    particles: r.particles,
    replicas: r.replicas,
    incomplete: r.incomplete,
    invariantFailures: r.invariantFailures,
    seed: r.seed,
    sets: r.sets,
    perReplica: r.perReplica.map((p) => ({ ...p })),
    iterations,
  };
}
