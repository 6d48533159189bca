import type { NetworkParams } from "../params/network.ts";
import type { Amm } from "../state/amm.ts";
import { Account, type Ledger } from "../state/ledger.ts";

/** The allocation buckets of `vesting`, in output order. */
export const BUCKETS = [
  "team",
  "investors",
  "foundation",
  "ecosystem",
  "airdrop",
  "community",
] as const;

/** One bucket's unlock schedule (the `vesting.<bucket>` parameters that shape it). */
export interface UnlockSchedule {
  /** Allocation (tokens). */
  readonly tokens: number;
  /** Days from step 0 to the cliff (days). */
  readonly cliffDays: number;
  /** Share of the allocation released at the cliff (fraction). */
  readonly cliffShare: number;
  /** After the cliff: continuous (`linear`) or every `periodDays` (`stepped`). */
  readonly shape: "linear" | "stepped";
  /** Days between stepped unlocks (days). */
  readonly periodDays: number;
  /** Days after the cliff over which the rest unlocks; 0 = all at the cliff (days). */
  readonly durationDays: number;
}

/**
 * Tokens of a bucket unlocked by `hours` after step 0 (cumulative): 0 before the
 * cliff C; from the cliff `A·c + A·(1−c)·f`, with f = min(1, (t−C)/D) for a
 * linear shape and f = min(1, ⌊(t−C)/P⌋·P/D) for a stepped one (A tokens, c the
 * cliff share, D the duration, P the period; times in hours). With D = 0 the
 * whole allocation unlocks at the cliff.
 */
export function unlockedBy(b: UnlockSchedule, hours: number): number {
  const a = b.tokens;
  if (a <= 0) return 0;
  const cliffH = b.cliffDays * 24;
  if (hours < cliffH) return 0;
  const durH = b.durationDays * 24;
  if (durH <= 0) return a;
  const since = hours - cliffH;
  let f: number;
  if (b.shape === "stepped") {
    const periodH = b.periodDays * 24;
    f = (Math.floor(since / periodH) * periodH) / durH;
  } else f = since / durH;
  return f >= 1 ? a : a * b.cliffShare + a * (1 - b.cliffShare) * f;
}

/**
 * The vesting state in `World` (`w.vesting`), per bucket in `BUCKETS` (team, investors, foundation, ecosystem, airdrop, community)
 * order: the allocation, what is still locked, what has unlocked, what its
 * holders still hold and have sold, and the holders' planned sales (each
 * unlock's planned sale spread evenly over `sellSteps` steps: a ring of the
 * per-step amounts that expire, and the same weighted by the unlock-time price).
 */
export class VestingState {
  /** Whether the vesting phase has locked the allocations (at its creation, step 0). */
  started = false;
  /** Allocation per bucket (tokens). */
  readonly allocation = new Float64Array(BUCKETS.length);
  /** Still locked per bucket (tokens). */
  readonly locked = new Float64Array(BUCKETS.length);
  /** Unlocked so far per bucket (tokens). */
  readonly unlocked = new Float64Array(BUCKETS.length);
  /** Unlocked tokens the bucket's holders still hold (tokens). */
  readonly held = new Float64Array(BUCKETS.length);
  /** Tokens the bucket's holders have sold so far (tokens). */
  readonly sold = new Float64Array(BUCKETS.length);
  /** Planned sale per step, summed over the unlocks being sold (tokens per step). */
  readonly sellRate = new Float64Array(BUCKETS.length);
  /** The same, each unlock's share weighted by its unlock-time price (USD per step). */
  readonly sellRateUsd = new Float64Array(BUCKETS.length);
  /** Per bucket, a ring of `sellSteps` slots: the per-step sales that end at that step. */
  readonly expiring: Float64Array[];
  readonly expiringUsd: Float64Array[];
  /** This step's unlocks, holders' sales (tokens) and their USD proceeds (USD). */
  unlockedStep = 0;
  soldStep = 0;
  soldUsdStep = 0;

  constructor(p: NetworkParams) {
    const v = p.vesting;
    const n = BUCKETS.map((b) => (v.enabled ? v[b].sellSteps : 1));
    this.expiring = n.map((k) => new Float64Array(k));
    this.expiringUsd = n.map((k) => new Float64Array(k));
  }
}

/**
 * Locks every bucket's allocation at step 0: the tokens are created in the
 * ledger's {@link Account.Locked} account as genesis supply, on top of
 * `market.genesisSupplyTokens`. Once per world.
 */
export function lockAllocations(p: NetworkParams, v: VestingState, ledger: Ledger): void {
  if (v.started) return;
  v.started = true;
  let total = 0;
  BUCKETS.forEach((b, k) => {
    const a = p.vesting[b].tokens;
    v.allocation[k] = a;
    v.locked[k] = a;
    total += a;
  });
  if (total > 0) ledger.genesisTo(Account.Locked, total);
}

