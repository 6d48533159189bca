import { Registry } from "../registry.ts";
import type { PhaseFactory } from "./phase.ts";
import { clientChurnPhase } from "./phases/clientChurn.ts";
import { demandPhase } from "./phases/demand.ts";
import { governancePhase } from "./phases/governance.ts";
import { marketPhase } from "./phases/market.ts";
import { matchingPhase } from "./phases/matching.ts";
import { providerEconomicsPhase } from "./phases/providerEconomics.ts";
import { servicePhase } from "./phases/service.ts";
import { settlementPhase } from "./phases/settlement.ts";
import { shocksPhase } from "./phases/shocks.ts";
import { verificationPhase } from "./phases/verification.ts";
import { vestingPhase } from "./phases/vesting.ts";

export type { Phase, PhaseFactory } from "./phase.ts";

/**
 * A custom phase for a scenario's `phases` list: `create` is called once per run
 * with the run's world and returns the phase (it may keep scratch buffers in its
 * closure). Its `name` labels it in errors.
 */
export function definePhase(
  name: string,
  create: PhaseFactory,
): { readonly name: string; readonly create: PhaseFactory } {
  return { name, create };
}

/** The default step pipeline, by phase name. */
export const DEFAULT_PHASES: readonly string[] = [
  "shocks",
  "governance",
  "demand",
  "matching",
  "service",
  "verification",
  "clientChurn",
  "settlement",
  "vesting",
  "market",
  "providerEconomics",
];

/** Built-in phases by name. Scenarios may reorder them, replace them or add their own. */
export const phaseRegistry = new Registry<PhaseFactory>("phase");

phaseRegistry.register("demand", demandPhase);
phaseRegistry.register("matching", matchingPhase);
phaseRegistry.register("service", servicePhase);
phaseRegistry.register("verification", verificationPhase);
phaseRegistry.register("clientChurn", clientChurnPhase);
phaseRegistry.register("settlement", settlementPhase);
phaseRegistry.register("vesting", vestingPhase);
phaseRegistry.register("market", marketPhase);
phaseRegistry.register("shocks", shocksPhase);
phaseRegistry.register("governance", governancePhase);
phaseRegistry.register("providerEconomics", providerEconomicsPhase);
