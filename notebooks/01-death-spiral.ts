// %% [markdown]
// # 1. Death-spiral stress test: crash depth × emission policy
//
// **Question.** When the token market crashes, does a DePIN GPU network fall into a
// *death spiral* (price down → providers' token income no longer covers their power
// bills → providers leave → jobs are dropped and clients churn → less is burned →
// price down again)? How likely is that, how deep and how long, as a function of
// the crash's depth, and **which emission policy resists best**?
//
// **Set-up.** The bundled scenario `crash-death-spiral` (`scenarios/crash-death-spiral.ts`):
// the baseline network (3,000 GPU providers, burn-and-mint, providers paid only in
// tokens with thin margins, impatient exits, quality churn on), with a market crash
// from day 30 that takes a week. Each run lasts 120 days (hourly steps). We sweep
// the crash depth (`shocks.crashDrop`) against four emission set-ups:
//
// | set-up | parameters |
// | --- | --- |
// | **fixed** | 27,600 tokens minted per daily epoch, whatever happens |
// | **fixed + net emissions** | the same, plus the burn re-minted (HIP-20-style net emissions, smoothed: 1/7 of each epoch's burn into a running target), but with no cap (the parameter's default), so all of the burn comes back |
// | **burn-pegged** | mint = the mean burn of the last 7 epochs (a generic policy; its 0.5×–3× band does not bind at peg ratio 1) |
// | **USD credits (AEP-76)** | tenants buy USD credits with tokens moved into a vault; providers are paid the credits' USD value in tokens at the current price (from the vault first, newly minted for the rest); a circuit breaker halts credit mints when the vault is short; emissions cut tenfold |
//
// A run's *death spiral* is what `engine/metrics/deathSpiral.ts` detects: two or more
// of its legs (price ≥ 30% under its 30-day peak, active providers ≥ 10% under theirs, weekly
// served jobs ≥ 15% under theirs), one of them the provider exodus, active together for at
// least a week. It ends when price,
// providers and served jobs are all back to at least 80% of their pre-spiral peaks (and within
// the legs' thresholds) for two days, or with the run. Each (depth, set-up) point is
// a batch of seeded Monte Carlo runs (`runSweep`, engine/sweep/runner.ts) on this
// machine's cores.
//
// **Size.** Default: 4 crash depths × 4 set-ups × 40 runs, then the same runs with the
// detector's provider-leg rule off (about two minutes on 2 cores).
// `TOKENSIM_FULL=1`: 9 depths (no crash, then −10% to −80%) × 4 set-ups × 200 runs.

// %%
import { FULL, size } from "./lib/config.ts";
import { fmt, Plot, pct, plot, show, Table } from "./lib/display.ts";
import { type Run, type SweepResult, steps, sweep } from "./lib/sweep.ts";

const DEPTHS = size([0.1, 0.3, 0.5, 0.7], [0, 0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8]);
const RUNS = size(40, 200);
const DAYS = 120;
// The four set-ups walk together (--zip) and are crossed with the crash depths (--grid).
const SETUPS = ["fixed", "fixed + net emissions", "burn-pegged", "USD credits (AEP-76)"];
const ZIP = [
  "emission.policy=fixed,fixed,burnPegged,fixed",
  "emission.netEmissions.enabled=false,true,false,false",
  "credits.enabled=false,false,false,true",
  "emission.tokensPerEpoch=27600,27600,27600,2760",
];
const res = await sweep("01-death-spiral", {
  scenario: "crash-death-spiral",
  runs: RUNS,
  seed: 2026,
  sets: [`sim.steps=${DAYS * 24}`],
  grid: [`shocks.crashDrop=${DEPTHS.join(",")}`],
  zip: ZIP,
  recordEvery: 24, // one row per day in the per-step files
});
const setupOf = (r: { params: Record<string, string> }): string => {
  const p = r.params;
  if (p["credits.enabled"] === "true") return SETUPS[3]!;
  if (p["emission.policy"] === "burnPegged") return SETUPS[2]!;
  return p["emission.netEmissions.enabled"] === "true" ? SETUPS[1]! : SETUPS[0]!;
};
const depthOf = (r: Run): number => Number(r.params["shocks.crashDrop"]);
await show(
  `${res.runs.length} runs (${res.outcome.manifest.points.length} points × ${RUNS} runs, ${DAYS} days each${FULL ? ", full size" : ""}) in ${res.seconds.toFixed(0)} s; tables in \`results/notebooks/01-death-spiral/\` (runs.arrow, sweep.arrow).`,
);

