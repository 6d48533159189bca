/**
 * A small stress search for the executor tests: the crash network at 100
 * providers and 30-day runs, a crash at step 100 over a day, its depth searched
 * in [0.9, 0.995] with one generation of 4 candidates × 4 runs and 4 final runs
 * (every finalist spirals: the leg runs and the trajectories run too).
 */
export const SMALL_STRESS_ARGS: readonly string[] = [
  "crash-death-spiral",
  "--target",
  "spiral",
  "--p",
  "0.25",
  ...[
    "sim.steps=720",
    "providers.initial=100",
    "providers.maxTotal=200",
    "demand.baseGpuHoursPerHour=90",
    "emission.tokensPerEpoch=920",
    "shocks.crashStartStep=100",
    "shocks.crashSteps=24",
  ].flatMap((s) => ["--set", s]),
  "--range",
  "shocks.crashDrop=0.9:0.995",
  "--budget",
  "16",
  "--runs",
  "4",
  "--max-runs",
  "4",
  "--final-runs",
  "4",
  "--leg-runs",
  "2",
  "--population",
  "4",
  "--seed",
  "1",
];
