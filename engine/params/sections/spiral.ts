import { Type } from "@sinclair/typebox";
import { flag, int, share } from "../fields.ts";

/**
 * The `spiral` section of `networkSchema`. The death-spiral detector: its window, the thresholds of
 * the price, provider and demand legs, and recovery.
 */
export function spiralSection() {
  return Type.Object({
    windowSteps: int(720, {
      unit: "steps",
      description: "death-spiral detector: trailing window of the peaks the legs are measured from",
      minimum: 2,
      maximum: 1e6,
    }),
    priceDrawdown: share(
      0.3,
      "price leg: active when the price is this far under its trailing peak",
    ),
    providerLoss: share(
      0.1,
      "provider-exodus leg: active when active providers are this far under their trailing peak",
    ),
    demandLoss: share(
      0.15,
      "demand-churn leg: active when served jobs (summed over demandSmoothingSteps) are this far under their trailing peak",
    ),
    demandSmoothingSteps: int(168, {
      unit: "steps",
      description:
        "demand-churn leg: served jobs are summed over this many steps (removes daily cycles and short bursts)",
      minimum: 1,
      maximum: 1e6,
    }),
    minSteps: int(168, {
      unit: "steps",
      description: "a spiral: at least two legs active together for this long",
      minimum: 1,
      maximum: 1e6,
    }),
    requireProviderLeg: flag(
      true,
      "a spiral needs the provider-exodus leg among its legs: every feedback loop runs through providers, so price and demand falls without an exodus are coincidences, not a spiral",
    ),
    graceSteps: int(48, {
      unit: "steps",
      description:
        "a spiral ends once price, providers and served jobs have stayed recovered for this long",
      minimum: 0,
      maximum: 1e6,
    }),
    recoveryShare: share(
      0.8,
      "recovered: price, active providers and served jobs back to this share of their pre-spiral peaks",
    ),
  });
}
