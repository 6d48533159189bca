/**
 * Venue comparison (a script, not a test): the crash-death-spiral scenario
 * (−70% in a week from day 30) under each market venue, over `seeds` runs
 * (root seed 70, run indices 0..seeds−1, as `tokensim check` numbers them):
 * P(death spiral) with its 95% Wilson interval, the median over runs of the
 * main venue's 2% depth at the crash's end and its minimum, and the median
 * maximum drawdown. Prints one line per venue and the `--set` lines that select it.
 *
 *   npx tsx bench/venues.ts [seeds=20] [steps=2880] [key=value ...]
 *
 * Extra `key=value` arguments are `--set` lines applied to every choice (e.g.
 * `shocks.crashDrop=0.5` for a milder crash).
 *
 * The notebook can import {@link compareVenues} and {@link VENUE_CHOICES}.
 */
import { median } from "simple-statistics";
import { runScenario, type ScenarioRun } from "../api/run.ts";
import { wilsonInterval } from "../engine/check/intervals.ts";

/** The venue choices compared, each with the `--set` lines that select it. */
export const VENUE_CHOICES: ReadonlyArray<{ name: string; sets: readonly string[] }> = [
  { name: "constantProduct", sets: [] },
  { name: "orderBook", sets: ["market.venue=orderBook"] },
  { name: "concentrated", sets: ["market.venue=concentrated"] },
  {
    name: "concentrated×10",
    sets: ["market.venue=concentrated", "market.concentratedRangeRatio=10"],
  },
  {
    name: "dex+cexBook",
    sets: ["market.secondVenue=orderBook", "market.secondVenueShare=0.5"],
  },
  {
    name: "constantProduct+lpWithdrawal",
    sets: ["market.lpWithdrawal=true", "market.lpVolThreshold=0.005"],
  },
];

/** One venue's results over the runs. */
export interface VenueComparison {
  readonly name: string;
  readonly sets: readonly string[];
  readonly runs: number;
  readonly spirals: number;
  readonly pSpiral: number;
  readonly pSpiralLower: number;
  readonly pSpiralUpper: number;
  /** Median over runs of the main venue's 2% depth at the crash's end (USD). */
  readonly medianDepthAfterCrashUsd: number;
  /** Median over runs of the minimum 2% depth over the run (USD). */
  readonly medianMinDepthUsd: number;
  /** Median over runs of the maximum price drawdown (%). */
  readonly medianMaxDrawdownPct: number;
}

/** The 2% depth column, or the constant-product pool's from its USD reserve: y·(1/√0.98 − 1). */
function depthColumn(r: ScenarioRun): number[] {
  const depth = r.steps.getChild("marketDepth2pctUsd");
  if (depth) return Array.from(depth.toArray() as Float64Array);
  const y = r.steps.getChild("ammUsdReserve")!.toArray() as Float64Array;
  return Array.from(y, (v) => v * (1 / Math.sqrt(0.98) - 1));
}

/** Runs the crash under each venue choice (`seeds` runs each, `steps` steps). */
export async function compareVenues(
  seeds = 20,
  steps = 2880,
  choices = VENUE_CHOICES,
  common: readonly string[] = [],
): Promise<VenueComparison[]> {
  const crashEnd = 30 * 24 + 168; // the scenario's crash: day 30, 168 steps
  const out: VenueComparison[] = [];
  for (const c of choices) {
    let spirals = 0;
    const after: number[] = [];
    const min: number[] = [];
    const drawdown: number[] = [];
    for (let i = 0; i < seeds; i++) {
      const r = await runScenario("crash-death-spiral", {
        seed: 70,
        runIndex: i,
        steps,
        sets: [...common, ...c.sets],
      });
      if (r.summary.status !== "ok") throw new Error(`${c.name} run ${i}: ${r.summary.status}`);
      if (r.summary.deathSpirals.length > 0) spirals++;
      const d = depthColumn(r);
      after.push(d[Math.min(crashEnd, d.length - 1)]!);
      min.push(Math.min(...d));
      drawdown.push(r.summary.headline.maxDrawdownPct);
    }
    const ci = wilsonInterval(spirals, seeds, 0.95);
    out.push({
      name: c.name,
      sets: c.sets,
      runs: seeds,
      spirals,
      pSpiral: spirals / seeds,
      pSpiralLower: ci.lower,
      pSpiralUpper: ci.upper,
      medianDepthAfterCrashUsd: median(after),
      medianMinDepthUsd: median(min),
      medianMaxDrawdownPct: median(drawdown),
    });
  }
  return out;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const seeds = Number(process.argv[2] ?? 20);
  const steps = Number(process.argv[3] ?? 2880);
  const common = process.argv.slice(4);
  const rows = await compareVenues(seeds, steps, VENUE_CHOICES, common);
  console.log(
    `crash-death-spiral, ${seeds} runs × ${steps} steps, seed 70${common.length ? `, --set ${common.join(" --set ")}` : ""}`,
  );
  for (const r of rows) {
    console.log(
      `${r.name.padEnd(30)} P(spiral) ${r.pSpiral.toFixed(2)} [${r.pSpiralLower.toFixed(2)}, ${r.pSpiralUpper.toFixed(2)}]` +
        `  depth2% after crash ${Math.round(r.medianDepthAfterCrashUsd)} USD, min ${Math.round(r.medianMinDepthUsd)} USD` +
        `  max drawdown ${r.medianMaxDrawdownPct.toFixed(1)}%  --set ${r.sets.join(" --set ") || "(default)"}`,
    );
  }
}
