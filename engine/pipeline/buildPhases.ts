import { ScenarioError } from "../errors.ts";
import type { Scenario } from "../scenario.ts";
import type { World } from "../state/world.ts";
import { checkDependencies } from "./dependencies.ts";
import { DEFAULT_PHASES, type Phase, phaseRegistry } from "./phases.ts";

/** Builds a scenario's pipeline for one run; an ordering constraint it breaks is an error. */
export function buildPhases(scenario: Scenario, w: World): Phase[] {
  const entries = scenario.phases ?? DEFAULT_PHASES;
  const phases = entries.map((e) =>
    typeof e === "string" ? phaseRegistry.get(e)(w) : e.create(w),
  );
  const at = new Map<string, number>();
  phases.forEach((ph, i) => {
    if (at.has(ph.name))
      throw new ScenarioError(`${scenario.name}: phase '${ph.name}' is in the pipeline twice`);
    at.set(ph.name, i);
  });
  phases.forEach((ph, i) => {
    for (const before of ph.after ?? []) {
      const j = at.get(before);
      if (j !== undefined && j > i)
        throw new ScenarioError(
          `${scenario.name}: phase '${ph.name}' must run after '${before}' (pipeline: ${phases.map((x) => x.name).join(", ")})`,
        );
    }
  });
  checkDependencies(scenario.name, phases, w);
  return phases;
}
