// %% [markdown]
// # 6. The crash network's breaking point per emission policy, and its spiral probability under realistic volatility
//
// **Questions.** An investor stress-testing the crash network asks two things (issue 20):
// **(a) what is the smallest market crash that tips it into a death spiral with probability at
// least p, under each emission policy?** and **(b) how likely is a spiral with no scheduled crash
// at all, when the token only moves as much as real DePIN tokens did?**, a probability plain
// Monte Carlo may never see.
//
// **(a) Set-up.** `runStress` (engine/stress, what `tokensim stress` runs; docs/stress.md)
// searches the crash depth `shocks.crashDrop` (0.1–0.95) for the cheapest crash, by its cost in
// USD (the tokens one sale must hold to move the initial AMM down by that depth), with
// P(spiral) ≥ p = 0.5, confirmed on fresh seeds. The crash starts on day 10 and takes a week (both
// fixed, so the search is over depth alone); 60-day runs, on the network scaled down 1:10 as in
// study 8 (300 providers, 270 GPU-hours an hour of demand, 2,760 tokens an epoch, 0.5M USD of AMM
// depth, entry cap 1 an epoch). Three emission set-ups, as in study 1: **fixed** emission,
// **fixed + net emissions** (the burn re-minted, HIP-20 style) and **burn-pegged** (mint = the
// 7-epoch mean burn).
//
// **(b) Set-up.** The token's realised daily volatility from `scenarios/data/history/`:
// HNT's daily prices (CoinGecko, mirrored by 1kx, source `K1X_HNT_PRICE`) and Render's monthly
// ones (`K1X_RENDER_MONTHLY`, the only Render price series there), scaled to an hour by √t
// (assumption: independent returns). With that volatility per step, the crash network runs with
// an external market whose reference price is a random walk (`market.externalMarket`), **no
// scheduled crash**, in the rare-event validation setting of docs/rare.md (100 providers, 30-day
// runs, every provider drawn alike: AMS cannot split the initial network, so its variance would
// otherwise be that of the genesis draw, docs/rare.md "Limits"). P(spiral) by adaptive multilevel
// splitting (`estimateScenarioRare`, engine/rare; what `tokensim rare` runs), with its interval and
// the simulations spent, next to plain Monte Carlo where affordable.
//
// **Size (what the default run cuts).** (a) a search budget of 40 runs per set-up (4 to 8 runs
// per candidate), 16 runs per finalist on fresh seeds, 2 spiralled runs per finalist re-run for
// the first leg; (b) 6 replicas of 30 particles (docs/rare.md: n ≥ 50 and M ≥ 10 covered the truth
// in its tests, n = 20 did not always: at 30 the interval is indicative), 3,000 runs at most per
// estimate, and 600 Monte Carlo runs at HNT's volatility only. About 45 s of CPU time; under 90 s on
// 2 idle cores. `TOKENSIM_FULL=1`: budgets of 300 runs per search, 64 final runs, 10 replicas of
// 100 particles and 4,000 Monte Carlo runs.

// %%
import { rmSync } from "node:fs";
import { join } from "node:path";
import { parseHTML } from "linkedom";
import { rareChartSet } from "../dashboard/charts/rareCharts.ts";
import { readRareView } from "../dashboard/data/rareView.ts";
import { svgText } from "../dashboard/report/svgText.ts";
import { wilsonInterval } from "../engine/check/intervals.ts";
import { writeRare } from "../engine/rare/output.ts";
import { runRare } from "../engine/rare/scenarioRare.ts";
import { runStress, type StressResult } from "../engine/stress/stress.ts";
import { FULL, ROOT, resultsDir, size, WORKERS } from "./lib/config.ts";
import { fmt, Plot, pct, plot, Svg, show, Table } from "./lib/display.ts";
import { sweep, workerExecutor } from "./lib/sweep.ts";
import { realisedVol } from "./lib/volatility.ts";

