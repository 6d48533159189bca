/**
 * The settings the rare-event estimator is validated on against brute-force
 * Monte Carlo (test/rare, bench/rare.ts): the crash network shrunk for speed,
 * every provider drawn alike (so that the event comes from the price path, not
 * from the initial draw: docs/rare.md, Limits), no scheduled crash, and an
 * external market whose reference price is a random walk of volatility `vol`
 * per step. Assumptions for speed, not calibrated values: demand and emission
 * are scaled to the provider count (0.9 GPU-hours per hour and 9.2 tokens per
 * epoch per provider, the crash network's 2,700 and 27,600 at 3,000 providers).
 */
function shrunkCrashSets(providers: number, steps: number, vol: number): string[] {
  return [
    `sim.steps=${steps}`,
    `providers.initial=${providers}`,
    `providers.maxTotal=${2 * providers}`,
    `demand.baseGpuHoursPerHour=${Math.round(0.9 * providers)}`,
    `emission.tokensPerEpoch=${Math.round(9.2 * providers)}`,
    "providers.exactInitialMix=true",
    "providers.powerPriceSpread=0",
    "economics.exitPatienceCv=0",
    "economics.hurdleRateCv=0",
    "shocks.crashStartStep=-1",
    "market.externalMarket=true",
    `market.externalVolPerStep=${vol}`,
  ];
}

/**
 * The 1e-2 setting: 100 providers, 30-day runs; at vol 0.016 P(spiral) ≈ 1.65e-2
 * (66 of 4,000 runs, bench/rare.ts).
 */
export const validationSets = (vol: number): string[] => shrunkCrashSets(100, 720, vol);

/**
 * The 1e-3 setting: 20 providers, 200 steps, vol 0.02, and the event "the price
 * falls more than 64% under its running peak"; its brute-force reference (hits
 * in so many runs, with their run indices) is recorded by `bench/rare.ts
 * reference` in test/rare/fixtures/mc-1e-3.json.
 */
export const RARE_1E3 = {
  scenario: "crash-death-spiral",
  sets: shrunkCrashSets(20, 200, 0.02),
  event: "drawdown>0.64",
} as const;
