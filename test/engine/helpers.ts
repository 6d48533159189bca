import type { NetworkParams } from "../../engine/params/network.ts";
import type { Scenario } from "../../engine/scenario.ts";
import { loadScenario, resolveParams } from "../../engine/scenario.ts";

/** The baseline scenario at a small size, for fast tests. */
export async function smallBaseline(
  sets: string[] = [],
): Promise<{ scenario: Scenario; params: NetworkParams }> {
  const scenario = await loadScenario("baseline");
  const params = resolveParams(scenario, [
    "sim.steps=480",
    "providers.initial=400",
    "providers.maxTotal=800",
    "demand.baseGpuHoursPerHour=300",
    "emission.tokensPerEpoch=3100",
    "market.ammUsdDepth=400000",
    ...sets,
  ]);
  return { scenario, params };
}
