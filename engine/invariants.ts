import { type InvariantName, InvariantViolation } from "./errors.ts";
import { BUILTIN_MECHANISMS } from "./mechanisms/builtins.ts";
import type { Invariant, InvariantFailure, Mechanism } from "./mechanisms/mechanism.ts";
import type { World } from "./state/world.ts";

/** The built-in mechanisms' invariants, in the mechanisms' order. */
const BUILTIN_INVARIANTS: readonly Invariant[] = BUILTIN_MECHANISMS.flatMap(
  (m) => m.invariants ?? [],
);

/** Checks a world's invariants after a step (see {@link checkInvariants}). */
export type InvariantChecker = (w: World, audit: boolean) => void;

/** Throws the violation of invariant `name` that `failed` describes. */
function violated(name: InvariantName, w: World, failed: InvariantFailure, copy: boolean): never {
  throw new InvariantViolation(
    name,
    w.step,
    copy ? { ...failed.values } : (failed.values as Record<string, number>),
    failed.detail,
  );
}

/**
 * The checker of the built-in invariants, then `userMechanisms`' own (each
 * reported as `<mechanism>.<invariant>`), in that order: one straight-line
 * function generated once per run, so that each invariant's `check` has its own
 * call site, which V8 can inline, where a loop over the invariants makes one
 * call site that sees them all and inlines none (the recorder's row writer does
 * the same for the columns). It checks exactly what {@link checkInvariants} does.
 */
export function invariantChecker(userMechanisms: readonly Mechanism[]): InvariantChecker {
  const checks: Invariant[] = [...BUILTIN_INVARIANTS];
  const names: InvariantName[] = BUILTIN_INVARIANTS.map((inv) => inv.name as InvariantName);
  for (const m of userMechanisms)
    for (const inv of m.invariants ?? []) {
      checks.push(inv);
      names.push(`${m.name}.${inv.name}`);
    }
  const user = BUILTIN_INVARIANTS.length;
  // A user invariant's values are copied into the violation (its check may reuse
  // the object); the built-in ones return a fresh object.
  const body = checks
    .map(
      (_, k) =>
        `f = c[${k}].check(w, audit); if (f) violated(n[${k}], w, f, ${k >= user ? "true" : "false"});`,
    )
    .join("\n");
  return new Function(
    "c",
    "n",
    "violated",
    `return function checkInvariants(w, audit) {\nlet f;\n${body}\n};`,
  )(checks, names, violated) as InvariantChecker;
}

/**
 * Checkers by the user-mechanism list they were made for (a world keeps the same
 * array), with that list's length then: a mechanism attached since makes a new one.
 */
const checkers = new WeakMap<readonly Mechanism[], { size: number; check: InvariantChecker }>();

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
 * loop audits at every epoch end and after the last step (through the
 * {@link invariantChecker} it makes once per run).
 */
export function checkInvariants(w: World, audit: boolean): void {
  const mechanisms = w.userMechanisms;
  let cached = checkers.get(mechanisms);
  if (cached?.size !== mechanisms.length) {
    cached = { size: mechanisms.length, check: invariantChecker(mechanisms) };
    checkers.set(mechanisms, cached);
  }
  cached.check(w, audit);
}
