import { lockAllocations, vestingStep } from "../../mechanisms/vesting.ts";
import { Account } from "../../state/ledger.ts";
import { column } from "../outputs.ts";
import type { PhaseFactory } from "../phase.ts";

/**
 * Vesting unlocks and their holders' sales (the `vesting` phase), with
 * `vesting.enabled`; otherwise it does nothing and adds no column. When the run
 * is created it locks every bucket's allocation in the ledger (genesis supply on
 * top of `market.genesisSupplyTokens`); each step it unlocks what the schedules
 * release by the step's end and sells the holders' planned sales on the AMM
 * (see `vestingStep`).
 *
 * Reads and writes `w.vesting`; writes `w.ledger` and `w.amm`. Adds the columns
 * `unlockedTokens`, `unlockSoldTokens`, `unlockSoldUsd` and `lockedTokens`.
 *
 * After: `settlement` (in the default pipeline it runs just before `market`).
 */
export const vestingPhase: PhaseFactory = (w) => {
  const p = w.params;
  if (!p.vesting.enabled) return { name: "vesting", after: ["settlement"], run() {} };
  lockAllocations(p, w.vesting, w.ledger);
  const stepHours = p.sim.stepHours;
  return {
    name: "vesting",
    after: ["settlement"],
    writes: ["vesting"],
    run(w) {
      vestingStep(p, w.vesting, w.step, (w.step + 1) * stepHours, w.amm, w.ledger);
    },
    columns: [
      column(
        "unlockedTokens",
        "tokens",
        "vesting: allocation tokens unlocked this step, all buckets (vesting.enabled)",
        (w) => w.vesting.unlockedStep,
      ),
      column(
        "unlockSoldTokens",
        "tokens",
        "vesting: tokens the unlocked buckets' holders sold on the AMM this step (vesting.enabled)",
        (w) => w.vesting.soldStep,
      ),
      column(
        "unlockSoldUsd",
        "USD",
        "vesting: USD the holders received for them (vesting.enabled)",
        (w) => w.vesting.soldUsdStep,
      ),
      column(
        "lockedTokens",
        "tokens",
        "vesting: allocation tokens still locked after the step, all buckets (vesting.enabled; counted in supplyTokens and circulatingTokens)",
        (w) => w.ledger.accounts[Account.Locked]!,
      ),
    ],
  };
};
