/**
 * One-at-a-time sensitivity of the headline outcomes to the behavioural and market
 * assumptions (docs/assumptions.md): each parameter at half and double its default
 * (or at two stated values when the default is 0), on the crash network
 * (scenarios/crash-death-spiral.ts, 120 days, −70% crash at day 30), `RUNS` runs
 * per level on common seeds. Prints a Markdown table: median end price (USD),
 * P(death spiral), median active providers at the end.
 *
 *   npx tsx scripts/sensitivity.ts            (RUNS=12 by default)
 */
import { MemorySink } from "../engine/metrics/arrow.ts";
import { runSimulation } from "../engine/pipeline/run.ts";
import { loadScenario, resolveParams } from "../engine/scenario.ts";

const RUNS = Number(process.env.RUNS ?? 12);
const BASE = ["sim.steps=2880"];
/** Parameter, and its two test values when its default is 0 (else half and double). */
const PARAMS: [string, number?, number?][] = [
  ["economics.sellShare"],
  ["economics.walletSellShare"],
  ["market.foundationSellShare"],
  ["economics.exitPatienceEpochs"],
  ["economics.exitPatienceCv"],
  ["economics.profitWindowEpochs"],
  ["economics.hurdleRateMean"],
  ["economics.resaleShareNew"],
  ["economics.resaleDecayPerYear"],
  ["economics.entryRoiHurdle"],
  ["economics.entrySensitivity"],
  ["economics.entryMaxPerEpoch"],
  ["market.ammUsdDepth"],
  ["market.noiseTradeShare"],
  ["market.momentumShare", 0.05, 0.1],
  ["staking.minStakeTokens"],
  ["verification.falsePositiveRate"],
  ["demand.jobGpuHours"],
  ["demand.priceElasticity", 0.5, 1],
  ["providers.opexUsdPerHour"],
];

const scenario = await loadScenario("crash-death-spiral");
const defaults = resolveParams(scenario, BASE) as unknown as Record<string, Record<string, number>>;
const get = (path: string) => {
  const [a, b] = path.split(".");
  return defaults[a!]![b!]!;
};

async function outcomes(sets: string[]) {
  const params = resolveParams(scenario, [...BASE, ...sets]);
  const price: number[] = [];
  const providers: number[] = [];
  let spirals = 0;
  for (let r = 0; r < RUNS; r++) {
    const s = await runSimulation({ scenario, params, seed: 2026, runIndex: r }, new MemorySink(), {
      recordEvery: params.sim.steps,
    });
    price.push(s.headline.priceEndUsd);
    providers.push(s.headline.providersActiveEnd);
    if (s.deathSpirals.length > 0) spirals++;
  }
  const median = (xs: number[]) => {
    const v = [...xs].sort((a, b) => a - b);
    return (v[(v.length - 1) >> 1]! + v[v.length >> 1]!) / 2;
  };
  return { price: median(price), pSpiral: spirals / RUNS, providers: median(providers) };
}

const fmt = (o: { price: number; pSpiral: number; providers: number }) =>
  `${o.price.toFixed(3)} · ${o.pSpiral.toFixed(2)} · ${o.providers.toFixed(0)}`;
const base = await outcomes([]);
console.log(`Default (${RUNS} runs): end price · P(spiral) · providers at end = ${fmt(base)}\n`);
console.log("| parameter | default | low | outcomes at low | high | outcomes at high |");
console.log("| --- | --- | --- | --- | --- | --- |");
for (const [path, lo0, hi0] of PARAMS) {
  const d = get(path);
  let lo = lo0 ?? d / 2;
  let hi = hi0 ?? d * 2;
  if (path.endsWith("Share") || path.endsWith("ShareNew") || path.endsWith("PerYear"))
    hi = Math.min(1, hi);
  if (path.endsWith("Epochs")) {
    lo = Math.max(1, Math.round(lo));
    hi = Math.round(hi);
  }
  const a = await outcomes([`${path}=${lo}`]);
  const b = await outcomes([`${path}=${hi}`]);
  console.log(`| \`${path}\` | ${d} | ${lo} | ${fmt(a)} | ${hi} | ${fmt(b)} |`);
}
