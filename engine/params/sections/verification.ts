import { Type } from "@sinclair/typebox";
import { choice, int, num, share } from "../fields.ts";

/**
 * The `verification` section of `networkSchema`. Verification by re-running sampled jobs: sample
 * and false-positive rates, slashing, who pays re-runs, ejection and jail.
 */
export function verificationSection() {
  return Type.Object({
    sampleRate: share(0.02, "probability that a job is re-run on a secondary node"),
    falsePositiveRate: share(
      0.00002,
      "probability that a sampled honest job is flagged (non-deterministic inference)",
    ),
    slashFraction: share(0.3, "share of the offender's stake slashed"),
    slashDestination: choice(
      ["burn", "treasury", "challenger"],
      "burn",
      "where slashed stake goes: burned, to the treasury, or to the challenger that re-ran the job",
    ),
    rerunCostPayer: choice(
      ["protocol", "provider"],
      "protocol",
      "who pays re-runs (sampled work × usdPerGpuHour): the protocol (burn budget, then treasury) or the sampled provider",
    ),
    ejectAfterOffences: int(0, {
      unit: "offences",
      description: "eject (exit for good) a provider at its N-th offence; 0 = never",
      minimum: 0,
      maximum: 1000,
    }),
    ejectBelowStakeTokens: num(0, {
      unit: "tokens",
      description: "eject a provider whose stake falls under this after a slash; 0 = never",
      minimum: 0,
      maximum: 1e12,
    }),
    jailSteps: int(168, {
      unit: "steps",
      description: "steps a caught provider is jailed",
      minimum: 0,
      maximum: 1_000_000,
    }),
  });
}
