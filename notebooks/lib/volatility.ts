import { readFileSync } from "node:fs";
import { sampleStandardDeviation } from "simple-statistics";

/** The realised volatility of a price series: the standard deviation of its log-returns. */
export interface RealisedVol {
  /** First and last dates of the series. */
  from: string;
  to: string;
  /** Log-returns used (consecutive rows with positive prices). */
  returns: number;
  /** Standard deviation of the log-returns, per row interval (a day, a month). */
  perInterval: number;
  /** The `source_id` of the rows (scenarios/data/history/sources.csv). */
  source: string;
}

/**
 * The realised volatility of a `time,value,unit,source_id[,note]` price file of
 * scenarios/data/history/: the sample standard deviation of ln(p[t+1]/p[t])
 * over consecutive rows. Throws on a file with fewer than three prices.
 */
export function realisedVol(path: string): RealisedVol {
  const lines = readFileSync(path, "utf8").trim().split("\n");
  const header = lines[0]!.split(",");
  const [ti, vi, si] = ["time", "value", "source_id"].map((c) => header.indexOf(c));
  if (ti! < 0 || vi! < 0) throw new Error(`${path}: expected time and value columns`);
  const rows = lines.slice(1).map((l) => l.split(","));
  const prices = rows.map((r) => Number(r[vi!]));
  if (prices.length < 3 || prices.some((p) => !(p > 0)))
    throw new Error(`${path}: expected at least three positive prices`);
  const logReturns = prices.slice(1).map((p, i) => Math.log(p / prices[i]!));
  return {
    from: rows[0]![ti!]!,
    to: rows[rows.length - 1]![ti!]!,
    returns: logReturns.length,
    perInterval: sampleStandardDeviation(logReturns),
    source: si! >= 0 ? rows[0]![si!]! : "",
  };
}
