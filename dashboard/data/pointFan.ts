import { chartColumns } from "../charts/catalog.ts";
import { type FanTable, fanTable } from "./fan.ts";
import type { PointData } from "./resultStore.ts";
import { delayFromParams, observedDelay, type SpiralDelay } from "./spiralDelay.ts";

/**
 * The fan table of the charted columns of a point's runs, with the spiral
 * confirmation delay: from the runs' parameters (`params`, see `pointParams`;
 * else a single run's own), else as the runs recorded it.
 */
export function pointFan(data: PointData, params?: unknown): FanTable {
  const names = new Set<string>();
  for (const s of data.series) for (const n of Object.keys(s.columns)) names.add(n);
  const fan = fanTable(data.series, chartColumns([...names]));
  const delay: SpiralDelay | undefined =
    data.spirals.length === 0
      ? undefined
      : (delayFromParams(params ?? data.params) ?? observedDelay(data.series, data.spirals));
  return delay ? { ...fan, spiralDelay: delay } : fan;
}
