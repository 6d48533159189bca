import { existsSync } from "node:fs";
import { basename, join } from "node:path";
import type { SweepAnalysis } from "../../engine/analysis/sweepAnalysis.ts";
import { leafParams } from "../../engine/params/overrides.ts";
import { bundledScenarioNames, loadScenario } from "../../engine/scenario.ts";
import type { SweepManifest } from "../../engine/sweep/manifest.ts";
import { readArrow } from "./arrowTable.ts";
import { CorruptResultError, readInside } from "./resultStore.ts";

/** A JSON file of result folder `dir`, read only inside it; a damaged one names itself. */
function parseJson<T>(dir: string, path: string): T {
  const bytes = readInside(dir, path);
  try {
    return JSON.parse(bytes.toString("utf8")) as T;
  } catch (err) {
    throw new CorruptResultError(`${basename(path)} cannot be read: ${(err as Error).message}`);
  }
}

/** What a swept parameter or an outcome is called on a chart's axis, and its unit. */
interface AxisName {
  name: string;
  unit: string;
}

/** A sweep's analysis.json with what its charts need to name axes and place points. */
export interface AnalysisData {
  analysis: SweepAnalysis;
  /** Each point's parameter values, by point index (the manifest's). */
  points: Record<string, string | number | boolean>[];
  /** Parameters on a log scale (a `:log` range). */
  logScale: Set<string>;
  param(key: string): AxisName;
  outcome(name: string): AxisName;
}

/** Outcomes' titles and units where runs.arrow's field metadata gives none. */
const OUTCOMES: Record<string, AxisName> = {
  pSpiral: { name: "P(death spiral)", unit: "share of runs" },
  priceEndUsd: { name: "Final price", unit: "USD/token" },
  providersActiveEnd: { name: "Active providers at the end", unit: "providers" },
};

/**
 * Reads a sweep folder's analysis.json (written by `tokensim analyze`) with
 * its manifest's points and the units of its parameters (from the bundled
 * scenario's schema, when the scenario is a bundled one) and outcomes (from
 * runs.arrow's field metadata); undefined when the folder has no analysis.
 * Files are read only inside `dir` (a link out of it is refused).
 */
export async function readAnalysis(dir: string): Promise<AnalysisData | undefined> {
  const path = join(dir, "analysis.json");
  const manifestPath = join(dir, "manifest.json");
  if (!existsSync(path) || !existsSync(manifestPath)) return undefined;
  const analysis = parseJson<SweepAnalysis>(dir, path);
  if (analysis.format !== "tokensim-analysis/1") return undefined;
  const manifest = parseJson<SweepManifest>(dir, manifestPath);
  const units = new Map<string, string>();
  try {
    // Only a bundled scenario is loaded, by name: a manifest's file path is never imported.
    if (bundledScenarioNames().includes(manifest.scenario)) {
      const scenario = await loadScenario(manifest.scenario);
      for (const leaf of leafParams(scenario.schema))
        if (typeof leaf.schema.unit === "string") units.set(leaf.path, leaf.schema.unit);
    }
  } catch {
    // No units: the axes carry the parameters' names only.
  }
  const runsPath = join(dir, "runs.arrow");
  let runs: ReturnType<typeof readArrow> | undefined;
  try {
    runs = existsSync(runsPath) ? readArrow(readInside(dir, runsPath)) : undefined;
  } catch {
    // No outcome units: the axes carry the outcomes' names only.
  }
  const logScale = new Set(
    (manifest.design?.ranges ?? [])
      .filter((r) => r.kind === "continuous" && r.log)
      .map((r) => r.key),
  );
  return {
    analysis,
    points: manifest.points.map((p) => p.values),
    logScale,
    param: (key) => ({ name: key, unit: units.get(key) ?? "" }),
    outcome(name) {
      const known = OUTCOMES[name];
      if (known) return known;
      const meta = runs?.fieldMeta(name) ?? new Map<string, string>();
      return { name: meta.get("description") || name, unit: meta.get("unit") ?? "" };
    },
  };
}
