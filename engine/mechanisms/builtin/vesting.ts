import { vestingSection } from "../../params/sections/vesting.ts";
import { definePhase } from "../../pipeline/phase.ts";
import { vestingPhase } from "../../pipeline/phases/vesting.ts";
import { defineMechanism, invariant, type Mechanism } from "../mechanism.ts";
import { SUPPLY_TOLERANCE } from "../tolerances.ts";
import { VestingState, vestingViolation } from "../vesting.ts";

/** The `vesting` mechanism: allocation buckets locked at genesis and unlocked on schedules, holders' sales. */
export const vestingMechanism: Mechanism = defineMechanism({
  name: "vesting",
  description: "allocation buckets locked at genesis and unlocked on schedules, holders' sales",
  section: vestingSection,
  state: (p) => new VestingState(p),
  phases: [definePhase("vesting", vestingPhase)],
  invariants: [
    invariant(
      "supply-conservation",
      "per bucket locked + unlocked = allocation, unlocked never above the schedule, and the ledger's locked and vested accounts equal the buckets' sums",
      (w) => {
        const v = vestingViolation(
          w.params,
          w.vesting,
          (w.step + 1) * w.params.sim.stepHours,
          w.ledger,
          SUPPLY_TOLERANCE,
        );
        return v ? { values: v.values, detail: v.detail } : undefined;
      },
    ),
  ],
});
