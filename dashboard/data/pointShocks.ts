import { existsSync } from "node:fs";
import { join } from "node:path";
import { bundledScenarioNames, loadScenario, resolveParams } from "../../engine/scenario.ts";
import type { SweepManifest } from "../../engine/sweep/manifest.ts";
import { type PointData, readInside } from "./resultStore.ts";
import { type ShockMark, shockMarks } from "./shocks.ts";

/**
 * The shocks a point's runs went through: from a single run's recorded
 * parameters, or, for a sweep, by resolving its scenario with the runs'
 * overrides. Empty when the scenario is not a bundled one or cannot be loaded.
 */
export async function pointShocks(dir: string, data: PointData): Promise<ShockMark[]> {
  if (data.params !== undefined) return shockMarks(data.params);
  const manifestPath = join(dir, "manifest.json");
  if (!data.sets || !existsSync(manifestPath)) return [];
  try {
    const m = JSON.parse(readInside(dir, manifestPath).toString("utf8")) as SweepManifest;
    // Over HTTP only a bundled scenario is ever loaded, by name: a manifest's
    // file path is never imported.
    if (!bundledScenarioNames().includes(m.scenario)) return [];
    const scenario = await loadScenario(m.scenario);
    return shockMarks(resolveParams(scenario, data.sets));
  } catch {
    return [];
  }
}