const t0 = performance.now();
rmSync(resultsDir("06-breaking-point"), { recursive: true, force: true });
const P = 0.5;
/** The 1:10 scaled crash network of study 8, 60-day runs, the crash on day 10 for a week. */
const SCALED = [
  "sim.steps=1440",
  "providers.initial=300",
  "providers.maxTotal=600",
  "demand.baseGpuHoursPerHour=270",
  "emission.tokensPerEpoch=2760",
  "market.ammUsdDepth=500000",
  "economics.entryMaxPerEpoch=1",
  "shocks.crashStartStep=240",
  "shocks.crashSteps=168",
];
const SETUPS: { name: string; sets: string[] }[] = [
  { name: "fixed", sets: ["emission.policy=fixed"] },
  {
    name: "fixed + net emissions",
    sets: ["emission.policy=fixed", "emission.netEmissions.enabled=true"],
  },
  { name: "burn-pegged", sets: ["emission.policy=burnPegged"] },
];
const stress: { name: string; r: StressResult; seconds: number }[] = [];
const pool = workerExecutor();
try {
  for (const [i, s] of SETUPS.entries()) {
    const ts = performance.now();
    const r = await runStress(
      {
        scenario: "crash-death-spiral",
        target: "spiral",
        p: P,
        shocks: ["crash"],
        ranges: ["shocks.crashDrop=0.1:0.95"],
        sets: [...SCALED, ...s.sets],
        seed: 6,
        budget: size(40, 300),
        runs: size(4, 8),
        maxRuns: size(8, 32),
        finalRuns: size(16, 64),
        legRuns: size(2, 16),
        population: 4,
      },
      {
        out: resultsDir(`06-breaking-point/stress-${i}`),
        executor: pool.executor,
        concurrency: WORKERS,
      },
    );
    if (!r) throw new Error(`the stress search of ${s.name} was interrupted`);
    stress.push({ name: s.name, r, seconds: (performance.now() - ts) / 1000 });
  }
} finally {
  pool.close();
}
const drop = (x: { parameters: Record<string, number> }) => x.parameters["shocks.crashDrop"]!;
const ci = (e: { estimate: number; lower: number; upper: number }) =>
  `${fmt(e.estimate, 2)} [${fmt(e.lower, 2)}, ${fmt(e.upper, 2)}]`;
await show(
  `Three stress searches (${stress.map((s) => `${s.name}: ${s.r.runs.search} search runs, ${s.r.runs.final} on fresh seeds, ${s.seconds.toFixed(0)} s`).join("; ")}) on ${WORKERS} workers${FULL ? ", full size" : ""}; each search's folder (stress.json, history.arrow) in \`results/notebooks/06-breaking-point/stress-<i>/\` (\`tokensim plot\` draws it).`,
  new Table(
    [
      "emission set-up",
      `breaking point: crash depth (P(spiral) ≥ ${P} on fresh seeds)`,
      "its cost (USD)",
      "P(spiral) [95% CI], fresh seeds",
      "first leg",
      "search's cheapest at p (own runs, unconfirmed)",
    ],
    stress.map(({ name, r }) => {
      const bp = r.breakingPoint;
      return [
        name,
        bp ? `−${pct(drop(bp))}` : "none confirmed",
        bp ? fmt(bp.cost.totalUsd) : "–",
        bp ? `${ci(bp.pSpiral)} (${bp.spirals} of ${bp.runs})` : "–",
        bp?.firstLeg.mostly ?? "–",
        r.searchCheapest
          ? `−${pct(drop(r.searchCheapest))}, ${fmt(r.searchCheapest.costUsd)} USD`
          : "none",
      ];
    }),
  ),
);

// %% [markdown]
// ## The frontier: crash cost against P(spiral), per set-up
//
// Each search's frontier (the evaluated crashes no cheaper crash beats on P(spiral), on the
// search's own runs, Wilson 95% intervals), and the finalists re-run on fresh seeds (diamonds).

