import { copyFileSync, existsSync, mkdirSync, readdirSync, renameSync, rmSync } from "node:fs";
import { dirname, join } from "node:path";
import {
  readManifest,
  type SweepManifest,
  sameSweep,
  sweepPaths,
  writeFileAtomic,
} from "./manifest.ts";
import { SweepError } from "./runner.ts";
import type { RunRecord } from "./runRecord.ts";
import { writeTables } from "./tables.ts";

export interface MergeOutcome {
  manifest: SweepManifest;
  /** Runs in the merged directory. */
  runs: number;
  /** Runs the sweep has that no input held, as (point, run). */
  missing: { point: number; run: number }[];
  failures: RunRecord[];
}

function copyAtomic(from: string, to: string): void {
  mkdirSync(dirname(to), { recursive: true });
  const tmp = `${to}.tmp-${process.pid}`;
  copyFileSync(from, tmp);
  renameSync(tmp, to);
}

/**
 * Merges the output directories of a sweep's shards (or of any partial runs
 * of the same sweep) into `out`: checks they are the same sweep, copies each
 * run's records and per-step files, and writes the tables. Runs are files of
 * their own, so the result is the same bytes as one unsharded sweep. While runs
 * are missing, no table is written: `missing.json` lists them instead.
 */
export function mergeSweeps(inputs: readonly string[], out: string): MergeOutcome {
  if (inputs.length === 0) throw new SweepError("no input directories");
  const manifests = inputs.map((dir) => {
    const m = readManifest(dir);
    if (!m) throw new SweepError(`${dir} holds no sweep (no manifest.json)`);
    return m;
  });
  const manifest = manifests[0]!;
  manifests.forEach((m, k) => {
    if (!sameSweep(m, manifest))
      throw new SweepError(`${inputs[k]} is a different sweep from ${inputs[0]}`);
  });
  const target = sweepPaths(out);
  const existing = readManifest(out);
  if (existing && !sameSweep(existing, manifest))
    throw new SweepError(`${out} already holds a different sweep`);
  writeFileAtomic(target.manifest, `${JSON.stringify(manifest, null, 2)}\n`);
  const have = new Set<string>();
  for (const dir of inputs) {
    const src = sweepPaths(dir);
    if (!existsSync(src.summaries)) continue;
    for (const f of readdirSync(src.summaries)) {
      const m = /^p(\d+)-r(\d+)\.json$/.exec(f);
      if (!m) continue;
      const point = Number(m[1]);
      const run = Number(m[2]);
      const id = `${point}/${run}`;
      if (have.has(id)) continue;
      have.add(id);
      if (dir !== out) {
        const steps = src.steps(point, run);
        if (existsSync(steps)) copyAtomic(steps, target.steps(point, run));
        copyAtomic(join(src.summaries, f), target.summary(point, run));
      }
    }
  }
  const missing: { point: number; run: number }[] = [];
  for (const p of manifest.points)
    for (let run = 0; run < manifest.runsPerPoint; run++)
      if (!have.has(`${p.index}/${run}`)) missing.push({ point: p.index, run });
  if (missing.length > 0) {
    // Nothing that looks finished: no tables (a stale set from an earlier merge is
    // removed) and the list of what is missing, until a merge has every run.
    for (const f of [target.runsTable, target.sweepTable, target.failures])
      rmSync(f, { force: true });
    writeFileAtomic(target.missing, `${JSON.stringify(missing, null, 2)}\n`);
    return { manifest, runs: have.size, missing, failures: [] };
  }
  rmSync(target.missing, { force: true });
  const failures = writeTables(out, manifest);
  return { manifest, runs: have.size, missing, failures };
}
