import { Behaviour, Status } from "../state/providers.ts";
import type { World } from "../state/world.ts";

/** Inputs of {@link cheatingProfitUsdPerHour} (units in each field). */
export interface CheatingInputs {
  /** Jobs the provider serves per hour (jobs/hour). */
  jobsPerHour: number;
  /** Share of its jobs a cheater fakes (fraction). */
  cheatFraction: number;
  /** Energy cost saved per faked job (USD/job): (loadW − idleW)/1000 · jobGpuHours / throughput · USD/kWh. */
  savingUsdPerJob: number;
  /** Probability a job is re-run (fraction). */
  sampleRate: number;
  /** Share of stake slashed per offence (fraction). */
  slashFraction: number;
  /** Stake at risk (tokens) and token price (USD/token). */
  stakeTokens: number;
  priceUsd: number;
  /** Jail term per offence (hours). */
  jailHours: number;
  /** Net income an active provider forgoes per hour in jail (USD/hour). */
  marginUsdPerHour: number;
}

/**
 * Expected extra profit of cheating over honesty per active hour (USD/hour):
 * `gain − q · (σ · S · P + J · m)` with `gain = f · j · saving` (energy not spent
 * on faked jobs) and `q = 1 − (1 − ρ)^(f · j)` the probability that at least one
 * of the hour's faked jobs is sampled. Positive: cheating pays. Ignores false
 * positives (they hit honest providers alike) and ejection (which only adds to
 * the penalty).
 */
export function cheatingProfitUsdPerHour(c: CheatingInputs): number {
  const bad = c.cheatFraction * c.jobsPerHour;
  const gain = bad * c.savingUsdPerJob;
  const q = 1 - (1 - c.sampleRate) ** bad;
  return (
    gain - q * (c.slashFraction * c.stakeTokens * c.priceUsd + c.jailHours * c.marginUsdPerHour)
  );
}

/**
 * The sampling rate at which cheating stops paying (fraction): solves
 * {@link cheatingProfitUsdPerHour} = 0 for ρ, `1 − (1 − gain / penalty)^(1/(f·j))`.
 * Returns 1 when no sampling rate deters it (penalty ≤ gain).
 */
export function breakEvenSampleRate(c: Omit<CheatingInputs, "sampleRate">): number {
  const bad = c.cheatFraction * c.jobsPerHour;
  if (bad <= 0) return 0;
  const gain = bad * c.savingUsdPerJob;
  const penalty = c.slashFraction * c.stakeTokens * c.priceUsd + c.jailHours * c.marginUsdPerHour;
  if (penalty <= gain) return 1;
  return 1 - (1 - gain / penalty) ** (1 / bad);
}

/**
 * Energy cost a cheater saves per faked job (USD/job): the load above idle it
 * does not draw for the job's GPU-hours, at the region's power price,
 * `(loadW − idleW)/1000 · jobGpuHours / throughput · USD/kWh`.
 */
export function energySavedUsdPerFakedJob(
  hw: { loadW: number; idleW: number; throughput: number },
  jobGpuHours: number,
  powerUsdPerKwh: number,
): number {
  return (((hw.loadW - hw.idleW) / 1000) * jobGpuHours * powerUsdPerKwh) / hw.throughput;
}

/**
 * Mean wealth per provider (USD) of cheaters and of everyone else, over every
 * provider that has been in the network: for those still there, cash P&L +
 * (wallet + stake) × the AMM price now; for those that left, their cash P&L when
 * they left (they sold everything). Counting the leavers matters: caught
 * cheaters that leave are exactly the ones cheating did not pay for. Settles
 * every provider's lazy accrual first, so call it at the step it describes.
 */
export function meanWealthUsdByBehaviour(w: World): { cheater: number; honest: number } {
  w.roster.accrueAll();
  const s = w.providers;
  const price = w.amm.price;
  const r = w.roster;
  const sum = [
    r.departedWealthUsd[Behaviour.Cheater]!,
    r.departedWealthUsd[Behaviour.Honest]! + r.departedWealthUsd[Behaviour.Tee]!,
  ];
  const n = [
    r.departedCount[Behaviour.Cheater]!,
    r.departedCount[Behaviour.Honest]! + r.departedCount[Behaviour.Tee]!,
  ];
  for (let i = 0; i < s.highWater; i++) {
    if (s.status[i] === Status.Empty) continue;
    const g = s.behaviour[i] === Behaviour.Cheater ? 0 : 1;
    sum[g]! += s.pnlUsd[i]! + (s.tokens[i]! + s.stake[i]!) * price;
    n[g]!++;
  }
  return { cheater: sum[0]! / n[0]!, honest: sum[1]! / n[1]! };
}

/**
 * Probability that one faked job of a ring member is caught (fraction): it is
 * sampled at ρ and re-run by a non-member with probability `1 − c`, c the ring's
 * share of the re-run capacity (ring members approve their own ring's fakes),
 * `ρ · (1 − c)`.
 */
export function ringDetectionRate(sampleRate: number, capacityShare: number): number {
  return sampleRate * (1 - capacityShare);
}

/**
 * The sampling rate at which cheating stops paying for a ring member (fraction):
 * the ring sees the detection rate {@link ringDetectionRate}, so it breaks even
 * where `ρ · (1 − c) = ρ*`, `ρ*_ring = ρ* / (1 − c)` with ρ* the
 * {@link breakEvenSampleRate} of a lone cheater. Returns 1 when no sampling rate
 * deters it (`ρ*_ring ≥ 1`, or c = 1: the ring re-runs all its own jobs).
 */
export function ringBreakEvenSampleRate(
  c: Omit<CheatingInputs, "sampleRate">,
  capacityShare: number,
): number {
  if (capacityShare >= 1) return 1;
  return Math.min(1, breakEvenSampleRate(c) / (1 - capacityShare));
}
