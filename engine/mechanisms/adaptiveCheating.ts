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

/** One cheater's terms in {@link relativeMarginalProfit} (filled by {@link cheaterTerms}). */
interface CheaterTerms {
  /** Client jobs per step at its region's mean utilisation so far (jobs/step). */
  jobsPerStep: number;
  /** Energy saved per faked job (USD/job). */
  saving: number;
  /** Loss per catch (USD). */
  loss: number;
}

/**
 * Fills `out` with cheater i's terms: jobs per step at its region's mean
 * utilisation so far, its energy saving per faked job
 * `(load − idle) kW · power price · stepHours / (throughput · jobsPerWorkStep)`
 * and its loss per catch `σ · max(stake, minStake) · P + J · max(0, trailing profit per hour)`.
 * Returns false (and leaves `out` as it was) when it serves no jobs.
 */
function cheaterTerms(roster: Roster, i: number, c: CheatingContext, out: CheaterTerms): boolean {
  const s = roster.s;
  const thr = s.throughput[i]!;
  const u = roster.utilSteps > 0 ? roster.cumUtil[s.region[i]!]! / roster.utilSteps : 0;
  const jobsPerStep = thr * u * c.jobsPerWorkStep;
  if (jobsPerStep <= 0 || thr <= 0) return false;
  const loadKw = s.loadKw[i]! - s.idleKw[i]!;
  out.jobsPerStep = jobsPerStep;
  out.saving = (loadKw * s.powerPrice[i]! * c.stepHours) / (thr * c.jobsPerWorkStep);
  const margin = Math.max(0, s.trailingProfit[i]! / c.epochHours);
  out.loss =
    c.slashFraction * Math.max(s.stake[i]!, c.minStakeTokens) * c.priceUsd + c.jailHours * margin;
  return true;
}

/**
 * Sets cheater i's cheat fraction to `next`: an active one's accrual is settled
 * first and its load power moved in the roster's aggregate, so costs stay exact.
 */
function setCheatFraction(roster: Roster, i: number, next: number): void {
  const s = roster.s;
  const f = s.cheatFraction[i]!;
  if (s.status[i] === Status.Active) {
    roster.accrue(i);
    roster.activeLoadUsdPerHour[s.region[i]!]! +=
      (s.loadKw[i]! - s.idleKw[i]!) * (f - next) * s.powerPrice[i]!;
  }
  s.cheatFraction[i] = next;
}

/** One learning step of a cheat fraction: `clamp(f + η · clamp(m, −1, 1), 0, 1)`, under 1e-12: 0. */
function step(a: AdaptiveCheatingParams, f: number, m: number): number {
  const next = Math.min(1, Math.max(0, f + a.learningRate * Math.min(1, Math.max(-1, m))));
  return next < 1e-12 ? 0 : next; // rounding residue of repeated steps: it has stopped cheating
}

const terms: CheaterTerms = { jobsPerStep: 0, saving: 0, loss: 0 };

/**
 * One epoch's update of every cheater still in the network (not exiting): its
 * estimate ρ̂ ({@link estimatedSampleRate}) from its catches (`s.offences`; false
 * flags never land on cheaters) and faked jobs, then
 * `f ← clamp(f + η · clamp(m, −1, 1), 0, 1)` (under 1e-12: 0) with m the
 * {@link relativeMarginalProfit} of its {@link cheaterTerms}. Cheaters with
 * `skip[i] ≥ 0` (members of a ring that learns as one) are left alone. Settles
 * an active cheater's accrual first and moves its load power in the roster's
 * aggregate, so costs stay exact. Returns how many changed.
 */
