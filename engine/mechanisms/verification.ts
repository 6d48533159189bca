import { binomial, poisson } from "../rng/distributions.ts";
import type { Rng } from "../rng/source.ts";
import type { Ledger } from "../state/ledger.ts";
import { Behaviour, Status } from "../state/providers.ts";
import type { Roster } from "../state/roster.ts";

/** Verification settings (see `verification.*` in the parameter schema). */
export interface VerificationParams {
  sampleRate: number;
  falsePositiveRate: number;
  slashFraction: number;
  jailSteps: number;
}

/** What one verification step found. */
export interface VerificationResult {
  jobsSampled: number;
  cheatersCaught: number;
  falseFlags: number;
  /** Faked results that reached clients uncaught this step (jobs, expected value). */
  badResults: number;
  /** Tokens slashed this step. */
  slashed: number;
}

/**
 * Slashes `slashFraction` of provider i's stake (burned) and jails it until
 * `step + jailSteps`.
 */
export function slashAndJail(
  v: VerificationParams,
  roster: Roster,
  ledger: Ledger,
  i: number,
  step: number,
): number {
  const amount = roster.s.stake[i]! * v.slashFraction;
  ledger.slash(i, amount, "burn");
  roster.setStatus(i, Status.Jailed, step + v.jailSteps);
  return amount;
}

/**
 * Optimistic verification for one step. Each served job is re-run with
 * probability `sampleRate`. A cheater that faked `b` jobs this step is caught
 * with probability `1 − (1 − sampleRate)^b`; honest providers are flagged at
 * `falsePositiveRate` per sampled job (a Poisson count over the network, each
 * landing on a random active non-cheating provider). Caught or flagged
 * providers are slashed and jailed.
 */
export function verify(
  v: VerificationParams,
  roster: Roster,
  ledger: Ledger,
  utilByRegion: Float64Array,
  jobsPerWorkStep: number,
  jobsServed: number,
  step: number,
  rng: Rng,
  out: VerificationResult,
): void {
  out.jobsSampled = binomial(rng, Math.round(jobsServed), v.sampleRate);
  out.cheatersCaught = 0;
  out.falseFlags = 0;
  out.badResults = 0;
  out.slashed = 0;
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
    if (rng.next() < 1 - keep ** bad) {
      out.cheatersCaught++;
      out.slashed += slashAndJail(v, roster, ledger, i, step);
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
        out.slashed += slashAndJail(v, roster, ledger, i, step);
        break;
      }
    }
  }
}
