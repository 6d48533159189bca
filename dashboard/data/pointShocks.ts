import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { loadScenario, resolveParams } from "../../engine/scenario.ts";
import type { SweepManifest } from "../../engine/sweep/manifest.ts";
import type { PointData } from "./resultStore.ts";
import { type ShockMark, shockMarks } from "./shocks.ts";

/**
 * The shocks a point's runs went through: from a single run's recorded
 * parameters, or, for a sweep, by resolving its scenario with the runs'
 * overrides. Empty when the scenario cannot be loaded from here.
 */
export async function pointShocks(dir: string, data: PointData): Promise<ShockMark[]> {
  if (data.params !== undefined) return shockMarks(data.params);
  const manifestPath = join(dir, "manifest.json");
  if (!data.sets || !existsSync(manifestPath)) return [];
  try {
    const m = JSON.parse(readFileSync(manifestPath, "utf8")) as SweepManifest;
    const scenario = await loadScenario(m.scenarioRef);
    return shockMarks(resolveParams(scenario, data.sets));
  } catch {
    return [];
  }
}
