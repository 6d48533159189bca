import type { SweepRequest } from "../../engine/sweep/plan.ts";

/**
 * The default study of `npm start`: the baseline scenario over 90 days,
 * emission per epoch × verification sampling rate, 4 Monte Carlo runs per
 * point (24 runs; 5 to 15 s on 2 cores).
 */
export const DEFAULT_STUDY: SweepRequest = {
  scenario: "baseline",
  runs: 4,
  grid: ["emission.tokensPerEpoch=23000,46000,92000", "verification.sampleRate=0.01,0.05"],
  sets: ["sim.steps=2160"],
  seed: 42,
};

/** The default study's result folder name. */
export const DEFAULT_STUDY_ID = "default-study";
