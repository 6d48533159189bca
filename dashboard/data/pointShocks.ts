import { existsSync } from "node:fs";
import { join } from "node:path";
import { bundledScenarioNames, loadScenario, resolveParams } from "../../engine/scenario.ts";
import type { SweepManifest } from "../../engine/sweep/manifest.ts";
import { type PointData, readInside } from "./resultStore.ts";

/**
 * The parameters a point's runs ran with: a single run's recorded ones, or, for
 * a sweep, its bundled scenario resolved with the runs' overrides; undefined
 * when the scenario is not a bundled one or cannot be loaded.
 */
export async function pointParams(dir: string, data: PointData): Promise<unknown> {
  if (data.params !== undefined) return data.params;
  const manifestPath = join(dir, "manifest.json");
  if (!data.sets || !existsSync(manifestPath)) return undefined;
  try {
    const m = JSON.parse(readInside(dir, manifestPath).toString("utf8")) as SweepManifest;
    // Over HTTP only a bundled scenario is ever loaded, by name: a manifest's
    // file path is never imported.
    if (!bundledScenarioNames().includes(m.scenario)) return undefined;
    const scenario = await loadScenario(m.scenario);
    return resolveParams(scenario, data.sets);
  } catch {
    return undefined;
  }
}
