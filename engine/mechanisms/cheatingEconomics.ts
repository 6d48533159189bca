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
