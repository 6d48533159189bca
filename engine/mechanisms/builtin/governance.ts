import { governanceSection } from "../../params/sections/governance.ts";
import { definePhase } from "../../pipeline/phase.ts";
import { governancePhase } from "../../pipeline/phases/governance.ts";
import { GovernanceState } from "../governance.ts";
import { defineMechanism, type Mechanism } from "../mechanism.ts";

/** The `governance` mechanism: parameter changes during a run: scheduled ones and a price rule. */
export const governanceMechanism: Mechanism = defineMechanism({
  name: "governance",
  description: "parameter changes during a run: scheduled ones and a price rule",
  section: governanceSection,
  state: (p) => new GovernanceState(p),
  phases: [definePhase("governance", governancePhase)],
});
