import { InvariantViolation } from "./errors.ts";
import type { World } from "./state/world.ts";

/** Relative tolerance of supply conservation (floating-point sums over many accounts). */
export const SUPPLY_TOLERANCE = 1e-9;
/** Relative tolerance of the AMM product check (one rounding per swap). */
export const PRODUCT_TOLERANCE = 1e-12;

/**
 * Checks the built-in invariants after a step; throws an {@link InvariantViolation}
 * naming the invariant, the step and the values on the first that fails:
 * - supply-conservation: accounts + wallets + stakes = genesis + minted − burned,
 *   within {@link SUPPLY_TOLERANCE} of the supply;
 * - non-negative-balance: every token balance, stake and AMM reserve is ≥ 0;
 * - amm-product: the AMM's reserve product has not fallen since the last step;
 * - job-conservation: jobs arrived = served + queued + dropped, exactly.
 * (slash-within-stake is enforced by the ledger at each slash.)
 */
export function checkInvariants(w: World): void {
  const { ledger, providers: s, amm, step } = w;
  let held = 0;
  let minBalance = 0;
  for (let k = 0; k < ledger.accounts.length; k++) {
    const a = ledger.accounts[k]!;
    held += a;
    if (a < minBalance) minBalance = a;
  }
  const { tokens, stake } = s;
  for (let i = 0; i < s.highWater; i++) {
    const t = tokens[i]!;
    const st = stake[i]!;
    held += t + st;
    if (t < minBalance) minBalance = t;
    if (st < minBalance) minBalance = st;
  }
  const supply = ledger.supply;
  if (Math.abs(held - supply) > SUPPLY_TOLERANCE * Math.max(1, Math.abs(supply))) {
    throw new InvariantViolation("supply-conservation", step, {
      held,
      expected: supply,
      genesis: ledger.genesis,
      minted: ledger.minted,
      burned: ledger.burned,
    });
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
  const queued = w.jobsQueued;
  if (w.cumArrived !== w.cumServed + queued + w.cumDropped) {
    throw new InvariantViolation("job-conservation", step, {
      arrived: w.cumArrived,
      served: w.cumServed,
      queued,
      dropped: w.cumDropped,
    });
  }
}