/**
 * One step of vesting at `hours` (the simulated time at the step's end):
 *
 * 1. each bucket unlocks `U(hours) − unlocked` (the schedule's cumulative
 *    {@link unlockedBy} less what has unlocked: never more than the schedule),
 *    moved in the ledger from {@link Account.Locked} to {@link Account.Vested};
 * 2. its holders plan to sell `sellShare` of the unlock, `1/sellSteps` of it in
 *    each of the next `sellSteps` steps (this one included), and remember the
 *    price at the unlock;
 * 3. they sell this step's planned amount times `min(1, P / P_u)^k` (P the price
 *    before the sales, P_u the unlock-time price of the planned sales weighted by
 *    amount, k `priceSensitivity`): what they hold back below the unlock price
 *    they keep. All buckets' sales are one AMM sale from {@link Account.Vested}
 *    (their USD leaves the model).
 *
 * Writes the step's totals into `v` (`unlockedStep`, `soldStep`, `soldUsdStep`).
 */
export function vestingStep(
  p: NetworkParams,
  v: VestingState,
  step: number,
  hours: number,
  amm: Amm,
  ledger: Ledger,
): void {
  const price = amm.price;
  let unlockedNow = 0;
  let sell = 0;
  const want = new Float64Array(BUCKETS.length);
  for (let k = 0; k < BUCKETS.length; k++) {
    const b = p.vesting[BUCKETS[k]!];
    const ring = v.expiring[k]!;
    const ringUsd = v.expiringUsd[k]!;
    const slot = step % ring.length;
    // Planned sales that began sellSteps steps ago end before this step.
    v.sellRate[k]! -= ring[slot]!;
    v.sellRateUsd[k]! -= ringUsd[slot]!;
    ring[slot] = 0;
    ringUsd[slot] = 0;
    const target = Math.min(unlockedBy(b, hours), v.allocation[k]!);
    const u = target - v.unlocked[k]!;
    if (u > 0) {
      v.unlocked[k] = target;
      v.locked[k] = v.allocation[k]! - target;
      v.held[k]! += u;
      unlockedNow += u;
      const perStep = (b.sellShare * u) / ring.length;
      if (perStep > 0) {
        v.sellRate[k]! += perStep;
        v.sellRateUsd[k]! += perStep * price;
        ring[slot] = perStep;
        ringUsd[slot] = perStep * price;
      }
    }
    // Rounding of the running sums: a rate within 1e-12 of the allocation is none.
    const rate = v.sellRate[k]! > 1e-12 * v.allocation[k]! ? v.sellRate[k]! : 0;
    if (rate === 0) continue;
    const unlockPrice = v.sellRateUsd[k]! / rate;
    const f =
      b.priceSensitivity > 0 && price < unlockPrice
        ? (price / unlockPrice) ** b.priceSensitivity
        : 1;
    const w = Math.min(rate * f, v.held[k]!);
    want[k] = w;
    sell += w;
  }
  if (unlockedNow > 0) ledger.transfer(Account.Locked, Account.Vested, unlockedNow);
  let usd = 0;
  if (sell > 0) {
    usd = amm.sellFrom(Account.Vested, sell);
    for (let k = 0; k < BUCKETS.length; k++) {
      v.held[k]! -= want[k]!;
      v.sold[k]! += want[k]!;
    }
  }
  v.unlockedStep = unlockedNow;
  v.soldStep = sell;
  v.soldUsdStep = usd;
}

/**
 * Checks the vesting invariants after a step ending at `hours`: for every bucket
 * locked + unlocked = allocation and unlocked ≤ the schedule's U(hours), and the
 * ledger's {@link Account.Locked} and {@link Account.Vested} balances equal the
 * buckets' locked and held sums (all within `tol`, relative). Returns the first
 * failure as a detail and its values, or undefined.
 */
export function vestingViolation(
  p: NetworkParams,
  v: VestingState,
  hours: number,
  ledger: Ledger,
  tol: number,
): { detail: string; values: Record<string, number> } | undefined {
  if (!v.started) return undefined;
  let locked = 0;
  let held = 0;
  for (let k = 0; k < BUCKETS.length; k++) {
    const name = BUCKETS[k]!;
    const a = v.allocation[k]!;
    const slack = tol * Math.max(1, a);
    const sum = v.locked[k]! + v.unlocked[k]!;
    if (Math.abs(sum - a) > slack)
      return {
        detail: `vesting bucket '${name}': locked + unlocked is not its allocation`,
        values: { locked: v.locked[k]!, unlocked: v.unlocked[k]!, allocation: a },
      };
    const schedule = unlockedBy(p.vesting[name], hours);
    if (v.unlocked[k]! > schedule + slack)
      return {
        detail: `vesting bucket '${name}': unlocked more than its schedule`,
        values: { unlocked: v.unlocked[k]!, schedule },
      };
    locked += v.locked[k]!;
    held += v.held[k]!;
  }
  const lockedLedger = ledger.accounts[Account.Locked]!;
  const heldLedger = ledger.accounts[Account.Vested]!;
  const slack = tol * Math.max(1, locked + held);
  if (Math.abs(lockedLedger - locked) + Math.abs(heldLedger - held) > slack)
    return {
      detail: "vesting buckets disagree with the ledger's locked and vested accounts",
      values: { locked, lockedLedger, held, heldLedger },
    };
  return undefined;
}
