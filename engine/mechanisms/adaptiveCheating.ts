import { Status } from "../state/providers.ts";
import type { Roster } from "../state/roster.ts";

/** Learning-rule settings of adaptive cheaters (`providers.cheat*` in the parameter schema). */
export interface AdaptiveCheatingParams {
  /** The most the cheat fraction moves in one epoch (fraction per epoch). */
  learningRate: number;
  /** Prior mean of the probability that one faked job is caught (fraction). */
  priorSampleRate: number;
  /** Weight of the prior (catches). */
  priorWeight: number;
}

/** What a cheater knows of the network when it updates (units in each field). */
export interface CheatingContext {
  /** Client jobs per step per unit of throughput × utilisation (jobs/step). */
  jobsPerWorkStep: number;
  /** Hours per step. */
  stepHours: number;
  /** Hours per epoch (trailing profit is per epoch). */
  epochHours: number;
  /** Share of stake slashed per offence (fraction). */
  slashFraction: number;
  /** Minimum stake (tokens): the stake at risk when it has less. */
  minStakeTokens: number;
  /** Token price (USD/token). */
  priceUsd: number;
  /** Jail term (hours). */
  jailHours: number;
}

/**
 * A cheater's estimate of the probability that one faked job is caught: the
 * posterior mean of a Gamma prior (shape `priorWeight`, mean `priorSampleRate`)
 * after `catches` catches in `fakedJobs` faked jobs,
 * `ρ̂ = (w + C) / (w / ρ₀ + B)` (at most 1).
 */
export function estimatedSampleRate(
  a: AdaptiveCheatingParams,
  catches: number,
  fakedJobs: number,
): number {
  return Math.min(1, (a.priorWeight + catches) / (a.priorWeight / a.priorSampleRate + fakedJobs));
}

/**
 * Marginal expected profit of faking a larger share of jobs, relative to the
 * energy saved (dimensionless): with `n` jobs per step, `π(f) = f·n·g −
 * (1 − (1 − ρ̂)^(f·n))·L` (the per-step form of `cheatingProfitUsdPerHour`),
 * `π'(f) / (n·g) = 1 − (L/g)·κ·(1 − ρ̂)^(f·n)` with `κ = −ln(1 − ρ̂)`. Positive:
 * faking more pays. `g` is the energy saved per faked job (USD/job) and `L` the
 * loss per catch (USD).
 */
export function relativeMarginalProfit(
  cheatFraction: number,
  jobsPerStep: number,
  savingUsdPerJob: number,
  lossUsdPerCatch: number,
  sampleRate: number,
): number {
  if (savingUsdPerJob <= 0) return -1;
  if (sampleRate >= 1) return -1;
  const kappa = -Math.log1p(-sampleRate);
  return (
    1 -
    (lossUsdPerCatch / savingUsdPerJob) * kappa * (1 - sampleRate) ** (cheatFraction * jobsPerStep)
  );
}

/**
 * Adds each active cheater's faked jobs this step to `s.fakedJobs` (call before
 * verification, with this step's utilisation): `throughput · util · jobsPerWorkStep · f`.
 */
export function recordFakedJobs(
  roster: Roster,
  utilByRegion: Float64Array,
  jobsPerWorkStep: number,
): void {
  const s = roster.s;
  for (let k = 0; k < roster.cheaterCount; k++) {
    const i = roster.cheaters[k]!;
    if (s.status[i] !== Status.Active) continue;
    s.fakedJobs[i]! +=
      s.throughput[i]! * utilByRegion[s.region[i]!]! * jobsPerWorkStep * s.cheatFraction[i]!;
  }
}

/**
 * One epoch's update of every cheater still in the network (not exiting): its
 * estimate ρ̂ ({@link estimatedSampleRate}) from its catches (`s.offences`; false
 * flags never land on cheaters) and faked jobs, then
 * `f ← clamp(f + η · clamp(m, −1, 1), 0, 1)` (under 1e-12: 0) with m the
 * {@link relativeMarginalProfit} at its region's mean utilisation so far, its own
 * energy saving per faked job `(load − idle) kW · power price · stepHours / (throughput · jobsPerWorkStep)`
 * and loss per catch `σ · max(stake, minStake) · P + J · max(0, trailing profit per hour)`.
 * Settles an active cheater's accrual first and moves its load power in the
 * roster's aggregate, so costs stay exact. Returns how many changed.
 */
export function adaptCheatFractions(
  a: AdaptiveCheatingParams,
  roster: Roster,
  c: CheatingContext,
): number {
  const s = roster.s;
  let changed = 0;
  for (let k = 0; k < roster.cheaterCount; k++) {
    const i = roster.cheaters[k]!;
    const st = s.status[i]!;
    if (st === Status.Exiting || st === Status.Empty) continue;
    const thr = s.throughput[i]!;
    const r = s.region[i]!;
    const u = roster.utilSteps > 0 ? roster.cumUtil[r]! / roster.utilSteps : 0;
    const jobsPerStep = thr * u * c.jobsPerWorkStep;
    if (jobsPerStep <= 0 || thr <= 0) continue;
    const pp = s.powerPrice[i]!;
    const loadKw = s.loadKw[i]! - s.idleKw[i]!;
    const saving = (loadKw * pp * c.stepHours) / (thr * c.jobsPerWorkStep);
    const margin = Math.max(0, s.trailingProfit[i]! / c.epochHours);
    const loss =
      c.slashFraction * Math.max(s.stake[i]!, c.minStakeTokens) * c.priceUsd + c.jailHours * margin;
    const rho = estimatedSampleRate(a, s.offences[i]!, s.fakedJobs[i]!);
    const f = s.cheatFraction[i]!;
    const m = relativeMarginalProfit(f, jobsPerStep, saving, loss, rho);
    let next = Math.min(1, Math.max(0, f + a.learningRate * Math.min(1, Math.max(-1, m))));
    if (next < 1e-12) next = 0; // rounding residue of repeated steps: it has stopped cheating
    if (next === f) continue;
    if (st === Status.Active) {
      roster.accrue(i);
      roster.activeLoadUsdPerHour[r]! += loadKw * (f - next) * pp;
    }
    s.cheatFraction[i] = next;
    changed++;
  }
  return changed;
}

/** Mean cheat fraction of active cheaters (fraction; 0 when there are none). */
export function meanActiveCheatFraction(roster: Roster): number {
  const s = roster.s;
  let sum = 0;
  let n = 0;
  for (let k = 0; k < roster.cheaterCount; k++) {
    const i = roster.cheaters[k]!;
    if (s.status[i] !== Status.Active) continue;
    sum += s.cheatFraction[i]!;
    n++;
  }
  return n > 0 ? sum / n : 0;
}
