import { type TProperties, Type } from "@sinclair/typebox";
import { num, share } from "../fields.ts";
import { recordOf } from "./record.ts";

/** One region's defaults (see `networkSchema` and `tokensim params` for units). */
export interface RegionDefaults {
  providerShare: number;
  demandShare: number;
  powerUsdPerKwh: number;
  utcOffsetHours: number;
  latencyMs: Record<string, number>;
}

function regionSchema(d: RegionDefaults) {
  const latency: TProperties = {};
  for (const [to, ms] of Object.entries(d.latencyMs)) {
    latency[to] = num(ms, {
      unit: "ms",
      description: `network round-trip from clients here to providers in ${to}`,
      minimum: 0,
      maximum: 10000,
    });
  }
  return Type.Object({
    providerShare: share(d.providerShare, "share of providers located here (normalised)"),
    demandShare: share(d.demandShare, "share of client demand from here (normalised)"),
    powerUsdPerKwh: num(d.powerUsdPerKwh, {
      unit: "USD/kWh",
      description: "electricity price",
      minimum: 0,
      maximum: 10,
    }),
    utcOffsetHours: num(d.utcOffsetHours, {
      unit: "hours",
      description: "time zone, for the diurnal demand cycle",
      minimum: -12,
      maximum: 14,
    }),
    latencyMs: Type.Object(latency),
  });
}

/**
 * The `regions` section of `networkSchema`. One object per region, with the scenario's defaults.
 */
export function regionsSection(defaults: Record<string, RegionDefaults>) {
  return recordOf(defaults, regionSchema);
}