// %% [markdown]
// ## Probability of a death spiral
//
// The share of runs with at least one confirmed spiral, for each crash depth and set-up.

// %%
interface Cell {
  setup: string;
  depth: number;
  runs: Run[];
  p: number;
  depthPct: number;
  days: number;
  providerLossPct: number;
  recovered: number;
  legs: string;
}
// A spiral runs from its start (two or more legs together) up to the first step of the recovery
// that ended it (endStep), or to the end of the run when it never recovered (endStep null).
const spiralDays = (r: Run): number =>
  r.spirals.reduce((n, e) => n + ((e.endStep ?? DAYS * 24) - e.startStep), 0) / 24;
const LEG_NAMES: Record<string, string> = {
  priceDrawdown: "price",
  providerExodus: "providers",
  demandChurn: "demand",
};
// The leg combinations of the spiralling runs' first spirals, most frequent first: "price+providers ×7".
const legSummary = (runs: Run[]): string => {
  const n = new Map<string, number>();
  for (const r of runs) {
    const k = r.spirals[0]!.legs.map((l) => LEG_NAMES[l]).join("+");
    n.set(k, (n.get(k) ?? 0) + 1);
  }
  return (
    [...n]
      .sort((a, b) => b[1] - a[1])
      .map(([k, c]) => `${k} ×${c}`)
      .join(", ") || "–"
  );
};
const median = (xs: number[]): number => {
  if (xs.length === 0) return Number.NaN;
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
};
const cells: Cell[] = [];
for (const setup of SETUPS)
  for (const depth of DEPTHS) {
    const runs = res.runs.filter((r) => setupOf(r) === setup && depthOf(r) === depth);
    const sp = runs.filter((r) => r.spirals.length > 0);
    cells.push({
      setup,
      depth,
      runs,
      p: sp.length / runs.length,
      // medians over the runs that spiralled
      depthPct: median(sp.map((r) => Math.max(...r.spirals.map((e) => e.maxPriceDrawdownPct)))),
      days: median(sp.map(spiralDays)),
      providerLossPct: median(
        sp.map((r) => Math.max(...r.spirals.map((e) => e.maxProviderLossPct))),
      ),
      legs: legSummary(sp),
      recovered:
        sp.length === 0
          ? Number.NaN
          : sp.filter((r) => r.spirals.every((e) => e.endedBy === "recovery")).length / sp.length,
    });
  }
await show(
  plot(
    {
      title: "P(death spiral) by crash depth and emission set-up",
      subtitle: `${RUNS} Monte Carlo runs per cell, ${DAYS}-day runs, crash from day 30`,
      width: 720,
      height: 60 + 44 * SETUPS.length,
      marginLeft: 150,
      x: { label: "market crash depth", tickFormat: (d: number) => `−${Math.round(d * 100)}%` },
      y: { label: null, domain: SETUPS },
      color: { type: "linear", domain: [0, 1], scheme: "reds" },
      marks: [
        Plot.cell(cells, { x: "depth", y: "setup", fill: "p", inset: 1 }),
        Plot.text(cells, {
          x: "depth",
          y: "setup",
          text: (d: Cell) => pct(d.p),
          fill: (d: Cell) => (d.p > 0.55 ? "white" : "black"),
          fontSize: 13,
        }),
      ],
    },
    "heatmap of P(death spiral)",
  ),
);