// %%
const frontierRows = stress.flatMap(({ name, r }) =>
  r.frontier.map((f) => ({
    setup: name,
    cost: f.costUsd,
    depth: drop(f),
    p: f.pSpiral.estimate,
    lo: f.pSpiral.lower,
    hi: f.pSpiral.upper,
  })),
);
const finalRows = stress.flatMap(({ name, r }) =>
  r.minimal.map((m) => ({ setup: name, cost: m.cost.totalUsd, p: m.pSpiral.estimate })),
);
await show(
  plot(
    {
      title: "Stress frontier per emission set-up",
      subtitle: `crash (day 10, one week) cost against P(death spiral); dashed: p = ${P}`,
      width: 720,
      height: 340,
      marginLeft: 56,
      x: { label: "crash cost (USD, at the initial AMM)", grid: true },
      y: { label: "P(death spiral)", domain: [0, 1], grid: true, tickFormat: "%" },
      color: { legend: true, domain: SETUPS.map((s) => s.name) },
      marks: [
        Plot.ruleY([P], { strokeDasharray: "5,3" }),
        Plot.line(frontierRows, { x: "cost", y: "p", stroke: "setup", curve: "step-after" }),
        Plot.ruleX(frontierRows, { x: "cost", y1: "lo", y2: "hi", stroke: "setup" }),
        Plot.dot(frontierRows, { x: "cost", y: "p", fill: "setup", r: 3 }),
        Plot.dot(finalRows, { x: "cost", y: "p", stroke: "setup", symbol: "diamond", r: 6 }),
      ],
    },
    "stress frontier per emission set-up",
  ),
  new Table(
    ["emission set-up", "frontier: crash depth → cost (USD) → P(spiral) [95% CI] (runs)"],
    stress.map(({ name, r }) => [
      name,
      r.frontier
        .map((f) => `−${pct(drop(f))} → ${fmt(f.costUsd)} → ${ci(f.pSpiral)} (${f.runs})`)
        .join("; "),
    ]),
  ),
);

// %%
const fixedBp = stress[0]!.r.breakingPoint;
const verdicts = stress.slice(1).map(({ name, r }) => {
  const bp = r.breakingPoint;
  if (!fixedBp) return `${name}: no comparison (fixed emission has no confirmed breaking point)`;
  if (!bp) {
    const depths = r.minimal.map(drop);
    const best = [...r.minimal].sort((a, b) => b.pSpiral.estimate - a.pSpiral.estimate)[0];
    return `${name}: none of its finalists (crashes of −${pct(Math.min(...depths))} to −${pct(Math.max(...depths))}) spiralled ${pct(P)} of the time on fresh seeds${best ? ` (the most: −${pct(drop(best))}, P(spiral) ${ci(best.pSpiral)})` : ""}, against −${pct(drop(fixedBp))} for fixed emission: its breaking point, if any within −95%, lies deeper than the search confirmed`;
  }
  return `${name}: breaking point −${pct(drop(bp))} (${fmt(bp.cost.totalUsd)} USD), ${fmt(bp.cost.totalUsd / fixedBp.cost.totalUsd, 2)}× the fixed emission's crash cost`;
});
await show(
  `**What the searches say** (p = ${P}, ${size("small budgets: a breaking point is a crash confirmed on 16 fresh runs, its depth is the search's best guess, not an optimum", "full size")}): fixed emission ${fixedBp ? `breaks at a −${pct(drop(fixedBp))} crash (${fmt(fixedBp.cost.totalUsd)} USD; P(spiral) ${ci(fixedBp.pSpiral)}; started by ${fixedBp.firstLeg.mostly ?? "–"})` : "has no confirmed breaking point"}. ${verdicts.join(". ")}.`,
);

// %% [markdown]
// ## (b) Realistic volatility from the price history
//
// The standard deviation of daily (monthly) log-returns of the two price series, and the
// volatility per hourly step it implies under the √t rule. Render's series is a monthly mean
// (1kx's "$ price" column, averaging method not documented): averaging smooths returns, so its
// figure is a lower bound.

