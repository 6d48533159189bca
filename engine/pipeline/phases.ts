import { BUILTIN_MECHANISMS, DEFAULT_PHASES } from "../mechanisms/builtins.ts";
import { Registry } from "../registry.ts";
import type { PhaseFactory } from "./phase.ts";

export { DEFAULT_PHASES } from "../mechanisms/builtins.ts";
export type { Phase, PhaseDef, PhaseFactory } from "./phase.ts";
export { definePhase } from "./phase.ts";

/**
 * Built-in phases by name: each built-in mechanism's `phases` (see
 * `engine/mechanisms/builtins.ts`). Scenarios may reorder them, replace them or add
 * their own.
 */
export const phaseRegistry = new Registry<PhaseFactory>("phase");

for (const m of BUILTIN_MECHANISMS)
  for (const ph of m.phases ?? []) phaseRegistry.register(ph.name, ph.create);
// Every phase of the default pipeline is some mechanism's (an error at load otherwise).
for (const name of DEFAULT_PHASES) phaseRegistry.get(name);
