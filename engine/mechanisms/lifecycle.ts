import type { Amm } from "../state/amm.ts";
import type { Ledger } from "../state/ledger.ts";
import { type ProviderStore, Status } from "../state/providers.ts";
import type { Roster } from "../state/roster.ts";

/**
 * Buys (with the provider's own USD) and locks whatever provider i lacks of the
 * minimum stake, using its wallet first. Returns the USD spent.
 */
export function topUpStake(
  s: ProviderStore,
  ledger: Ledger,
  amm: Amm,
  i: number,
  minStake: number,
): number {
  const lacking = minStake - s.stake[i]!;
  if (lacking <= 0) return 0;
  const fromWallet = Math.min(lacking, s.tokens[i]!);
  if (fromWallet > 0) ledger.lockStake(i, fromWallet);
  const toBuy = lacking - fromWallet;
  if (toBuy <= 0) return 0;
  const usd = amm.usdForTokens(toBuy);
  if (!Number.isFinite(usd)) return 0;
  const bought = amm.buyToProvider(usd, i);
  ledger.lockStake(i, Math.min(bought, s.tokens[i]!));
  s.pnlUsd[i]! -= usd;
  return usd;
}

/** Counts of {@link advanceLifecycle}. */
export interface LifecycleResult {
  activated: number;
  released: number;
  /** Tokens sold by providers leaving the network. */
  exitSoldTokens: number;
}

/**
 * Status timers, once per step: onboarding providers whose delay is over become
 * active; jailed providers whose term is over top their stake back up to the
 * minimum and become active; exiting providers whose unbonding is over get
 * their stake back, sell all their tokens and leave (the slot is freed).
 */
export function advanceLifecycle(
  roster: Roster,
  ledger: Ledger,
  amm: Amm,
  step: number,
  minStake: number,
  out: LifecycleResult,
): void {
  out.activated = 0;
  out.released = 0;
  out.exitSoldTokens = 0;
  const s = roster.s;
  if (step < s.nextTimer) return;
  const { status, statusUntil } = s;
  let next = Number.POSITIVE_INFINITY;
  for (let i = 0; i < s.highWater; i++) {
    const st = status[i]!;
    if (st === Status.Active || st === Status.Empty) continue;
    const until = statusUntil[i]!;
    if (until > step) {
      if (until < next) next = until;
      continue;
    }
    if (st === Status.Onboarding) {
      roster.setStatus(i, Status.Active);
      out.activated++;
    } else if (st === Status.Jailed) {
      topUpStake(s, ledger, amm, i, minStake);
      roster.setStatus(i, Status.Active);
      out.activated++;
    } else if (st === Status.Exiting) {
      ledger.unlockStake(i);
      const held = s.tokens[i]!;
      if (held > 0) {
        s.pnlUsd[i]! += amm.sellFromProvider(i, held);
        out.exitSoldTokens += held;
      }
      s.pendingSell[i] = 0;
      roster.release(i);
      out.released++;
    }
  }
  // Timers set later (jail, exit, entry) lower it again through setTimedStatus.
  s.nextTimer = next;
}