// %%
const HISTORY = join(ROOT, "scenarios/data/history");
const hnt = realisedVol(join(HISTORY, "helium_hnt_price_usd_daily.csv"));
const rndr = realisedVol(join(HISTORY, "render_price_usd_monthly.csv"));
const DAYS_PER_MONTH = 365.25 / 12;
const VOLS = [
  {
    token: "HNT (Helium)",
    file: "helium_hnt_price_usd_daily.csv",
    v: hnt,
    daily: hnt.perInterval,
  },
  {
    token: "RENDER",
    file: "render_price_usd_monthly.csv",
    v: rndr,
    daily: rndr.perInterval / Math.sqrt(DAYS_PER_MONTH),
  },
].map((x) => ({ ...x, perStep: x.daily / Math.sqrt(24) }));
await show(
  new Table(
    [
      "token",
      "series (scenarios/data/history/)",
      "source",
      "period",
      "log-returns",
      "sd per interval",
      "daily",
      "per hourly step",
    ],
    VOLS.map((x) => [
      x.token,
      `\`${x.file}\``,
      `\`${x.v.source}\``,
      `${x.v.from} – ${x.v.to}`,
      x.v.returns,
      fmt(x.v.perInterval, 3),
      pct(x.daily, 1),
      pct(x.perStep, 2),
    ]),
  ),
  `HNT moved ${pct(VOLS[0]!.daily, 1)} a day (${pct(VOLS[0]!.perStep, 2)} an hour), RENDER's monthly means imply at least ${pct(VOLS[1]!.daily, 1)} a day (${pct(VOLS[1]!.perStep, 2)} an hour); the scenario's assumed external volatility is 0.5% an hour (\`market.externalVolPerStep\`, an assumption).`,
);

// %% [markdown]
// ## P(spiral) at those volatilities: multilevel splitting against Monte Carlo
//
// Adaptive multilevel splitting on the `nearness` score (docs/rare.md), each estimate written
// as `tokensim rare` writes it (`results/notebooks/06-breaking-point/rare-<token>/`: rare.json,
// rare.arrow; the dashboard lists it as a study). Monte Carlo at HNT's volatility: a sweep of
// independent runs with the same settings, with a Wilson 95% interval.

