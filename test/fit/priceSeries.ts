import { writeFileSync } from "node:fs";
import { join } from "node:path";

/**
 * Writes `<dir>/price.csv`, an observed series for `--target priceUsd=...`: a
 * daily price from 2022-01-01 for `days` days, 1 USD rising by `rise` USD a day
 * (time, value, unit; docs/inputs.md). Returns its path.
 */
export function writeDailyPrices(dir: string, days: number, rise: number): string {
  const path = join(dir, "price.csv");
  const rows = Array.from({ length: days }, (_, d) => {
    const date = new Date(Date.UTC(2022, 0, 1 + d)).toISOString().slice(0, 10);
    return `${date},${(1 + rise * d).toFixed(3)},USD_per_TOKEN`;
  });
  writeFileSync(path, `time,value,unit\n${rows.join("\n")}\n`);
  return path;
}