export function adaptCheatFractions(
  a: AdaptiveCheatingParams,
  roster: Roster,
  c: CheatingContext,
  skip?: Int32Array,
): number {
  const s = roster.s;
  let changed = 0;
  for (let k = 0; k < roster.cheaterCount; k++) {
    const i = roster.cheaters[k]!;
    const st = s.status[i]!;
    if (st === Status.Exiting || st === Status.Empty) continue;
    if (skip && skip[i]! >= 0) continue;
    if (!cheaterTerms(roster, i, c, terms)) continue;
    const rho = estimatedSampleRate(a, s.offences[i]!, s.fakedJobs[i]!);
    const f = s.cheatFraction[i]!;
    const m = relativeMarginalProfit(f, terms.jobsPerStep, terms.saving, terms.loss, rho);
    const next = step(a, f, m);
    if (next === f) continue;
    setCheatFraction(roster, i, next);
    changed++;
  }
  return changed;
}

/** Cheating rings as {@link adaptRingFractions} sees them (see `agents/rings.ts`). */
export interface PooledRings {
  /** Ring of each slot (-1: none). */
  readonly ringOf: Int32Array;
  /** The one cheat fraction of each ring (fraction; updated). */
  readonly fraction: Float64Array;
  /** Rings opened so far. */
  readonly count: number;
}

/**
 * One epoch's update of every ring that learns as one: the members still in the
 * network (not exiting) pool their catches and faked jobs into one estimate ρ̂,
 * and the ring moves its one fraction f along the marginal profit of the ring as
 * a whole, `Σ n·g·m_i / Σ n·g` (m_i each member's {@link relativeMarginalProfit}
 * at f and ρ̂: the derivative of the members' summed profit in f, relative to
 * their summed energy saving), by the same step as a lone cheater; every member
 * is set to it. `scratch` holds 3 numbers per ring. Returns how many members changed.
 */
export function adaptRingFractions(
  a: AdaptiveCheatingParams,
  roster: Roster,
  c: CheatingContext,
  rings: PooledRings,
  scratch: Float64Array,
): number {
  const s = roster.s;
  const n = rings.count;
  // Pass 1: pooled catches [3r] and faked jobs [3r+1].
  scratch.fill(0, 0, 3 * n);
  for (let k = 0; k < roster.cheaterCount; k++) {
    const i = roster.cheaters[k]!;
    const ring = rings.ringOf[i]!;
    const st = s.status[i]!;
    if (ring < 0 || st === Status.Exiting || st === Status.Empty) continue;
    scratch[3 * ring]! += s.offences[i]!;
    scratch[3 * ring + 1]! += s.fakedJobs[i]!;
  }
  for (let r = 0; r < n; r++)
    scratch[3 * r] = estimatedSampleRate(a, scratch[3 * r]!, scratch[3 * r + 1]!);
  // Pass 2: Σ n·g·m_i [3r+1] and Σ n·g [3r+2].
  for (let r = 0; r < n; r++) {
    scratch[3 * r + 1] = 0;
    scratch[3 * r + 2] = 0;
  }
  for (let k = 0; k < roster.cheaterCount; k++) {
    const i = roster.cheaters[k]!;
    const ring = rings.ringOf[i]!;
    const st = s.status[i]!;
    if (ring < 0 || st === Status.Exiting || st === Status.Empty) continue;
    if (!cheaterTerms(roster, i, c, terms)) continue;
    const ng = terms.jobsPerStep * terms.saving;
    const m = relativeMarginalProfit(
      rings.fraction[ring]!,
      terms.jobsPerStep,
      terms.saving,
      terms.loss,
      scratch[3 * ring]!,
    );
    scratch[3 * ring + 1]! += ng * m;
    scratch[3 * ring + 2]! += ng;
  }
  for (let r = 0; r < n; r++) {
    const weight = scratch[3 * r + 2]!;
    if (weight > 0) rings.fraction[r] = step(a, rings.fraction[r]!, scratch[3 * r + 1]! / weight);
  }
  // Pass 3: every member (not exiting) takes its ring's fraction.
  let changed = 0;
  for (let k = 0; k < roster.cheaterCount; k++) {
    const i = roster.cheaters[k]!;
    const ring = rings.ringOf[i]!;
    const st = s.status[i]!;
    if (ring < 0 || st === Status.Exiting || st === Status.Empty) continue;
    const next = rings.fraction[ring]!;
    if (next === s.cheatFraction[i]) continue;
    setCheatFraction(roster, i, next);
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