// %% [markdown]
// ## Depth and duration of the spirals
//
// For the runs that did spiral: how far the price fell under its pre-spiral peak and how
// many days the network spent spiralling (an unrecovered spiral counts to the end of
// the run). Each dot is one run; the tick is the median.

// %%
const spiralRuns = res.runs
  .filter((r) => r.spirals.length > 0)
  .map((r) => ({
    setup: setupOf(r),
    depth: `crash −${Math.round(depthOf(r) * 100)}%`,
    pricePct: Math.max(...r.spirals.map((e) => e.maxPriceDrawdownPct)),
    providerPct: Math.max(...r.spirals.map((e) => e.maxProviderLossPct)),
    days: spiralDays(r),
  }));
const facetDomain = DEPTHS.map((d) => `crash −${Math.round(d * 100)}%`);
const dots = (y: "providerPct" | "days", label: string) =>
  plot(
    {
      width: 760,
      height: 120 + 36 * SETUPS.length,
      marginLeft: 150,
      fx: { domain: facetDomain, label: null },
      y: { domain: SETUPS, label: null },
      x: { label, grid: true, ticks: 3, nice: true },
      color: { domain: SETUPS, legend: true },
      marks: [
        Plot.frame({ stroke: "#ddd" }),
        Plot.dot(spiralRuns, { fx: "depth", y: "setup", x: y, stroke: "setup", dy: 0, r: 3 }),
        Plot.tickX(
          spiralRuns,
          Plot.groupY(
            { x: "median" },
            { fx: "depth", y: "setup", x: y, stroke: "black", strokeWidth: 2 },
          ),
        ),
      ],
    },
    label,
  );
await show(
  dots("providerPct", "spiral depth: providers lost under the pre-spiral peak (%)"),
  dots("days", "days spent in a death spiral"),
);

// %% [markdown]
// ## What a spiral looks like: the −70% crash, day by day
//
// Median (line) and 10th–90th percentile band (area) over the runs of active providers
// and token price, relative to day 0, for the deepest crash in the sweep.

// %%
const deepest = Math.max(...DEPTHS);
const paths: {
  setup: string;
  day: number;
  metric: string;
  p10: number;
  p50: number;
  p90: number;
}[] = [];
const quantile = (xs: number[], q: number): number => {
  const s = [...xs].sort((a, b) => a - b);
  const i = (s.length - 1) * q;
  const lo = Math.floor(i);
  return s[lo]! + (s[Math.min(lo + 1, s.length - 1)]! - s[lo]!) * (i - lo);
};
for (const setup of SETUPS) {
  const runs = res.runs.filter((r) => setupOf(r) === setup && depthOf(r) === deepest);
  const cols = runs.map((r) => steps(res, r.point, r.run, ["providersActive", "priceUsd"]));
  const n = cols[0]!.providersActive!.length;
  for (const [metric, col, base] of [
    ["active providers", "providersActive", (r: Run) => r.h.providersStart],
    ["token price", "priceUsd", (r: Run) => r.h.priceStartUsd],
  ] as const)
    for (let d = 0; d < n; d++) {
      const xs = cols.map((c, i) => c[col]![d]! / base(runs[i]!));
      paths.push({
        setup,
        day: d + 1,
        metric,
        p10: quantile(xs, 0.1),
        p50: quantile(xs, 0.5),
        p90: quantile(xs, 0.9),
      });
    }
}
await show(
  plot(
    {
      width: 760,
      height: 540,
      marginLeft: 50,
      fy: { label: null, axis: null, domain: ["active providers", "token price"] },
      y: {
        label: "relative to day 0",
        grid: true,
        type: "log",
        tickFormat: (d: number) => `${d}×`,
      },
      x: { label: "day" },
      color: { domain: SETUPS, legend: true },
      marks: [
        Plot.ruleX([30], { stroke: "#999", strokeDasharray: "3,3" }),
        Plot.areaY(paths, {
          fy: "metric",
          x: "day",
          y1: "p10",
          y2: "p90",
          fill: "setup",
          fillOpacity: 0.12,
        }),
        Plot.lineY(paths, { fy: "metric", x: "day", y: "p50", stroke: "setup", strokeWidth: 2 }),
        Plot.text(["active providers", "token price"], {
          fy: (d: string) => d,
          text: (d: string) => d,
          frameAnchor: "top-right",
          dy: 4,
          dx: -4,
          fontSize: 13,
          fontWeight: 600,
        }),
        Plot.text(["crash starts"], {
          x: 30,
          frameAnchor: "bottom",
          fy: () => "token price",
          dx: 4,
          dy: -4,
          textAnchor: "start",
          fill: "#777",
          text: (d: string) => d,
        }),
      ],
    },
    `median paths after a −${Math.round(deepest * 100)}% crash`,
  ),
);

