/**
 * A Render-like and an Akash-like network competing for the same GPUs after the
 * Render-like one halves its emission on day 60.
 *
 * Question it answers: when one network cuts what it pays node operators, how
 * many GPUs move to the other network or to cloud rental, how fast, and what
 * does that do to each network's price and providers?
 *
 * What to look at (`networks.arrow`): render.owners, akash.owners and
 * outside.owners around day 60; render.returnUsdPerGpuHour against
 * akash.returnUsdPerGpuHour and outside.returnUsdPerGpuHour; each network's
 * priceUsd; moves.
 *
 * Sources and assumptions:
 * - The networks are the bundled `render-bme` (RNP-001 BME, RNP-006 year-1
 *   emission) and `akash-bme` (AEP-76 credits, reverse auction) scenarios, scaled
 *   to a tenth (assumption, for speed: 500 providers each, a tenth of the demand,
 *   the emission and the AMM depth, so that per-provider figures stay the
 *   scenarios'), on the same 180 days; Akash's day-60 market crash is off so
 *   that the emission cut is the only event (assumption).
 * - The cut: Render-like emission halved from day 60 on (a scheduled governance
 *   change; an assumption standing for a halving or an RNP vote).
 * - The outside option: RunPod community-cloud spot prices per GPU-hour, March
 *   2026 (https://deploybase.ai/articles/runpod-gpu-pricing, retrieved
 *   2026-12-03): RTX 3090 0.22, RTX 4090 0.34, A100 PCIe 80 GB 1.19, H100 PCIe
 *   1.99 USD. The host keeps 75% after the marketplace's fee and rents half the
 *   hours (assumptions: marketplace fees and host occupancy are not published).
 * - The owners' rule (docs/networks.md): each owner reconsiders with
 *   probability 0.2 a day, over a 30-day horizon, a move costing 25 USD and a day
 *   of downtime besides the new network's onboarding (assumptions). 100 GPUs start
 *   on cloud rental (assumption).
 */

import { defineNetworks } from "../../engine/networks/spec.ts";
import { scenario as akash } from "../akash-bme.ts";
import { RNP006_DAILY_TOKENS, scenario as render } from "../render-bme.ts";

/** Shared scale-down of both networks (a tenth; assumption). */
const SCALE = [
  "sim.steps=4320",
  "providers.initial=500",
  "providers.maxTotal=2000",
  "demand.baseGpuHoursPerHour=450",
];

/** The study: Render-like vs Akash-like, sharing one owner population. */
export const networks = defineNetworks({
  name: "render-vs-akash",
  summary:
    "Render-like and Akash-like networks compete for the same GPUs after the Render-like one halves its emission on day 60",
  networks: {
    render: {
      scenario: render,
      sets: [
        ...SCALE,
        `emission.tokensPerEpoch=${RNP006_DAILY_TOKENS / 10}`,
        "market.ammUsdDepth=4100000",
        "governance.enabled=true",
        "governance.change1.step=1440",
        "governance.change1.param=emission.tokensPerEpoch",
        `governance.change1.value=${RNP006_DAILY_TOKENS / 20}`,
      ],
    },
    akash: {
      scenario: akash,
      sets: [
        ...SCALE,
        "emission.tokensPerEpoch=800",
        "market.ammUsdDepth=500000",
        "shocks.crashDrop=0",
      ],
    },
  },
  owners: {
    decisionEveryHours: 24,
    reviewShare: 0.2,
    horizonDays: 30,
    switchCostUsd: 25,
    downtimeDays: 1,
    returnWindowDecisions: 3,
    outsideInitial: 100,
  },
  outsideOption: {
    usdPerGpuHour: { rtx3090: 0.22, rtx4090: 0.34, a100: 1.19, h100: 1.99 },
    hostShare: 0.75,
    utilisation: 0.5,
  },
});