// %%
const rareSets = (vol: number) => [
  "sim.steps=720",
  "providers.initial=100",
  "providers.maxTotal=200",
  "demand.baseGpuHoursPerHour=90",
  "emission.tokensPerEpoch=920",
  "providers.exactInitialMix=true",
  "providers.powerPriceSpread=0",
  "economics.exitPatienceCv=0",
  "economics.hurdleRateCv=0",
  "shocks.crashStartStep=-1",
  "market.externalMarket=true",
  `market.externalVolPerStep=${vol.toFixed(5)}`,
];
const PARTICLES = size(30, 100);
const REPLICAS = size(6, 10);
const rare = [];
for (const x of VOLS) {
  const ts = performance.now();
  const { result, iterations } = await runRare({
    scenario: "crash-death-spiral",
    sets: rareSets(x.perStep),
    event: "spiral",
    particles: PARTICLES,
    replicas: REPLICAS,
    budget: { runs: size(3000, 40000) },
    seed: 6,
  });
  const out = resultsDir(`06-breaking-point/rare-${x.token.split(" ")[0]!.toLowerCase()}`);
  writeRare(out, result, iterations);
  rare.push({ ...x, result, out, seconds: (performance.now() - ts) / 1000 });
}
const MC_RUNS = size(600, 4000);
const mc = await sweep("06-breaking-point/mc-hnt", {
  scenario: "crash-death-spiral",
  runs: MC_RUNS,
  seed: 6,
  sets: rareSets(VOLS[0]!.perStep),
  keepSteps: false,
});
const mcSpirals = mc.runs.filter((r) => r.spirals.length > 0).length;
const mcCi = wilsonInterval(mcSpirals, MC_RUNS, 0.95);
const mcP = mcSpirals / MC_RUNS;
const e3 = (v: number) => (v === 0 ? "0" : v.toPrecision(3));
await show(
  new Table(
    [
      "volatility",
      "method",
      "P(spiral) [95% CI]",
      "relative error",
      "runs (steps, replay included)",
      "seconds",
    ],
    [
      ...rare.map((x) => [
        `${x.token}: ${pct(x.perStep, 2)}/h`,
        `AMS, ${x.result.replicas} × ${x.result.particles}${x.result.incomplete ? ` (${x.result.perReplica.filter((q) => q.status === "extinct").length} replica(s) extinct, ${x.result.perReplica.filter((q) => q.status === "budget").length} out of budget)` : ""}`,
        `${e3(x.result.estimate)} [${e3(x.result.lower)}, ${e3(x.result.upper)}]`,
        Number.isFinite(x.result.relativeError) ? fmt(x.result.relativeError, 2) : "–",
        `${x.result.runs.toLocaleString("en-US")} (${x.result.steps.toLocaleString("en-US")})`,
        x.seconds.toFixed(0),
      ]),
      [
        `${VOLS[0]!.token}: ${pct(VOLS[0]!.perStep, 2)}/h`,
        "Monte Carlo",
        `${e3(mcP)} [${e3(mcCi.lower)}, ${e3(mcCi.upper)}] (${mcSpirals} of ${MC_RUNS})`,
        mcSpirals > 0 ? fmt(Math.sqrt((1 - mcP) / (mcP * MC_RUNS)), 2) : "–",
        `${MC_RUNS.toLocaleString("en-US")} (${(MC_RUNS * 720).toLocaleString("en-US")})`,
        mc.seconds.toFixed(0),
      ],
    ],
  ),
);

// %% [markdown]
// The splitting levels and each replica's running estimate, as the dashboard's rare-event page
// and `tokensim plot` draw them (RENDER's volatility).

// %%
const view = readRareView(rare[1]!.out)!;
const doc = parseHTML("<!doctype html><html><body></body></html>").document as unknown as Document;
await show(...rareChartSet(view).map((c) => new Svg(svgText(c.draw({ document: doc })), c.title)));

// %%
const [h, r] = rare as [(typeof rare)[0], (typeof rare)[0]];
const overlap = h.result.lower <= mcCi.upper && mcCi.lower <= h.result.upper;
const mcNeeded = (p: number, re: number) => ((1 - p) / (p * re * re)).toFixed(0);
await show(
  `**What the numbers say.** At HNT's realised volatility (${pct(h.perStep, 2)} an hour), the crash network spirals with no scheduled crash in ${e3(h.result.estimate)} of 30-day runs by splitting [95% CI ${e3(h.result.lower)}, ${e3(h.result.upper)}], ${h.result.runs.toLocaleString("en-US")} runs, against ${e3(mcP)} [${e3(mcCi.lower)}, ${e3(mcCi.upper)}] by Monte Carlo (${MC_RUNS} runs): the intervals ${overlap ? "overlap" : "do not overlap"}. At RENDER's (${pct(r.perStep, 2)} an hour, a lower bound from monthly means), splitting puts it at ${e3(r.result.estimate)} [${e3(r.result.lower)}, ${e3(r.result.upper)}] for ${r.result.runs.toLocaleString("en-US")} runs${r.result.estimate > 0 ? `; Monte Carlo would need about ${Number(mcNeeded(r.result.estimate, Math.max(0.1, r.result.relativeError))).toLocaleString("en-US")} runs for the same relative error (${fmt(Math.max(0.1, r.result.relativeError), 2)})` : ""}${r.result.incomplete ? `; ${r.result.incomplete} of ${r.result.replicas} replicas did not reach a spiral, so the upper end is their bound` : ""}. Total ${((performance.now() - t0) / 1000).toFixed(0)} s.`,
);
