import { ScenarioError } from "../errors.ts";
import type { World } from "../state/world.ts";
import type { Mechanism } from "./mechanism.ts";

/**
 * Adds a scenario's own mechanisms to a run's world, once (later calls for the
 * same world do nothing): each one's state under its name (`w[name]`, see
 * `Mechanism.stateOf`), its random streams, and the mechanism itself to
 * `w.userMechanisms`, whose columns `metricColumns` records and whose invariants
 * `checkInvariants` checks after the built-in ones. A name the world already has,
 * or a state that is not an object, is an error.
 */
export function attachMechanisms(w: World, mechanisms: readonly Mechanism[]): void {
  if (w.userMechanisms.length > 0) return;
  const groups = w as unknown as Record<string, unknown>;
  for (const m of mechanisms) {
    if (m.state) {
      if (m.name in w)
        throw new ScenarioError(
          `mechanism '${m.name}': the world already has a '${m.name}' (choose another name)`,
        );
      const state = m.state(w.params, w);
      if (typeof state !== "object" || state === null)
        throw new ScenarioError(
          `mechanism '${m.name}': state() returned ${state === null ? "null" : `a ${typeof state}`}, not an object`,
        );
      groups[m.name] = state;
    }
    for (const component of m.streams ?? []) w.stream(component);
    w.userMechanisms.push(m);
  }
}