// %% [markdown]
// ## The numbers

// %%
await show(
  new Table(
    [
      "set-up",
      "crash",
      "P(spiral)",
      "median price fall in spiral",
      "median providers lost (runs that spiralled)",
      "median days spiralling",
      "recovered by day 120",
      "legs (runs)",
    ],
    cells.map((c) => [
      c.setup,
      `−${Math.round(c.depth * 100)}%`,
      pct(c.p),
      Number.isNaN(c.depthPct) ? "–" : `${fmt(c.depthPct, 2)}%`,
      Number.isNaN(c.providerLossPct) ? "–" : `${fmt(c.providerLossPct, 2)}%`,
      Number.isNaN(c.days) ? "–" : fmt(c.days, 2),
      Number.isNaN(c.recovered) ? "–" : pct(c.recovered),
      c.legs,
    ]),
  ),
);

// %%
// Which set-up resists best? Rank by what the crash costs the network: the mean share of providers
// lost in a spiral (runs without one lose 0), then the days spent spiralling, then (for set-ups that
// never spiral) the share of providers still active on day 120 after the deepest crash. Supply
// change and the day-120 price show what the emission does to the token.
const ranking = SETUPS.map((setup) => {
  const runs = res.runs.filter((r) => setupOf(r) === setup);
  const deep = runs.filter((r) => depthOf(r) === deepest);
  const loss = (r: Run) => Math.max(0, ...r.spirals.map((e) => e.maxProviderLossPct));
  return {
    setup,
    p: runs.filter((r) => r.spirals.length > 0).length / runs.length,
    loss: runs.reduce((s, r) => s + loss(r), 0) / runs.length,
    lossDeep: median(deep.map(loss)),
    days: runs.reduce((s, r) => s + spiralDays(r), 0) / runs.length,
    activeEnd: median(deep.map((r) => r.h.providersActiveEnd / r.h.providersStart)),
    priceEnd: median(deep.map((r) => r.h.priceEndUsd / r.h.priceStartUsd)),
    supplyDeep: median(deep.map((r) => r.h.supplyChangePct)),
    mintedDeep: median(deep.map((r) => r.h.mintedTokens)),
    burnedDeep: median(deep.map((r) => r.h.burnedTokens)),
  };
}).sort((a, b) => a.loss - b.loss || a.days - b.days || b.activeEnd - a.activeEnd);
await show(
  ranking
    .map(
      (r, i) =>
        `${i + 1}. **${r.setup}**: P(spiral) ${pct(r.p)} over all depths; mean providers lost per run (0 without a spiral) ${fmt(r.loss, 2)}% (median ${fmt(r.lossDeep, 2)}% at −${Math.round(deepest * 100)}%); ${fmt(r.days, 2)} days spiralling per run on average; after the −${Math.round(deepest * 100)}% crash a median ${pct(r.activeEnd)} of the providers are still active on day ${DAYS}, the price is ${fmt(r.priceEnd, 2)}× its day-0 level, and over the run ${fmt(r.mintedDeep)} tokens were minted against ${fmt(r.burnedDeep)} burned (supply ${r.supplyDeep > 0 ? "+" : ""}${fmt(r.supplyDeep, 2)}%)`,
    )
    .join("\n"),
);

