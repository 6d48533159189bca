import { chartColumns } from "../charts/catalog.ts";
import { type FanTable, fanTable } from "./fan.ts";
import type { PointData } from "./resultStore.ts";

/** The fan table of the charted columns of a point's runs. */
export function pointFan(data: PointData): FanTable {
  const names = new Set<string>();
  for (const s of data.series) for (const n of Object.keys(s.columns)) names.add(n);
  return fanTable(data.series, chartColumns([...names]));
}

/** The metric names a fan table holds (`priceUsd` for `priceUsd:p50`...). */
export function fanMetrics(fan: FanTable): string[] {
  return [...new Set(Object.keys(fan.columns).map((c) => c.slice(0, c.lastIndexOf(":"))))];
}

/** A point's parameter values in words (`emission.tokensPerEpoch=27600 verification.sampleRate=0.05`). */
export const pointLabel = (values: Record<string, unknown>): string =>
  Object.entries(values)
    .map(([k, v]) => `${k}=${String(v)}`)
    .join(" ");
