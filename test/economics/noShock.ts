import { MemorySink } from "../../engine/metrics/arrow.ts";
import { isFixed } from "../../engine/params/fix.ts";
import { leafParams } from "../../engine/params/overrides.ts";
import { runSimulation } from "../../engine/pipeline/run.ts";
import { loadScenario, resolveParams } from "../../engine/scenario.ts";

/** Every scheduled shock switched off. */
export const NO_SHOCKS = [
  "shocks.crashStartStep=-1",
  "shocks.liquidityStep=-1",
  "shocks.powerStartStep=-1",
  "shocks.hardwareGenStep=-1",
];

/** A bundled scenario at a small size (1,000 providers, demand and emission scaled) for `days`. */
export async function smallNoShock(name: string, days: number, sets: readonly string[] = []) {
  const scenario = await loadScenario(name);
  const base = resolveParams(scenario);
  const scale = 1000 / Math.max(1, base.providers.initial);
  // A scenario fixes the parameters its pipeline does not read (per-provider-rewards
  // fixes the shocks, demand and emission sections): they change nothing, and --set
  // refuses them, so they are left out here.
  const fixed = new Set(
    leafParams(scenario.schema)
      .filter((l) => isFixed(l.schema))
      .map((l) => l.path),
  );
  const settable = (set: string) => !fixed.has(set.slice(0, set.indexOf("=")));
  const params = resolveParams(
    scenario,
    [
      ...NO_SHOCKS,
      `sim.steps=${days * 24}`,
      "providers.initial=1000",
      `providers.maxTotal=${Math.max(2000, Math.round(base.providers.maxTotal * scale))}`,
      `demand.baseGpuHoursPerHour=${base.demand.baseGpuHoursPerHour * scale}`,
      `batch.gpuHoursPerHour=${base.batch.gpuHoursPerHour * scale}`,
      `emission.tokensPerEpoch=${base.emission.tokensPerEpoch * scale}`,
      `emission.floorTokensPerEpoch=${base.emission.floorTokensPerEpoch * scale}`,
      `emission.capTokensPerEpoch=${base.emission.capTokensPerEpoch * scale}`,
      `market.ammUsdDepth=${base.market.ammUsdDepth * scale}`,
      `economics.entryMaxPerEpoch=${base.economics.entryMaxPerEpoch * scale}`,
      ...sets,
    ].filter(settable),
  );
  return { scenario, params };
}

/** Death spirals detected in `runs` no-shock runs of a scenario (see {@link smallNoShock}). */
export async function noShockSpirals(
  name: string,
  runs: number,
  days: number,
  seed: number,
  sets: readonly string[] = [],
): Promise<{ runs: number; spiralled: number; events: string[] }> {
  const { scenario, params } = await smallNoShock(name, days, sets);
  let spiralled = 0;
  const events: string[] = [];
  for (let r = 0; r < runs; r++) {
    const s = await runSimulation({ scenario, params, seed, runIndex: r }, new MemorySink(), {
      recordEvery: params.sim.steps,
    });
    if (s.deathSpirals.length > 0) {
      spiralled++;
      for (const e of s.deathSpirals)
        events.push(`${name} run ${r}: day ${(e.startStep / 24).toFixed(0)} ${e.legs.join("+")}`);
    }
  }
  return { runs, spiralled, events };
}
