import { renameSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { Field, Float64, Int32, tableFromArrays } from "apache-arrow";
import { makeDir } from "../../makeDir.ts";
import { tableToIpcFile, withSchema } from "../../metrics/ipcFile.ts";
import { version } from "../../version.ts";
import type { EpisodeRecord, Training } from "./train.ts";

/** What a training run was, for `learning.json` (the caller's settings, as given). */
export interface LearningRunInfo {
  scenario: string;
  agent: string;
  rewardUnit: string;
  seed: number;
  episodes: number;
  decisionEverySteps: number;
  sets: readonly string[];
  actionValues: readonly number[];
  observationKeys: readonly string[];
  learner: Record<string, unknown>;
}

/** Per-column unit and meaning of `curve.arrow`. */
const COLUMNS: readonly [keyof EpisodeRecord, "int" | "float", string, string][] = [
  ["episode", "int", "episode", "training episode, from 0"],
  ["seed", "float", "seed", "the episode's run seed"],
  ["return", "float", "reward unit", "sum of the episode's rewards"],
  ["decisions", "int", "decisions", "calls of step() in the episode"],
  ["meanActionValue", "float", "action unit", "mean applied action value"],
  [
    "greedyActionValue",
    "float",
    "action unit",
    "greedy action value at the first observation after the episode",
  ],
  ["epsilon", "float", "fraction", "exploration rate during the episode"],
  ["failed", "int", "flag", "1 when an invariant stopped the run"],
];

/** The learning curve as an Arrow table, units and meanings in each field's metadata. */
function curveTable(curve: readonly EpisodeRecord[], info: LearningRunInfo) {
  const cols: Record<string, Float64Array | Int32Array> = {};
  for (const [name, kind] of COLUMNS) {
    const v = curve.map((r) => r[name]);
    cols[name] = kind === "int" ? Int32Array.from(v) : Float64Array.from(v);
  }
  const t = tableFromArrays(cols);
  const fields = COLUMNS.map(
    ([name, kind, unit, description]) =>
      new Field(
        name,
        kind === "int" ? new Int32() : new Float64(),
        false,
        new Map([
          ["unit", unit === "reward unit" ? info.rewardUnit : unit],
          ["description", description],
        ]),
      ),
  );
  return withSchema(
    t,
    fields,
    new Map([
      ["tokensimVersion", version],
      ["scenario", info.scenario],
      ["agent", info.agent],
    ]),
  );
}

function writeAtomic(path: string, data: string | Uint8Array): void {
  writeFileSync(`${path}.tmp`, data);
  renameSync(`${path}.tmp`, path);
}

/**
 * Writes `curve.arrow` (one row per episode) and `learning.json` (the settings,
 * the curve, the Q table and the greedy action per state) into `dir`, each
 * atomically. Returns their paths.
 */
export function writeLearning(
  dir: string,
  training: Training,
  info: LearningRunInfo,
): { curve: string; json: string } {
  makeDir(dir);
  const curve = join(dir, "curve.arrow");
  const json = join(dir, "learning.json");
  writeAtomic(curve, tableToIpcFile(curveTable(training.curve, info)));
  const l = training.learner;
  const n = l.nActions;
  const rows = (a: Float64Array) =>
    Array.from({ length: l.states }, (_, s) => Array.from(a.subarray(s * n, s * n + n)));
  const q = rows(l.q);
  const body = {
    tokensimVersion: version,
    ...info,
    qTable: q,
    visits: rows(l.visits),
    greedyActionValue: q.map((r) => info.actionValues[r.indexOf(Math.max(...r))]),
    curve: training.curve,
  };
  writeAtomic(json, `${JSON.stringify(body, null, 2)}\n`);
  return { curve, json };
}