// %% [markdown]
// ## What the provider-leg rule leaves out
//
// Since 0.2.0 a spiral needs the provider-exodus leg among its legs
// (`spiral.requireProviderLeg`, on by default): every feedback loop of the model runs through
// the providers, so a price fall and a fall in served jobs with the providers staying are two
// things happening at once, not a loop. The detector only watches the runs, so the same sweep
// with the rule off (same points, same seeds) gives the same runs, classified as before the rule.
// Below, for each cell: how often a spiral is found with and without the rule, and, for the
// runs only the rule-free detector flags, which legs it saw, how many providers those runs
// lost and how much of their clients' demand was left at its lowest (quality churn: clients
// leave after dropped or late jobs), against the runs neither detector flags.

// %%
const ruleOff = await sweep("01-death-spiral-rule-off", {
  scenario: "crash-death-spiral",
  runs: RUNS,
  seed: 2026,
  sets: [`sim.steps=${DAYS * 24}`, "spiral.requireProviderLeg=false"],
  grid: [`shocks.crashDrop=${DEPTHS.join(",")}`],
  zip: ZIP,
  recordEvery: 24,
});
const twin = (r: Run): Run => res.runs.find((x) => x.point === r.point && x.run === r.run)!;
const sameRuns = ruleOff.runs.every((r) => {
  const t = twin(r);
  return (
    t.seed === r.seed &&
    t.h.priceEndUsd === r.h.priceEndUsd &&
    t.h.providersActiveEnd === r.h.providersActiveEnd &&
    t.h.burnedTokens === r.h.burnedTokens
  );
});
const minQuality = (s: SweepResult, r: Run): number =>
  Math.min(...steps(s, r.point, r.run, ["demandQuality"]).demandQuality!);
const lossOf = (r: Run) => Math.max(0, ...r.spirals.map((e) => e.maxProviderLossPct));
const ruleRows: (string | number)[][] = [];
let offOnly: Run[] = [];
let flaggedByNeither: Run[] = [];
for (const setup of SETUPS)
  for (const depth of DEPTHS) {
    const on = cells.find((c) => c.setup === setup && c.depth === depth)!;
    const off = ruleOff.runs.filter((r) => setupOf(r) === setup && depthOf(r) === depth);
    const extra = off.filter((r) => r.spirals.length > 0 && twin(r).spirals.length === 0);
    const neither = off.filter((r) => r.spirals.length === 0);
    offOnly = offOnly.concat(extra);
    flaggedByNeither = flaggedByNeither.concat(neither);
    ruleRows.push([
      setup,
      `−${Math.round(depth * 100)}%`,
      pct(on.p),
      pct(off.filter((r) => r.spirals.length > 0).length / off.length),
      extra.length,
      legSummary(extra),
      extra.length ? `${fmt(median(extra.map(lossOf)), 2)}%` : "–",
      extra.length ? pct(median(extra.map((r) => minQuality(ruleOff, r))), 0) : "–",
      neither.length ? pct(median(neither.map((r) => minQuality(ruleOff, r))), 0) : "–",
    ]);
  }
await show(
  new Table(
    [
      "set-up",
      "crash",
      "P(spiral), rule on",
      "P(spiral), rule off",
      "runs flagged only with the rule off",
      "their legs",
      "their median providers lost",
      "their median lowest demand quality",
      "median lowest demand quality, runs neither flags",
    ],
    ruleRows,
  ),
  `${ruleOff.runs.length} runs with the rule off in ${ruleOff.seconds.toFixed(0)} s; ${sameRuns ? "every run ended at the same price, provider count and burn as its twin with the rule on (the detector does not act on the run)" : "**some runs differ from their twins with the rule on**"}. Over all cells: ${offOnly.length} runs are flagged only with the rule off, losing at most ${fmt(Math.max(0, ...offOnly.map(lossOf)), 2)}% of their providers (median ${fmt(median(offOnly.map(lossOf)), 2)}%), with a median lowest demand quality of ${pct(median(offOnly.map((r) => minQuality(ruleOff, r))), 0)} against ${pct(median(flaggedByNeither.map((r) => minQuality(ruleOff, r))), 0)} in the ${flaggedByNeither.length} runs neither flags. Demand quality is the share of the clients' demand still there after quality churn (1 = none lost), read once a day.`,
);

