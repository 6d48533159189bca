import type { Amm } from "../state/amm.ts";
import type { Ledger } from "../state/ledger.ts";
import { Behaviour, type ProviderStore, Status } from "../state/providers.ts";
import type { Roster } from "../state/roster.ts";
import { ringDetectionRate } from "./cheatingEconomics.ts";

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

/** How jailed providers decide to come back (see {@link advanceLifecycle}). */
export interface RestakeRule {
  /** Minimum stake to serve (tokens). */
  minStake: number;
  /** Steps from an exit decision until the stake unlocks. */
  unbondingSteps: number;
  /** Length of an epoch (hours). */
  epochHours: number;
  /** Client jobs per GPU-hour worked (the rest of the work is re-runs). */
  jobsPerWorkHour: number;
  /** Verification settings: sampling rate, false-positive rate, slash fraction. */
  sampleRate: number;
  falsePositiveRate: number;
  slashFraction: number;
}

/**
 * Cheating rings as the restake decision sees them (`Rings` in
 * `agents/rings.ts`): each slot's ring, and each ring's share of the re-run
 * capacity, the probability that a member's sampled job is re-run (and
 * approved) by a fellow member.
 */
export interface RingExposure {
  /** Ring of each slot (-1: none). */
  readonly ringOf: Int32Array;
  /** Share of the re-run capacity held by each ring (fraction; 0 without collusion). */
  readonly escape: Float64Array;
}

/**
 * Slash loss provider i expects per epoch if it comes back (USD): the chance of
 * being caught in an epoch × the stake it would lose, `σ · minStake · price`.
 * A cheater is caught with `1 − (1 − ρ_i)^faked`, where `ρ_i` is the catch
 * probability of one faked job it actually faces: ρ outside any ring,
 * `ρ · (1 − c)` for a member of a ring holding a share c of the re-run capacity
 * (`ringDetectionRate`). Any other provider is flagged falsely with
 * `ρ · fp · jobs` (at most 1). A cheater's honest jobs count no false flags:
 * `verify` lands false flags only on providers that do not cheat, so counting
 * them would make cheaters more reluctant to come back than the model warrants.
 * Jobs per epoch follow from its throughput and its region's mean utilisation
 * so far.
 */
function expectedSlashUsdPerEpoch(
  roster: Roster,
  i: number,
  rule: RestakeRule,
  price: number,
  rings?: RingExposure,
): number {
  const s = roster.s;
  const u = roster.utilSteps > 0 ? roster.cumUtil[s.region[i]!]! / roster.utilSteps : 0;
  const jobs = s.throughput[i]! * u * rule.epochHours * rule.jobsPerWorkHour;
  const faked = jobs * s.cheatFraction[i]!;
  const rho = rule.sampleRate;
  const ring = rings ? rings.ringOf[i]! : -1;
  const caught = ring < 0 ? rho : ringDetectionRate(rho, rings!.escape[ring]!);
  const q =
    s.behaviour[i] === Behaviour.Cheater
      ? 1 - (1 - caught) ** faked
      : Math.min(1, rho * rule.falsePositiveRate * jobs);
  return q * rule.slashFraction * rule.minStake * price;
}

/** Counts of {@link advanceLifecycle}. */
export interface LifecycleResult {
  activated: number;
  released: number;
  /** Jailed providers that left at the end of their term rather than buy back slashed stake. */
  quitAfterJail: number;
  /** Tokens sold by providers leaving the network. */
  exitSoldTokens: number;
}

/**
 * Status timers, once per step: onboarding providers whose delay is over become
 * active; jailed providers whose term is over decide looking forward: one whose
 * trailing profit (its margin, cheating gains included) covers the slash losses
 * it expects if it comes back ({@link expectedSlashUsdPerEpoch}, at the catch
 * rate it faces: a member of a cheating ring in `rings` at `ρ · (1 − c)`) buys its stake
 * back up to the minimum (a refundable deposit, not a cost) and becomes active;
 * any other starts unbonding what is left and leaves (the slash already taken
 * is sunk and does not count either way); exiting providers
 * whose unbonding is over get their stake back, sell all their tokens and leave
 * (the slot is freed).
 */
export function advanceLifecycle(
  roster: Roster,
  ledger: Ledger,
  amm: Amm,
  step: number,
  rule: RestakeRule,
  out: LifecycleResult,
  rings?: RingExposure,
): void {
  out.activated = 0;
  out.released = 0;
  out.quitAfterJail = 0;
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
      if (s.trailingProfit[i]! >= expectedSlashUsdPerEpoch(roster, i, rule, amm.price, rings)) {
        topUpStake(s, ledger, amm, i, rule.minStake);
        roster.setStatus(i, Status.Active);
        out.activated++;
      } else {
        const until = step + rule.unbondingSteps;
        roster.setStatus(i, Status.Exiting, until);
        if (until < next) next = until;
        out.quitAfterJail++;
      }
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
