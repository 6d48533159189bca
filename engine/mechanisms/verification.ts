import { binomial, poisson } from "../rng/distributions.ts";
import type { Rng } from "../rng/source.ts";
import { Account, type Ledger } from "../state/ledger.ts";
import { Behaviour, Status } from "../state/providers.ts";
import type { Roster } from "../state/roster.ts";

/** Verification settings (see `verification.*` in the parameter schema). */
export interface VerificationParams {
  sampleRate: number;
  falsePositiveRate: number;
  slashFraction: number;
  jailSteps: number;
  /** Where slashed stake goes. */
  slashDestination: "burn" | "treasury" | "challenger";
  /** Eject at the N-th offence (0 = never). */
  ejectAfterOffences: number;
  /** Eject when stake falls under this after a slash (tokens; 0 = never). */
  ejectBelowStakeTokens: number;
}

/** What one verification step found. */
export interface VerificationResult {
  jobsSampled: number;
  cheatersCaught: number;
  falseFlags: number;
  /** Faked results that reached clients uncaught this step (jobs, expected value). */
  badResults: number;
  /** Tokens slashed this step (wherever they went). */
  slashed: number;
  /** Of which burned (tokens). */
  slashBurned: number;
  /** Providers ejected for good this step. */
  ejected: number;
}

/**
 * Cheating rings as `verify` sees them (see `engine/mechanisms/agents/rings.ts`):
 * a sampled job of a ring member escapes detection with its ring's `escape`
 * probability (a member re-ran it and approved the fake), so the member's faked
 * jobs are caught at `ρ · (1 − escape)` each. `verify` adds the faked jobs and
 * catches of ring members per ring.
 */
export interface Collusion {
  /** Ring of each slot (-1: none). */
  readonly ringOf: Int32Array;
  /** Escape probability per ring (fraction). */
  readonly escape: Float64Array;
  /** Faked jobs per ring (jobs, expected; added to). */
  readonly fakedJobs: Float64Array;
  /** Catches per ring (added to). */
  readonly catches: Float64Array;
}

/** A zeroed result for `verify` to fill (one per phase, reused every step). */
export function emptyVerificationResult(): VerificationResult {
  return {
    jobsSampled: 0,
    cheatersCaught: 0,
    falseFlags: 0,
    badResults: 0,
    slashed: 0,
    slashBurned: 0,
    ejected: 0,
  };
}

/** The ledger destination of a slash. */
function slashTarget(dest: VerificationParams["slashDestination"]): Account | "burn" {
  return dest === "burn" ? "burn" : dest === "treasury" ? Account.Treasury : Account.Challenger;
}

/**
 * Punishes provider i for an offence: slashes `slashFraction` of its stake (to
 * `slashDestination`), counts the offence, and either ejects it for good (its
 * `ejectAfterOffences`-th offence, or stake under `ejectBelowStakeTokens`: it
 * starts unbonding with what is left and leaves at `step + unbondingSteps`) or
 * jails it until `step + jailSteps`. Adds to `out.slashed`, `out.slashBurned`
 * and `out.ejected`; returns the tokens slashed.
 */
export function slashAndJail(
  v: VerificationParams,
  roster: Roster,
  ledger: Ledger,
  i: number,
  step: number,
  unbondingSteps: number,
  out: VerificationResult,
): number {
  const s = roster.s;
  const amount = s.stake[i]! * v.slashFraction;
  ledger.slash(i, amount, slashTarget(v.slashDestination));
  s.offences[i] = s.offences[i]! + 1;
  const eject =
    (v.ejectAfterOffences > 0 && s.offences[i]! >= v.ejectAfterOffences) ||
    (v.ejectBelowStakeTokens > 0 && s.stake[i]! < v.ejectBelowStakeTokens);
  if (eject) {
    roster.setStatus(i, Status.Exiting, step + unbondingSteps);
    out.ejected++;
  } else {
    roster.setStatus(i, Status.Jailed, step + v.jailSteps);
  }
  out.slashed += amount;
  if (v.slashDestination === "burn") out.slashBurned += amount;
  return amount;
}

/**
 * Optimistic verification for one step. Each served job is re-run with
 * probability `sampleRate`. A cheater that faked `b` jobs this step is caught
 * with probability `1 − (1 − sampleRate)^b`; honest providers are flagged at
 * `falsePositiveRate` per sampled job (a Poisson count over the network, each
 * landing on a random active non-cheating provider). Caught or flagged
 * providers are slashed and jailed or ejected (see {@link slashAndJail}).
 * With `rings` a ring member's faked jobs are caught at `ρ · (1 − escape)` each
 * (see {@link Collusion}); it draws the same random numbers either way.
 */
export function verify(
  v: VerificationParams,
  roster: Roster,
  ledger: Ledger,
  utilByRegion: Float64Array,
  jobsPerWorkStep: number,
  jobsServed: number,
  step: number,
  unbondingSteps: number,
  rng: Rng,
  out: VerificationResult,
  rings?: Collusion,
): void {
  out.jobsSampled = binomial(rng, Math.round(jobsServed), v.sampleRate);
  out.cheatersCaught = 0;
  out.falseFlags = 0;
  out.badResults = 0;
  out.slashed = 0;
  out.slashBurned = 0;
  out.ejected = 0;
  let cheaterJobs = 0;
  const s = roster.s;
  const { status, cheatFraction, throughput, region } = s;
  const keep = 1 - v.sampleRate;
  // Iterate a snapshot-safe way: slashing does not change the cheater list.
  for (let k = 0; k < roster.cheaterCount; k++) {
    const i = roster.cheaters[k]!;
    const cf = cheatFraction[i]!;
    if (cf <= 0 || status[i] !== Status.Active) continue;
    const jobs = throughput[i]! * utilByRegion[region[i]!]! * jobsPerWorkStep;
    if (jobs <= 0) continue;
    cheaterJobs += jobs;
    const bad = jobs * cf;
    const ring = rings ? rings.ringOf[i]! : -1;
    const kept = ring < 0 ? keep : 1 - v.sampleRate * (1 - rings!.escape[ring]!);
    if (ring >= 0) rings!.fakedJobs[ring]! += bad;
    if (rng.next() < 1 - kept ** bad) {
      out.cheatersCaught++;
      if (ring >= 0) rings!.catches[ring]!++;
      slashAndJail(v, roster, ledger, i, step, unbondingSteps, out);
      out.badResults += bad * 0.5; // caught part-way through the step, on average
    } else {
      out.badResults += bad;
    }
  }
  const honestSampled = Math.max(0, jobsServed - cheaterJobs) * v.sampleRate;
  const flags = poisson(rng, honestSampled * v.falsePositiveRate);
  for (let f = 0; f < flags && s.highWater > 0; f++) {
    for (let attempt = 0; attempt < 32; attempt++) {
      const i = Math.floor(rng.next() * s.highWater);
      if (status[i] === Status.Active && s.behaviour[i] !== Behaviour.Cheater) {
        out.falseFlags++;
        slashAndJail(v, roster, ledger, i, step, unbondingSteps, out);
        break;
      }
    }
  }
}
