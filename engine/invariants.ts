import { type BuiltInInvariantName, InvariantViolation } from "./errors.ts";
import { BUILTIN_MECHANISMS } from "./mechanisms/builtins.ts";
import type { Invariant } from "./mechanisms/mechanism.ts";
import type { World } from "./state/world.ts";

/** The built-in mechanisms' invariants, in the mechanisms' order. */
const BUILTIN_INVARIANTS: readonly Invariant[] = BUILTIN_MECHANISMS.flatMap(
  (m) => m.invariants ?? [],
);

/**
 * Checks the invariants after a step; throws an {@link InvariantViolation}
 * naming the invariant, the step and the values on the first that fails. The
 * built-in mechanisms' invariants come first (each declared in its module under
 * `engine/mechanisms/builtin/`):
 * - supply-conservation (ledger): accounts + wallets + stakes = genesis + minted − burned,
 *   within `SUPPLY_TOLERANCE` of the supply;
 * - non-negative-balance (ledger): every token balance, stake and AMM reserve is ≥ 0;
 * - job-conservation (demand): jobs arrived = served + queued + dropped, exactly;
 *   (batch): batch work arrived = served + queued + missed, within the supply tolerance
 *   (batch work is in fractional GPU-hours);
 * - amm-product (market): the AMM's reserve product has not fallen since the last step;
 * - supply-conservation (vesting, `vesting.enabled`): per bucket locked + unlocked
 *   = allocation, unlocked never above the schedule, and the ledger's locked and
 *   vested accounts equal the buckets' sums.
 * (slash-within-stake is enforced by the ledger at each slash, and every ledger
 * debit refuses to overdraw.) Then the scenario's own mechanisms' invariants
 * (`w.userMechanisms`), reported as `<mechanism>.<invariant>`.
 *
 * Every step, conservation is checked on the ledger's running totals of
 * provider wallets and stakes (O(1)). With `audit`, the provider columns are
 * summed and scanned too (O(providers)): the running totals must match them and
 * no balance may be negative; the roster's aggregates are rebuilt. The run
 * loop audits at every epoch end and after the last step.
 */
export function checkInvariants(w: World, audit: boolean): void {
  for (let k = 0; k < BUILTIN_INVARIANTS.length; k++) {
    const inv = BUILTIN_INVARIANTS[k]!;
    const failed = inv.check(w, audit);
    if (failed)
      throw new InvariantViolation(
        inv.name as BuiltInInvariantName,
        w.step,
        failed.values,
        failed.detail,
      );
  }
  for (const m of w.userMechanisms)
    for (const inv of m.invariants ?? []) {
      const failed = inv.check(w, audit);
      if (failed)
        throw new InvariantViolation(
          `${m.name}.${inv.name}`,
          w.step,
          { ...failed.values },
          failed.detail,
        );
    }
}
