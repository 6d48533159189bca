import { ParameterError } from "../errors.ts";

/** One swept parameter and its values (as typed on the command line). */
export interface Axis {
  key: string;
  values: string[];
}

/** One parameter point of a sweep: its index and the `key=value` overrides it applies. */
export interface SweepPoint {
  index: number;
  /** Parameter values at this point, by dotted key (numbers where they parse). */
  values: Record<string, number | string>;
  /** The same as `--set` assignments. */
  sets: string[];
}

/** Parses `key=v1,v2,v3` into an axis. */
export function parseAxis(flag: string, spec: string): Axis {
  const eq = spec.indexOf("=");
  if (eq <= 0)
    throw new ParameterError(
      `${flag} ${spec}: expected key=v1,v2,... e.g. verification.sampleRate=0.01,0.05`,
    );
  const key = spec.slice(0, eq).trim();
  const values = spec
    .slice(eq + 1)
    .split(",")
    .map((v) => v.trim());
  if (values.length === 1 && values[0] === "")
    throw new ParameterError(`${flag} ${spec}: no values`);
  if (values.includes(""))
    throw new ParameterError(`${flag} ${spec}: an empty value (two commas, or a comma at an end)`);
  return { key, values };
}

const asValue = (raw: string): number | string => {
  const n = Number(raw.replaceAll("_", ""));
  return raw.trim() !== "" && Number.isFinite(n) ? n : raw;
};

/**
 * Expands grid axes (cartesian product) and zip axes (walked together, all the
 * same length, then crossed with the grid) into parameter points. The order is
 * fixed: the first grid axis varies slowest, the zip group fastest. With no
 * axes there is one point with no overrides.
 */
export function expandPoints(grid: readonly Axis[], zip: readonly Axis[]): SweepPoint[] {
  const keys = [...grid, ...zip].map((a) => a.key);
  const dup = keys.find((k, i) => keys.indexOf(k) !== i);
  if (dup) throw new ParameterError(`parameter '${dup}' is swept twice`);
  if (zip.length > 0 && zip.some((a) => a.values.length !== zip[0]!.values.length)) {
    throw new ParameterError(
      `--zip axes must have the same number of values (${zip.map((a) => `${a.key}: ${a.values.length}`).join(", ")})`,
    );
  }
  // Each "dimension" is a list of alternatives, each alternative a list of [key, value].
  const dims: [string, string][][][] = grid.map((a) => a.values.map((v) => [[a.key, v]]));
  if (zip.length > 0)
    dims.push(
      zip[0]!.values.map((_, i) => zip.map((a) => [a.key, a.values[i]!] as [string, string])),
    );
  let combos: [string, string][][] = [[]];
  for (const dim of dims) combos = combos.flatMap((c) => dim.map((alt) => [...c, ...alt]));
  return combos.map((pairs, index) => ({
    index,
    values: Object.fromEntries(pairs.map(([k, v]) => [k, asValue(v)])),
    sets: pairs.map(([k, v]) => `${k}=${v}`),
  }));
}