// %% [markdown]
// ## What the numbers say
//
// *(The default run committed here: seed 2026, 40 runs per cell, 120-day runs; the runs with
// the provider-leg rule off are the same runs, classified without it.)*
//
// - **Only the fixed emission spirals, and only after a deep crash.** After −10% or −30% no
//   set-up spirals. At −50% 13% of the fixed-emission runs do (a median 11% of their providers
//   lost), at −70% all of them: the price falls a median 71% under its pre-spiral peak, a median
//   28% of the providers leave (mean over all depths 7.5% per run, 23 days spiralling per run),
//   and a median 73% are still active on day 120. Half of those −70% spirals also have the demand
//   leg (price+providers+demand ×20, price+providers ×20). Providers are paid a fixed number of
//   tokens, so the crash cuts their USD income by as much as the price fell, and those with thin
//   margins leave. No spiral ended within the run (0% recovered at −50% and −70%): the "days
//   spiralling" (a median 73 and 82) run from the spiral's start to day 120.
// - **The three other set-ups never spiral, at any depth; they differ in what the token pays
//   for it.** After −70% a median 98% (burn-pegged), 108% (USD credits) and 111% (net
//   emissions) of the starting providers are active on day 120, against 73% for the fixed
//   emission, while the price ends at 0.36×, 0.32× and 0.21× its day-0 level, against 0.52×.
// - **Burn-pegged emission protects the providers, not the token.** The mint follows the burn,
//   and the burn is bought in USD, so when the price falls the mint rises in tokens and
//   providers' USD income holds. But re-minting what the burn removes (6,536,276 tokens minted
//   against 6,676,838 burned at −70%, supply −0.13%) switches off burn-and-mint's restoring
//   force: the price stays near the crash low. Under the fixed emission the burn outweighs the
//   mint after the crash (3,312,000 minted against 6,182,123 burned, supply −2.9%) and buys the
//   price back up to 0.52×.
// - **Net emissions without a cap protect the providers by paying them far more.** Re-minting the
//   whole smoothed burn on top of the fixed emission mints 12,097,296 tokens over the run at −70%
//   (against 9,457,841 burned; supply +2.6%), so the network grows through the crash (111% of its
//   providers on day 120), and the token pays for it with the lowest day-120 price of the four
//   (0.21×). HIP-20 caps the re-mint at a fixed amount a day; this set-up, at the parameter's
//   default, has no cap.
// - **USD credits (AEP-76) take the providers out of the token's fate.** Their pay is set in USD,
//   and only its conversion into tokens follows the price: 108% of the providers are active on
//   day 120 after −70%, with the token at 0.32× day 0 (570,231 tokens minted against 1,800 burned:
//   the tenants' tokens go into the credits vault, not into the burn).
// - **What the provider-leg rule changed: it drops the price-and-demand coincidences.** Classified
//   without it (as before the rule), the same runs spiral in 18–30% of the cases at −30%, 38–55% at
//   −50% and 48–60% of the non-fixed set-ups at −70%; all 169 of the runs only that classification
//   flags run on the price and demand legs alone and lose a median 0.23% of their providers. Their
//   clients' demand fell lower (a median lowest demand quality of 57%, against 66% in the runs
//   neither classification flags), but quality churn (clients leaving after dropped jobs) is
//   everywhere in this scenario: even the runs without any spiral lose 23–42% of their demand at
//   some point (a median lowest quality of 58–77% per cell). A crash that happens to overlap that
//   churn is not a loop through the providers, and no longer counts. The rule's line is sharp,
//   though: the 17 fixed-emission runs at −50% it drops lost a median 7.9% of their providers, and
//   none of the 169 lost more than 9.6%, just short of the 10% that makes the provider leg.
