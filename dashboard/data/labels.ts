import type { FanTable } from "./fan.ts";

/** The metric names a fan table holds (`priceUsd` for `priceUsd:p50`...). */
export function fanMetrics(fan: FanTable): string[] {
  return [...new Set(Object.keys(fan.columns).map((c) => c.slice(0, c.lastIndexOf(":"))))];
}

/** A point's parameter values in words (`emission.tokensPerEpoch=27600 verification.sampleRate=0.05`). */
export const pointLabel = (values: Record<string, unknown>): string =>
  Object.entries(values)
    .map(([k, v]) => `${k}=${String(v)}`)
    .join(" ");
