import { type ResolvedStudy, resolveStudy } from "../../engine/networks/resolve.ts";
import { defineNetworks } from "../../engine/networks/spec.ts";
import { scenario as baseline } from "../../scenarios/baseline.ts";

/**
 * A small baseline network (a fiftieth of the bundled one: 100 providers, its
 * demand, emission and market depth scaled alike), `days` long.
 */
export function smallBaseline(days: number, initial = 100): string[] {
  return [
    `sim.steps=${days * 24}`,
    `providers.initial=${initial}`,
    "providers.maxTotal=1000",
    "demand.baseGpuHoursPerHour=90",
    "emission.tokensPerEpoch=920",
    "market.ammUsdDepth=20000000",
  ];
}

/**
 * Two identical small baseline networks, `a` and `b`, with `initialA` and
 * `initialB` genesis providers, and the outside option at RunPod's spot prices.
 */
export function twinStudy(
  days: number,
  initialA: number,
  initialB: number,
  sets: readonly string[] = [],
): ResolvedStudy {
  return resolveStudy(
    defineNetworks({
      name: "twins",
      networks: {
        a: { scenario: baseline, sets: smallBaseline(days, initialA) },
        b: { scenario: baseline, sets: smallBaseline(days, initialB) },
      },
      owners: { reviewShare: 0.2, horizonDays: 30, switchCostUsd: 25, downtimeDays: 1 },
      outsideOption: {
        usdPerGpuHour: { rtx3090: 0.22, rtx4090: 0.34, a100: 1.19, h100: 1.99 },
        hostShare: 0.75,
        utilisation: 0.5,
      },
    }),
    sets,
  );
}
