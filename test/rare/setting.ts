/**
 * The small validation setting of the rare-event tests (bench/rare.ts uses the
 * same one): the crash network at 100 providers and 30-day runs, demand and
 * emission scaled by 1/30, every provider drawn alike, no scheduled crash, and
 * an external market whose reference price is a random walk of volatility `vol`
 * per step. At vol 0.016 P(spiral) ≈ 1.65e-2 (66 of 4,000 runs, bench/rare.ts).
 */
export const validationSets = (vol: number): string[] => [
  "sim.steps=720",
  "providers.initial=100",
  "providers.maxTotal=200",
  "demand.baseGpuHoursPerHour=90",
  "emission.tokensPerEpoch=920",
  "providers.exactInitialMix=true",
  "providers.powerPriceSpread=0",
  "economics.exitPatienceCv=0",
  "economics.hurdleRateCv=0",
  "shocks.crashStartStep=-1",
  "market.externalMarket=true",
  `market.externalVolPerStep=${vol}`,
];
