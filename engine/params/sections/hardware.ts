import { Type } from "@sinclair/typebox";
import { num, share } from "../fields.ts";
import { recordOf } from "./record.ts";

/** One hardware class's defaults (see `networkSchema` and `tokensim params` for units). */
export interface HardwareClassDefaults {
  share: number;
  throughput: number;
  loadW: number;
  idleW: number;
  capexUsd: number;
  amortHours: number;
  vramGb: number;
  serviceLatencyMs: number;
}

function hardwareClassSchema(d: HardwareClassDefaults) {
  return Type.Object({
    share: share(d.share, "share of new providers with this class (normalised over classes)"),
    throughput: num(d.throughput, {
      unit: "reference GPU-hours per hour",
      description: "work served per hour at full load, relative to the reference workload",
      exclusiveMinimum: 0,
      maximum: 1000,
    }),
    loadW: num(d.loadW, {
      unit: "W",
      description: "power draw under load",
      minimum: 0,
      maximum: 20000,
    }),
    idleW: num(d.idleW, { unit: "W", description: "power draw idle", minimum: 0, maximum: 20000 }),
    capexUsd: num(d.capexUsd, {
      unit: "USD",
      description: "purchase cost",
      minimum: 0,
      maximum: 1e7,
    }),
    amortHours: num(d.amortHours, {
      unit: "hours",
      description: "amortisation period of the capex",
      exclusiveMinimum: 0,
      maximum: 1e6,
    }),
    vramGb: num(d.vramGb, { unit: "GB", description: "GPU memory", minimum: 0, maximum: 10000 }),
    serviceLatencyMs: num(d.serviceLatencyMs, {
      unit: "ms",
      description: "time to first token for the reference workload at moderate load",
      minimum: 0,
      maximum: 1e6,
    }),
  });
}

/**
 * The `hardware` section of `networkSchema`. One object per hardware class, with the scenario's
 * defaults.
 */
export function hardwareSection(defaults: Record<string, HardwareClassDefaults>) {
  return recordOf(defaults, hardwareClassSchema);
}
