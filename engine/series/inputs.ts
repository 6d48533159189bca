import { ScenarioError } from "../errors.ts";
import { scaleRegionPower } from "../mechanisms/shocks.ts";
import type { PhaseFactory } from "../pipeline/phase.ts";
import type { World } from "../state/world.ts";
import { parseTime, readSeries, type Series } from "./read.ts";
import { type ResampleRule, resampleSeries } from "./resample.ts";

/** One input series: its file, the unit the file must state, and how it is resampled. */
export interface SeriesInput {
  /** A CSV, JSON or Arrow file (see `readSeries`); a path or a `file:` URL. */
  readonly file: string | URL;
  /** The unit every row must state, e.g. `USD_per_HNT` (checked, never converted). */
  readonly unit: string;
  /**
   * `hold` (default: the last observation stands until the next) or `linear`.
   * `total` is refused: every input here is a level (a price, a factor), not a
   * total per period.
   */
  readonly rule?: ResampleRule;
  /** Largest gap between observations the run may use (hours; see `resampleSeries`). */
  readonly maxGapHours?: number;
}

/**
 * Inputs a scenario takes from data instead of its formulas, step by step.
 * `start` is the date of step 0; each series is resampled to the run's steps.
 */
export interface SeriesInputs {
  /** The date (ISO 8601, UTC) of step 0, e.g. `"2022-01-01"`. */
  readonly start: string;
  /**
   * The external market's price (USD per token), replayed: it replaces the
   * external price's random walk (needs `market.externalMarket`), and arbitrage
   * pulls the pool toward it as before. Unit `USD` or `USD_per_<token>`.
   */
  readonly externalPriceUsd?: SeriesInput;
  /**
   * A multiplier on client demand (unit `ratio`): on every region's arrivals, or
   * per region by name (`{ "us-east": {...} }`). It multiplies the mean of the
   * Poisson arrivals, with the bursts, trend and quality churn.
   */
  readonly demandFactor?: SeriesInput | Readonly<Record<string, SeriesInput>>;
  /**
   * Electricity prices per region (unit `USD_per_kWh`), by region name: each
   * step's price over the region's `powerUsdPerKwh` scales its providers' power
   * costs and entrants' (composes with a power-price shock).
   */
  readonly powerUsdPerKwh?: Readonly<Record<string, SeriesInput>>;
}

const cache = new Map<string, Series>();

/** Reads a series once per process (runs of a sweep share the file). */
function cachedSeries(file: string | URL): Series {
  const key = String(file);
  let s = cache.get(key);
  if (!s) {
    s = readSeries(file);
    cache.set(key, s);
  }
  return s;
}

/**
 * A phase that sets a scenario's inputs from data at the start of every step
 * (put it first: `phases: [seriesInputs({...}), ...DEFAULT_PHASES]`; the state
 * declarations make the phases that read these inputs refuse to run before it).
 * Files are read and resampled when a run starts; a wrong unit, a region that
 * does not exist, or a series that does not cover the run is an error then.
 */
export function seriesInputs(spec: SeriesInputs): {
  readonly name: string;
  readonly create: PhaseFactory;
} {
  const startMs = parseTime(spec.start, "seriesInputs start");
  return { name: "inputs", create: (w) => inputsPhase(spec, startMs, w) };
}

function inputsPhase(spec: SeriesInputs, startMs: number, w: World) {
  const p = w.params;
  const load = (input: SeriesInput, what: string, unit: RegExp): Float64Array => {
    if (!unit.test(input.unit))
      throw new ScenarioError(
        `seriesInputs ${what}: unit '${input.unit}' does not fit (${unit.source})`,
      );
    if (input.rule === "total")
      throw new ScenarioError(
        `seriesInputs ${what}: rule 'total' spreads period totals over steps, but ${what} is a level; use 'hold' or 'linear'`,
      );
    const s = cachedSeries(input.file);
    if (s.unit !== input.unit)
      throw new ScenarioError(
        `seriesInputs ${what}: ${s.file} is in '${s.unit}', the scenario expects '${input.unit}' (units are checked, not converted)`,
      );
    return resampleSeries(s, {
      startMs,
      stepHours: p.sim.stepHours,
      steps: p.sim.steps,
      rule: input.rule ?? "hold",
      ...(input.maxGapHours !== undefined && { maxGapHours: input.maxGapHours }),
    });
  };
  const region = (name: string, what: string): number => {
    const r = w.regionNames.indexOf(name);
    if (r < 0)
      throw new ScenarioError(
        `seriesInputs ${what}: no region '${name}' (regions: ${w.regionNames.join(", ")})`,
      );
    return r;
  };

  let price: Float64Array | undefined;
  if (spec.externalPriceUsd) {
    if (!p.market.externalMarket)
      throw new ScenarioError(
        "seriesInputs externalPriceUsd: the external market is off (set market.externalMarket=true)",
      );
    price = load(spec.externalPriceUsd, "externalPriceUsd", /^USD(_per_\w+)?$/);
    w.market.externalFromInput = true;
  }
  const demand: (Float64Array | undefined)[] = new Array(w.nRegions).fill(undefined);
  const df = spec.demandFactor;
  if (df && "file" in df) {
    const all = load(df as SeriesInput, "demandFactor", /^ratio$/);
    demand.fill(all);
  } else if (df)
    for (const [name, input] of Object.entries(df))
      demand[region(name, "demandFactor")] = load(input, `demandFactor.${name}`, /^ratio$/);
  const power: { r: number; factor: Float64Array; current: number }[] = [];
  for (const [name, input] of Object.entries(spec.powerUsdPerKwh ?? {})) {
    const r = region(name, "powerUsdPerKwh");
    const usd = load(input, `powerUsdPerKwh.${name}`, /^USD_per_kWh$/);
    const base = p.regions[name]!.powerUsdPerKwh;
    power.push({ r, factor: usd.map((v) => v / base), current: 1 });
  }

  return {
    name: "inputs",
    writes: ["market.externalPrice", "demand.inputFactor", "shocks.powerFactor"],
    run(w: World) {
      const k = w.step;
      if (price) w.market.externalPrice = price[k]!;
      const f = w.demand.inputFactor;
      for (let c = 0; c < f.length; c++) {
        const d = demand[c];
        if (d) f[c] = d[k]!;
      }
      for (const pw of power) {
        const next = pw.factor[k]!;
        if (next === pw.current) continue;
        const ratio = next / pw.current;
        scaleRegionPower(w.roster, pw.r, ratio);
        w.shocks.powerFactor[pw.r]! *= ratio;
        pw.current = next;
      }
    },
  };
}
