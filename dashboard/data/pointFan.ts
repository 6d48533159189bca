import { chartColumns } from "../charts/catalog.ts";
import { type FanTable, fanTable } from "./fan.ts";
import type { PointData } from "./resultStore.ts";

/** The fan table of the charted columns of a point's runs. */
export function pointFan(data: PointData): FanTable {
  const names = new Set<string>();
  for (const s of data.series) for (const n of Object.keys(s.columns)) names.add(n);
  return fanTable(data.series, chartColumns([...names]));
}
