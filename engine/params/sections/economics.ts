import { Type } from "@sinclair/typebox";
import { choice, int, num, share } from "../fields.ts";

/**
 * The `economics` section of `networkSchema`. Provider economics: selling rewards, exit decisions
 * (patience, hurdle rate, resale value), unbonding, onboarding and entry.
 */
export function economicsSection() {
  return Type.Object({
    sellShare: share(
      0.5,
      "fixedShare: share of each token reward a provider sells at once (to pay its bills)",
    ),
    walletSellShare: share(
      0.05,
      "share of the tokens a provider holds (besides stake) that it sells each epoch: held rewards are sold gradually, not kept for ever",
    ),
    profitWindowEpochs: num(14, {
      unit: "epochs",
      description: "window of the trailing-profit moving average",
      minimum: 1,
      maximum: 10000,
    }),
    exitPatienceEpochs: int(10, {
      unit: "epochs",
      description:
        "mean over providers of the consecutive loss-making epochs a provider tolerates before it exits",
      minimum: 1,
      maximum: 10000,
    }),
    exitPatienceCv: num(0.5, {
      unit: "coefficient of variation",
      description:
        "spread of patience between providers: each draws its own from a log-normal with this CV (0 = all the same)",
      minimum: 0,
      maximum: 10,
    }),
    exitRule: choice(
      ["cashVsResale", "amortised"],
      "cashVsResale",
      "exit test: cash margin (revenue − power, opex, re-runs) against the hardware's resale value × the provider's hurdle rate, or (amortised) profit after amortised capex, a sunk cost",
    ),
    hurdleRateMean: num(0.15, {
      unit: "per year",
      description:
        "cashVsResale: mean annual return providers want on their hardware's resale value (opportunity cost of not selling it)",
      minimum: 0,
      maximum: 100,
    }),
    hurdleRateCv: num(0.5, {
      unit: "coefficient of variation",
      description: "cashVsResale: spread of hurdle rates between providers (log-normal)",
      minimum: 0,
      maximum: 10,
    }),
    resaleShareNew: share(
      0.75,
      "cashVsResale: share of its purchase price a GPU fetches on the used market just after purchase",
    ),
    resaleDecayPerYear: share(
      0.2,
      "cashVsResale: share of its resale value a GPU loses each year (geometric depreciation)",
    ),
    exitHysteresis: share(
      0.1,
      "a loss streak resets only when trailing profit exceeds this share of epoch costs",
    ),
    unbondingSteps: int(168, {
      unit: "steps",
      description: "steps from the exit decision until the stake unlocks",
      minimum: 0,
      maximum: 1_000_000,
    }),
    onboardingSteps: int(72, {
      unit: "steps",
      description: "delay from joining to the first job",
      minimum: 0,
      maximum: 1_000_000,
    }),
    entryMaxPerEpoch: num(60, {
      unit: "providers per epoch",
      description: "entrants per epoch when expected ROI is far above the hurdle",
      minimum: 0,
      maximum: 1e6,
    }),
    entryRoiHurdle: num(0.5, {
      unit: "per year",
      description: "annual return on capex a new provider needs to join",
      minimum: -10,
      maximum: 100,
    }),
    entrySensitivity: num(2, {
      unit: "per unit of ROI",
      description: "how fast entry rises with expected ROI above the hurdle",
      minimum: 0,
      maximum: 1000,
    }),
    sellPolicy: choice(
      ["fixedShare", "coverCosts"],
      "fixedShare",
      "provider sell pressure: sell sellShare of each reward, or sell just enough of it to cover the epoch's costs not met by fiat",
    ),
  });
}
