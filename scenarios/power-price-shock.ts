/**
 * Regional power-price shock, then a new hardware generation.
 *
 * Question it answers: when electricity triples in Western Europe for a month
 * (day 60), which providers exit there, does capacity move to other regions,
 * and what do latency and drops do for European clients? Later (day 180) a new
 * GPU generation (RTX 5090) takes 60% of entrants: do older classes lose revenue and
 * leave?
 *
 * What to look at: providersActive, exits, profitP10UsdPerHour around day 60-90;
 * latencyP95Ms and jobsDropped; active_<class> columns after day 180
 * (active_rtx5090 rising, older classes' entry and utilisation falling); clientUsdPerGpuHour (auction clearing price,
 * which the shock raises in Europe and the new class lowers).
 *
 * Set-up: baseline network with reverse-auction pricing, plus an RTX 5090
 * class (1.7 × RTX 4090 throughput, 575 W board power, ~2,000 USD) with no
 * entrants until the hardware-generation shock. Power prices from the baseline (euWest 0.30 USD/kWh
 * × 3 = 0.90 during the spike, the order of the 2022 European spot peaks).
 */

import {
  activeRatioEnd,
  basicStepInvariants,
  defaultParams,
  defineChecks,
  defineScenario,
  networkSchema,
  recoveryDays,
  spiralled,
  withDefaults,
} from "../api/index.ts";
import { scenario as baseline } from "./baseline.ts";

const defaults = defaultParams(baseline);
const base = networkSchema({
  hardware: {
    ...defaults.hardware,
    rtx5090: {
      share: 0,
      throughput: 1.7,
      loadW: 575,
      idleW: 30,
      capexUsd: 2000,
      amortHours: 3 * 8760,
      vramGb: 32,
      serviceLatencyMs: 35,
    },
  },
  regions: defaults.regions,
});

export const scenario = defineScenario({
  name: "power-price-shock",
  summary:
    "Western-European power ×3 for a month at day 60; new RTX 5090 generation enters at day 180",
  schema: withDefaults(base, {
    sim: { steps: 365 * 24 },
    providers: { initial: 5000, maxTotal: 10000 },
    demand: { baseGpuHoursPerHour: 4500 },
    pricing: { mode: "auction" },
    emission: { policy: "fixed", tokensPerEpoch: 46000 },
    market: { noiseTradeShare: 0.001 },
    economics: { entryMaxPerEpoch: 20 },
    shocks: {
      powerStartStep: 60 * 24,
      powerSteps: 30 * 24,
      powerRegion: 1,
      powerMultiplier: 3,
      hardwareGenStep: 180 * 24,
      hardwareGenClass: 4,
      hardwareGenShare: 0.6,
    },
  }),
});

/** What `tokensim check` holds this scenario to (120-day runs). */
export const checks = defineChecks({
  sets: ["sim.steps=2880"],
  runs: 30,
  seed: 31,
  outcomes: {
    activeRatioEnd,
    spiralled,
    // days from the spike's start (day 60) until active providers are back at 95% of day 59's
    providerRecoveryDays: recoveryDays("providersActive", 60 * 24 - 1, 60 * 24, 0.95),
  },
  stepInvariants: basicStepInvariants,
  assertions: [
    {
      name: "the power shock drives providers out",
      stat: "probability",
      metric: "activeRatioEnd",
      event: { below: 1 },
      greaterThan: 0.7,
    },
    {
      // the exodus outlasts the 30-day spike: in most runs the provider count is not back
      // at 95% of its pre-spike level a month after the spike ends (61 = not by day 120)
      name: "the exodus outlasts the spike",
      stat: "quantile",
      metric: "providerRecoveryDays",
      q: 0.5,
      greaterThan: 30,
    },
    {
      name: "without a death spiral",
      stat: "probability",
      metric: "spiralled",
      event: { above: 0.5 },
      lessThan: 0.2,
    },
  ],
});
