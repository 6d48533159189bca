import { chartStats } from "../charts/catalog.ts";
import { type FanTable, fanColumn, fanTable } from "./fan.ts";
import type { PointData } from "./resultStore.ts";
import { delayFromParams, observedDelay, type SpiralDelay } from "./spiralDelay.ts";

/**
 * The fan table of the charted columns of a point's runs (the statistics each
 * chart draws, see `chartStats`), with the spiral confirmation delay: from the
 * runs' parameters (`params`, see `pointParams`; else a single run's own), else
 * as the runs recorded it.
 */
export function pointFan(data: PointData, params?: unknown): FanTable {
  const names = new Set<string>();
  for (const s of data.series) for (const n of Object.keys(s.columns)) names.add(n);
  const stats = chartStats([...names]);
  const all = fanTable(data.series, [...stats.keys()]);
  const columns: Record<string, Float64Array> = {};
  for (const [column, drawn] of stats)
    for (const stat of drawn) {
      const values = all.columns[fanColumn(column, stat)];
      if (values) columns[fanColumn(column, stat)] = values;
    }
  const fan = { ...all, columns };
  const delay: SpiralDelay | undefined =
    data.spirals.length === 0
      ? undefined
      : (delayFromParams(params ?? data.params) ?? observedDelay(data.series, data.spirals));
  return delay ? { ...fan, spiralDelay: delay } : fan;
}
