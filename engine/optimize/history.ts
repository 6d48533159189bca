import {
  Bool,
  type DataType,
  Field,
  Float64,
  Int32,
  Table,
  Utf8,
  type Vector,
  vectorFromArray,
} from "apache-arrow";
import { tableToIpcFile, withSchema } from "../metrics/ipcFile.ts";
import { isLevels, searchValue } from "./ranges.ts";
import type { StudySettings } from "./record.ts";
import type { Scored } from "./search.ts";

interface Col {
  values: unknown[];
  type: DataType;
  description: string;
}

const orNull = (v: number | undefined): number | null =>
  v === undefined || Number.isNaN(v) ? null : v;

/**
 * The search history as an Arrow IPC file: one row per candidate (the search's
 * generations, then the final re-evaluation), with its parameters, runs, and
 * every objective's and constraint's estimate and interval (null where the
 * candidate was not run: a CMA-ES sample outside the ranges).
 */
export function historyArrow(settings: StudySettings, rows: readonly Scored[]): Uint8Array {
  const cols: Record<string, Col> = {};
  const add = (name: string, type: DataType, description: string, f: (s: Scored) => unknown) => {
    cols[name] = { type, description, values: rows.map(f) };
  };
  add("phase", new Utf8(), "search, or final (the re-evaluation on fresh seeds)", (s) =>
    s.generation === "final" ? "final" : "search",
  );
  add(
    "generation",
    new Int32(),
    "generation of the search (null in the final re-evaluation)",
    (s) => (s.generation === "final" ? null : s.generation),
  );
  add("candidate", new Int32(), "candidate within its generation", (s) => s.record.index);
  add("seed", new Float64(), "root seed of its runs (run index r = 0, 1, ...)", (s) => s.seed);
  for (const [k, r] of settings.ranges.entries())
    if (isLevels(r))
      add(r.key, new Utf8(), `parameter level (one of ${r.levels.join(", ")})`, (s) =>
        searchValue(r, s.record.x[k]!),
      );
    else
      add(r.key, new Float64(), `parameter value${r.log ? " (log range)" : ""}`, (s) =>
        searchValue(r, s.record.x[k]!),
      );
  add(
    "evaluated",
    new Bool(),
    "false: outside the ranges, ranked last and not run",
    (s) => s.record.evaluated,
  );
  add("runs", new Int32(), "runs used", (s) => s.record.runs);
  add(
    "failedRuns",
    new Int32(),
    "runs whose built-in invariants failed",
    (s) => s.record.failed.length,
  );
  const estimates = (
    prefix: string,
    specs: string[],
    pick: (s: Scored, k: number) => { estimate: number; lower: number; upper: number } | undefined,
  ) => {
    for (const [k, spec] of specs.entries()) {
      add(`${prefix}${k + 1}`, new Float64(), spec, (s) => orNull(pick(s, k)?.estimate));
      add(`${prefix}${k + 1}Lower`, new Float64(), `${spec}: lower bound`, (s) =>
        orNull(pick(s, k)?.lower),
      );
      add(`${prefix}${k + 1}Upper`, new Float64(), `${spec}: upper bound`, (s) =>
        orNull(pick(s, k)?.upper),
      );
    }
  };
  estimates("objective", settings.objectives, (s, k) => s.score?.objectives[k]);
  estimates("constraint", settings.constraints, (s, k) => s.score?.constraints[k]);
  add("violation", new Float64(), "total relative constraint violation (0: feasible)", (s) =>
    orNull(s.score?.violation),
  );
  add("feasible", new Bool(), "every constraint's estimate on its right side", (s) =>
    s.score ? s.score.violation === 0 : null,
  );
  const vectors: Record<string, Vector> = {};
  for (const [name, c] of Object.entries(cols)) vectors[name] = vectorFromArray(c.values, c.type);
  const plain = new Table(vectors);
  const fields = plain.schema.fields.map(
    (f) => new Field(f.name, f.type, true, new Map([["description", cols[f.name]!.description]])),
  );
  const meta = new Map([
    ["tokensim.table", "optimize-history"],
    ["tokensim.scenario", settings.scenario],
    ["tokensim.algorithm", settings.algorithm],
    ["tokensim.confidence", String(settings.confidence)],
  ]);
  return tableToIpcFile(withSchema(plain, fields, meta));
}
