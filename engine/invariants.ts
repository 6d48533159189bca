import { InvariantViolation } from "./errors.ts";
import { vestingViolation } from "./mechanisms/vesting.ts";
import type { World } from "./state/world.ts";

/** Relative tolerance of supply conservation (floating-point sums over many accounts). */
const SUPPLY_TOLERANCE = 1e-9;
/** Relative tolerance of the AMM product check (one rounding per swap). */
const PRODUCT_TOLERANCE = 1e-12;

/**
 * Checks the built-in invariants after a step; throws an {@link InvariantViolation}
 * naming the invariant, the step and the values on the first that fails:
 * - supply-conservation: accounts + wallets + stakes = genesis + minted − burned,
 *   within {@link SUPPLY_TOLERANCE} of the supply;
 * - non-negative-balance: every token balance, stake and AMM reserve is ≥ 0;
 * - amm-product: the AMM's reserve product has not fallen since the last step;
 * - job-conservation: jobs arrived = served + queued + dropped, exactly; and
 *   batch work arrived = served + queued + missed, within the supply tolerance
 *   (batch work is in fractional GPU-hours);
 * - supply-conservation, vesting (`vesting.enabled`): per bucket locked + unlocked
 *   = allocation, unlocked never above the schedule, and the ledger's locked and
 *   vested accounts equal the buckets' sums.
 * (slash-within-stake is enforced by the ledger at each slash, and every ledger
 * debit refuses to overdraw.)
 *
 * Every step, conservation is checked on the ledger's running totals of
 * provider wallets and stakes (O(1)). With `audit`, the provider columns are
 * summed and scanned too (O(providers)): the running totals must match them and
 * no balance may be negative; the roster's aggregates are rebuilt. The run
 * loop audits at every epoch end and after the last step.
 */
export function checkInvariants(w: World, audit: boolean): void {
  const { ledger, amm, step } = w;
  let held = ledger.providerTokens + ledger.providerStake;
  let minBalance = 0;
  for (let k = 0; k < ledger.accounts.length; k++) {
    const a = ledger.accounts[k]!;
    held += a;
    if (a < minBalance) minBalance = a;
  }
  const supply = ledger.supply;
  const tolerance = SUPPLY_TOLERANCE * Math.max(1, Math.abs(supply));
  if (Math.abs(held - supply) > tolerance) {
    throw new InvariantViolation("supply-conservation", step, {
      held,
      expected: supply,
      genesis: ledger.genesis,
      minted: ledger.minted,
      burned: ledger.burned,
    });
  }
  if (audit) {
    const s = w.providers;
    const { tokens, stake } = s;
    let wallets = 0;
    let stakes = 0;
    for (let i = 0; i < s.highWater; i++) {
      const t = tokens[i]!;
      const st = stake[i]!;
      wallets += t;
      stakes += st;
      if (t < minBalance) minBalance = t;
      if (st < minBalance) minBalance = st;
    }
    if (
      Math.abs(wallets - ledger.providerTokens) + Math.abs(stakes - ledger.providerStake) >
      tolerance
    ) {
      throw new InvariantViolation(
        "supply-conservation",
        step,
        {
          walletsSum: wallets,
          walletsLedger: ledger.providerTokens,
          stakesSum: stakes,
          stakesLedger: ledger.providerStake,
        },
        "provider columns disagree with the ledger's totals",
      );
    }
    // Re-anchor the running totals on the exact sums so rounding cannot accumulate.
    ledger.providerTokens = wallets;
    ledger.providerStake = stakes;
    w.roster.recount();
  }
  if (minBalance < 0 || amm.usdReserve < 0 || !(amm.tokenReserve >= 0)) {
    throw new InvariantViolation("non-negative-balance", step, {
      minTokenBalance: minBalance,
      ammUsdReserve: amm.usdReserve,
      ammTokenReserve: amm.tokenReserve,
    });
  }
  const product = amm.product;
  if (product < amm.lastProduct * (1 - PRODUCT_TOLERANCE)) {
    throw new InvariantViolation("amm-product", step, { before: amm.lastProduct, after: product });
  }
  amm.lastProduct = product;
  const batch = w.batch;
  if (batch.cumArrived > 0) {
    const bq = batch.queued;
    const bTotal = batch.cumServed + bq + batch.cumMissed;
    if (Math.abs(batch.cumArrived - bTotal) > SUPPLY_TOLERANCE * Math.max(1, batch.cumArrived)) {
      throw new InvariantViolation("job-conservation", step, {
        batchArrived: batch.cumArrived,
        batchServed: batch.cumServed,
        batchQueued: bq,
        batchMissed: batch.cumMissed,
      });
    }
  }
  const vested = vestingViolation(
    w.params,
    w.vesting,
    (step + 1) * w.params.sim.stepHours,
    ledger,
    SUPPLY_TOLERANCE,
  );
  if (vested)
    throw new InvariantViolation("supply-conservation", step, vested.values, vested.detail);
  const d = w.demand;
  const queued = d.jobsQueued;
  if (d.cumArrived !== d.cumServed + queued + d.cumDropped) {
    throw new InvariantViolation("job-conservation", step, {
      arrived: d.cumArrived,
      served: d.cumServed,
      queued,
      dropped: d.cumDropped,
    });
  }
}
