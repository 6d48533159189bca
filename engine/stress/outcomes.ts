import { withMechanisms } from "../mechanisms/scenarioMechanisms.ts";
import type { RunOutcome } from "../pipeline/outputs.ts";
import { DEFAULT_PHASES } from "../pipeline/phases.ts";
import { loadScenario, loadScenarioModule, type Scenario } from "../scenario.ts";
import { shockCost } from "./cost.ts";
import { stressProbe } from "./probe.ts";

/** The run outcome the stress search minimises: the shocks' cost from the run's parameters. */
export const SHOCK_COST = "shockCostUsd";

const costOutcome: RunOutcome = {
  unit: "USD",
  description:
    "cost of the scheduled shocks from the parameters alone: crash sale value + liquidity withdrawn + extra power cost + client payments lost to a demand drop + stake of cheating-ring members (docs/stress.md)",
  read: (w) => shockCost(w.params).totalUsd,
};

/**
 * The scenario a stress search runs (the generated `stress-scenario.mts` calls
 * this): `s` with the `shockCostUsd` run outcome and the `stressProbe` phase
 * (spiralNearness, spiralFirstLegs, spiralStartStep) appended to its pipeline,
 * which changes no state. Refuses a scenario that already has these names.
 */
export function stressScenario(s: Scenario | undefined): Scenario {
  if (!s || typeof s !== "object") throw new Error("the wrapped module exports no scenario");
  if (s.outcomes?.[SHOCK_COST])
    throw new Error(`the scenario already declares an outcome '${SHOCK_COST}'`);
  const phases = s.phases ?? DEFAULT_PHASES;
  if (phases.some((ph) => (typeof ph === "string" ? ph : ph.name) === "stressProbe"))
    throw new Error("the scenario already has a phase 'stressProbe'");
  return {
    ...s,
    phases: [...phases, { name: "stressProbe", create: stressProbe }],
    outcomes: { ...(s.outcomes ?? {}), [SHOCK_COST]: costOutcome },
  };
}

/**
 * Loads scenario `ref` as a stress search runs it: what `loadScenario` gives
 * for the wrapper file `stress-scenario.mts` (engine/stress/wrapper.ts), that
 * is {@link stressScenario} of the module's export, then its mechanisms
 * applied, without the file. `ref` is checked as `loadScenario` checks it.
 */
export async function loadStressScenario(ref: string): Promise<Scenario> {
  await loadScenario(ref);
  const { module } = await loadScenarioModule(ref);
  return withMechanisms(stressScenario((module.scenario ?? module.default) as Scenario));
}
