// %% [markdown]
// # 2. Emission sweep for a burn-and-mint network: where the burn meets the mint
//
// **Question.** In a burn-and-mint-equilibrium (BME) network, clients pay USD for GPU
// work, the protocol buys tokens with it and burns them, and a fixed emission mints
// rewards to providers every day. How does the emission rate set the network's
// equilibrium: **total supply, token price, and providers' return by hardware class
// and region**? At which emission rate does the burn meet the mint?
//
// **Set-up.** The bundled `baseline` scenario (`scenarios/baseline.ts`): 5,000 GPU
// providers at the start (RTX 3090, RTX 4090, A100, H100) in four regions with their own
// power prices, clients paying 0.45 USD per RTX-4090-hour, 5% protocol fee and 95% of
// the payments bought on the AMM and burned, a fixed emission per daily epoch
// (`emission.tokensPerEpoch`, 46,000 by default), ROI-driven entry and loss-driven exit.
// One year of hourly steps per run. We sweep the emission rate with seeded Monte Carlo
// runs (`runSweep`), then, at a few rates, read every provider's profit at the end of the
// year through an extra pipeline phase (`notebooks/lib/roi.ts`).
//
// (The `render-bme` scenario holds Render's published RNP-006 schedule, and
// `emission-sweep` crosses policies under a crash; this study isolates the rate.)
//
// **Size.** Default: 10 emission rates × 10 runs, 4 of the rates again with the entry cap
// doubled, ROI at 4 rates (about a minute on 2 cores).
// `TOKENSIM_FULL=1`: 19 rates × 50 runs, ROI at 6 rates averaged over 5 seeds.

// %%
import { loadScenario, resolveParams } from "../engine/scenario.ts";
import { FULL, size } from "./lib/config.ts";
import { fmt, Plot, pct, plot, show, Table } from "./lib/display.ts";
import { type RoiCell, roiByClassAndRegion } from "./lib/roi.ts";
import { type Run, type SweepResult, steps, sweep } from "./lib/sweep.ts";

const RATES = size(
  [10000, 15000, 20000, 25000, 30000, 38000, 46000, 60000, 80000, 120000],
  [
    5000, 10000, 12500, 15000, 17500, 20000, 22500, 25000, 27500, 30000, 34000, 38000, 42000, 46000,
    55000, 65000, 80000, 100000, 120000,
  ],
);
const RUNS = size(10, 50);
const DAYS = 365;
const res = await sweep("02-bme-emission-sweep", {
  scenario: "baseline",
  runs: RUNS,
  seed: 46,
  sets: [`sim.steps=${DAYS * 24}`],
  grid: [`emission.tokensPerEpoch=${RATES.join(",")}`],
  recordEvery: 24,
});
const rateOf = (r: Run): number => Number(r.params["emission.tokensPerEpoch"]);
await show(
  `${res.runs.length} year-long runs (${RATES.length} emission rates × ${RUNS} runs${FULL ? ", full size" : ""}) in ${res.seconds.toFixed(0)} s; tables in \`results/notebooks/02-bme-emission-sweep/\`.`,
);

// %% [markdown]
// ## Mint against burn over the year
//
// Tokens minted and burned over the year for each emission rate (one dot per run; the
// line joins the medians). The burn is bought with the clients' USD, so it falls as the
// token price rises; where the two lines cross, supply is flat.

// %%
const median = (xs: number[]): number => {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
};
const quantile = (xs: number[], q: number): number => {
  const s = [...xs].sort((a, b) => a - b);
  const i = (s.length - 1) * q;
  const lo = Math.floor(i);
  return s[lo]! + (s[Math.min(lo + 1, s.length - 1)]! - s[lo]!) * (i - lo);
};
const flows = res.runs.flatMap((r) => [
  { rate: rateOf(r), flow: "minted", tokens: r.h.mintedTokens },
  { rate: rateOf(r), flow: "burned", tokens: r.h.burnedTokens },
]);
const byRate = RATES.map((rate) => {
  const rs = res.runs.filter((r) => rateOf(r) === rate);
  const col = (f: (r: Run) => number) => rs.map(f);
  return {
    rate,
    minted: median(col((r) => r.h.mintedTokens)),
    burned: median(col((r) => r.h.burnedTokens)),
    supplyPct: median(col((r) => r.h.supplyChangePct)),
    price: median(col((r) => r.h.priceEndUsd)),
    priceLo: quantile(
      col((r) => r.h.priceEndUsd),
      0.1,
    ),
    priceHi: quantile(
      col((r) => r.h.priceEndUsd),
      0.9,
    ),
    providers: median(col((r) => r.h.providersActiveEnd)),
    providersLo: quantile(
      col((r) => r.h.providersActiveEnd),
      0.1,
    ),
    providersHi: quantile(
      col((r) => r.h.providersActiveEnd),
      0.9,
    ),
    dropRate: median(col((r) => r.h.dropRate)),
    utilisation: median(col((r) => r.h.meanUtilisation)),
    // What a day's emission is worth at the end-of-year price (USD), and tokens burned per token
    // minted over the last 90 days (from the cumulative columns of the daily rows).
    emissionUsd: median(col((r) => rate * r.h.priceEndUsd)),
    burnPerMint90: median(
      col((r) => {
        const c = steps(res, r.point, r.run, ["cumMintedTokens", "cumBurnedTokens"]);
        const m = c.cumMintedTokens!;
        const b = c.cumBurnedTokens!;
        const n = m.length - 1;
        const k = Math.max(0, n - 90);
        return (b[n]! - b[k]!) / (m[n]! - m[k]!);
      }),
    ),
  };
});
// The emission rate at which median supply change crosses zero (linear interpolation).
// The highest such rate, and what the network looks like there (interpolated the same way).
let crossing = Number.NaN;
let crossingDrop = Number.NaN;
let crossingProviders = Number.NaN;
for (let i = 1; i < byRate.length; i++) {
  const a = byRate[i - 1]!;
  const b = byRate[i]!;
  if (Math.sign(a.supplyPct) !== Math.sign(b.supplyPct)) {
    const t = (0 - a.supplyPct) / (b.supplyPct - a.supplyPct);
    crossing = a.rate + (b.rate - a.rate) * t;
    crossingDrop = a.dropRate + (b.dropRate - a.dropRate) * t;
    crossingProviders = a.providers + (b.providers - a.providers) * t;
  }
}
// The leanest emission that still serves demand: the lowest rate whose median drop rate is under 10%.
const viable = byRate.find((d) => d.dropRate < 0.1);
const eqAnnotation = Number.isNaN(crossing)
  ? []
  : [
      Plot.ruleX([crossing], { stroke: "#444", strokeDasharray: "4,3" }),
      Plot.text([crossing], {
        x: (d: number) => d,
        frameAnchor: "top",
        dx: 6,
        dy: 6,
        textAnchor: "start",
        text: (d: number) =>
          `burn = mint at ≈ ${fmt(d, 2)} tokens/epoch\n(${pct(crossingDrop)} of jobs dropped there)`,
      }),
    ];
await show(
  plot(
    {
      title: "Tokens minted and burned in the year, by emission rate",
      width: 760,
      height: 380,
      marginLeft: 60,
      x: { label: "emission (tokens per daily epoch)", tickFormat: "s" },
      y: { label: "tokens in the year", grid: true, tickFormat: "s" },
      color: { domain: ["minted", "burned"], range: ["#d95f02", "#1b9e77"], legend: true },
      marks: [
        Plot.dot(flows, { x: "rate", y: "tokens", stroke: "flow", r: 2.5, strokeOpacity: 0.6 }),
        Plot.lineY(
          byRate.flatMap((d) => [
            { rate: d.rate, flow: "minted", tokens: d.minted },
            { rate: d.rate, flow: "burned", tokens: d.burned },
          ]),
          { x: "rate", y: "tokens", stroke: "flow", strokeWidth: 2 },
        ),
        ...eqAnnotation,
      ],
    },
    "minted and burned tokens by emission rate",
  ),
  plot(
    {
      title: "Supply change over the year",
      width: 760,
      height: 300,
      marginLeft: 60,
      x: { label: "emission (tokens per daily epoch)", tickFormat: "s" },
      y: { label: "supply change (%)", grid: true },
      marks: [
        Plot.ruleY([0]),
        Plot.dot(res.runs, {
          x: rateOf,
          y: (r: Run) => r.h.supplyChangePct,
          r: 2.5,
          stroke: "#7570b3",
        }),
        Plot.lineY(byRate, { x: "rate", y: "supplyPct", stroke: "#7570b3", strokeWidth: 2 }),
        ...eqAnnotation,
      ],
    },
    "supply change by emission rate",
  ),
);

// %% [markdown]
// ## Price and network size at the end of the year
//
// Median and 10th–90th percentile over the runs. Emission is the providers' token
// income, and they sell it: the more tokens are minted, the lower the price at which the
// clients' USD buys them back to burn.

// %%
const band = (y: "price" | "providers", label: string, color: string) =>
  plot(
    {
      width: 370,
      height: 280,
      marginLeft: 55,
      x: { label: "emission (tokens/epoch)", tickFormat: "s", ticks: 4 },
      y: { label, grid: true, zero: y === "providers" },
      marks: [
        Plot.areaY(byRate, {
          x: "rate",
          y1: `${y}Lo`,
          y2: `${y}Hi`,
          fill: color,
          fillOpacity: 0.2,
        }),
        Plot.lineY(byRate, { x: "rate", y, stroke: color, strokeWidth: 2, marker: "circle" }),
        ...(Number.isNaN(crossing)
          ? []
          : [Plot.ruleX([crossing], { stroke: "#444", strokeDasharray: "4,3" })]),
      ],
    },
    label,
  );
await show(
  band("price", "token price at the end (USD)", "#e7298a"),
  band("providers", "active providers at the end", "#66a61e"),
);

// %% [markdown]
// ## What limits the network's size: the entry cap or the economics?
//
// New providers join at each epoch's end: for each hardware class and region a Poisson number
// with mean `entryMaxPerEpoch` × the pair's share × the pull of its expected return above the
// entry hurdle (0 to 1). The cap is 10 entrants per epoch in `baseline`; it binds where the
// pull is full, i.e. where entrants run at about 10 an epoch. Below: entrants per epoch (over
// the year and over its last 90 days) against the cap, exits, and, at four rates, runs with the
// cap doubled to 20 (the same root seed, but a run's seed follows its place in the sweep, so
// these are other draws: compare the medians, not run by run).

// %%
const CAP = 10;
const CAP_RATES = [30000, 46000, 80000, 120000];
const doubled = await sweep("02-bme-emission-sweep-cap20", {
  scenario: "baseline",
  runs: RUNS,
  seed: 46,
  sets: [`sim.steps=${DAYS * 24}`, `economics.entryMaxPerEpoch=${2 * CAP}`],
  grid: [`emission.tokensPerEpoch=${CAP_RATES.join(",")}`],
  recordEvery: 24,
});
/**
 * Mean entrants per epoch over the year and over its last 90 days, and exits per epoch over
 * those 90 days (the per-step rows are epoch ends, where entry and exit are decided).
 */
const entryRates = (s: SweepResult, r: Run) => {
  const c = steps(s, r.point, r.run, ["entrants", "exits"]);
  const e = c.entrants!;
  const meanOf = (xs: Float64Array) => xs.reduce((a, b) => a + b, 0) / xs.length;
  const from = Math.max(0, e.length - 90);
  return {
    year: meanOf(e),
    last90: meanOf(e.subarray(from)),
    exits90: meanOf(c.exits!.subarray(from)),
  };
};
const entryRow = (s: SweepResult, rate: number) => {
  const rs = s.runs.filter((r) => rateOf(r) === rate);
  const er = rs.map((r) => entryRates(s, r));
  return {
    year: median(er.map((x) => x.year)),
    last90: median(er.map((x) => x.last90)),
    exits90: median(er.map((x) => x.exits90)),
    exits: median(rs.map((r) => r.h.exits)),
    providers: median(rs.map((r) => r.h.providersActiveEnd)),
    price: median(rs.map((r) => r.h.priceEndUsd)),
    drop: median(rs.map((r) => r.h.dropRate)),
  };
};
const entry = RATES.map((rate) => ({ rate, cap10: entryRow(res, rate) }));
await show(
  new Table(
    [
      "tokens/epoch",
      `entrants per epoch, year (cap ${CAP})`,
      "entrants per epoch, last 90 days",
      "exits in the year",
      "exits per epoch, last 90 days",
      "active providers at the end",
      `cap ${2 * CAP}: entrants per epoch, year`,
      `cap ${2 * CAP}: last 90 days`,
      `cap ${2 * CAP}: active providers at the end`,
      `cap ${2 * CAP}: providers gained`,
      `cap ${2 * CAP}: price (USD)`,
      `cap ${2 * CAP}: jobs dropped`,
    ],
    entry.map(({ rate, cap10: a }) => {
      const b = CAP_RATES.includes(rate) ? entryRow(doubled, rate) : undefined;
      return [
        fmt(rate),
        fmt(a.year, 2),
        fmt(a.last90, 2),
        fmt(a.exits),
        fmt(a.exits90, 2),
        fmt(a.providers),
        b ? fmt(b.year, 2) : "",
        b ? fmt(b.last90, 2) : "",
        b ? fmt(b.providers) : "",
        b ? `+${fmt(b.providers - a.providers)}` : "",
        b ? fmt(b.price) : "",
        b ? pct(b.drop, 1) : "",
      ];
    }),
  ),
  `Medians over ${RUNS} runs per rate; the cap-${2 * CAP} runs (${doubled.runs.length}, ${doubled.seconds.toFixed(0)} s) have the same root seed but other run seeds.`,
);

// %% [markdown]
// ## Does supply settle? Median supply through the year
//
// Total supply relative to genesis, day by day (median over the runs at each rate).

// %%
const supplyPaths: { rate: string; day: number; supply: number }[] = [];
for (const rate of RATES) {
  const rs = res.runs.filter((r) => rateOf(r) === rate);
  const cols = rs.map((r) => steps(res, r.point, r.run, ["supplyTokens"]).supplyTokens!);
  for (let d = 0; d < cols[0]!.length; d++)
    supplyPaths.push({
      rate: fmt(rate),
      day: d + 1,
      supply: median(cols.map((c, i) => c[d]! / rs[i]!.h.supplyStartTokens)),
    });
}
await show(
  plot(
    {
      width: 760,
      height: 360,
      marginLeft: 55,
      marginRight: 110,
      x: { label: "day" },
      y: { label: "supply ÷ genesis supply", grid: true },
      color: { type: "ordinal", scheme: "turbo", domain: RATES.map((r) => fmt(r)) },
      marks: [
        Plot.ruleY([1]),
        Plot.lineY(supplyPaths, { x: "day", y: "supply", stroke: "rate", strokeWidth: 1.8 }),
        Plot.text(
          supplyPaths,
          Plot.selectLast({
            x: "day",
            y: "supply",
            z: "rate",
            text: (d: { rate: string }) => `${d.rate}/epoch`,
            fill: "rate",
            dx: 4,
            textAnchor: "start",
            fontSize: 10,
          }),
        ),
      ],
    },
    "median supply paths",
  ),
);

// %% [markdown]
// ## Providers' return by hardware class and region
//
// At the end of the year, each active provider's trailing profit (its token rewards at the
// market price, minus power and amortised hardware), averaged per hardware
// class and region, as an annual return on the hardware's price. 0% means the hardware
// just pays for itself over its amortisation period (3 years for consumer cards, 4 for
// datacentre ones); the number in each cell is that return, with the count of active
// providers underneath.

// %%
// The starved network, the leanest viable emission, the default, and the most generous.
const ROI_RATES = size([20000, 30000, 46000, 120000], [15000, 20000, 30000, 46000, 80000, 120000]);
const ROI_SEEDS = size([1], [1, 2, 3, 4, 5]);
const roi: (RoiCell & { rate: string })[] = [];
for (const rate of ROI_RATES) {
  const runs = [];
  for (const seed of ROI_SEEDS)
    runs.push(
      (
        await roiByClassAndRegion(
          "baseline",
          [`sim.steps=${DAYS * 24}`, `emission.tokensPerEpoch=${rate}`],
          seed,
        )
      ).cells,
    );
  // average over seeds, per (class, region)
  for (let k = 0; k < runs[0]!.length; k++) {
    const cs = runs.map((r) => r[k]!);
    const ok = cs.filter((c) => c.providers > 0);
    roi.push({
      ...cs[0]!,
      rate: `${fmt(rate)} tokens/epoch`,
      providers: cs.reduce((s, c) => s + c.providers, 0) / cs.length,
      profitUsdPerDay: ok.length
        ? ok.reduce((s, c) => s + c.profitUsdPerDay, 0) / ok.length
        : Number.NaN,
      annualRoi: ok.length ? ok.reduce((s, c) => s + c.annualRoi, 0) / ok.length : Number.NaN,
    });
  }
}
const CLASSES = ["rtx3090", "rtx4090", "a100", "h100"];
const REGIONS = ["euEast", "asia", "naEast", "euWest"];
await show(
  plot(
    {
      title: "Annual return on the hardware at the end of the year",
      subtitle:
        "by hardware class and region (power price: euEast 0.06, asia 0.10, naEast 0.13, euWest 0.30 USD/kWh)",
      width: 900,
      height: 300,
      marginLeft: 70,
      marginBottom: 40,
      fx: { label: null, domain: ROI_RATES.map((r) => `${fmt(r)} tokens/epoch`) },
      x: { label: null, domain: REGIONS },
      y: { label: null, domain: CLASSES },
      color: { type: "diverging", scheme: "RdBu", domain: [-2.6, 2.6], pivot: 0 },
      marks: [
        Plot.cell(roi, { fx: "rate", x: "region", y: "hwClass", fill: "annualRoi", inset: 1 }),
        Plot.text(roi, {
          fx: "rate",
          x: "region",
          y: "hwClass",
          text: (d: RoiCell) => (Number.isNaN(d.annualRoi) ? "none" : pct(d.annualRoi)),
          fill: (d: RoiCell) => (Math.abs(d.annualRoi) > 1.3 ? "white" : "black"),
          dy: -6,
          fontSize: 11,
          fontWeight: 600,
        }),
        Plot.text(roi, {
          fx: "rate",
          x: "region",
          y: "hwClass",
          text: (d: RoiCell) => `n=${Math.round(d.providers)}`,
          fill: (d: RoiCell) => (Math.abs(d.annualRoi) > 1.3 ? "white" : "#333"),
          dy: 8,
          fontSize: 9,
        }),
      ],
    },
    "annual ROI heatmap by class and region",
  ),
);

// %% [markdown]
// ## The numbers

// %%
const base = resolveParams(await loadScenario("baseline"));
const burnUsdPerDay =
  base.demand.baseGpuHoursPerHour *
  base.pricing.usdPerGpuHour *
  (1 - base.pricing.protocolFeeShare) *
  24;
await show(
  new Table(
    [
      "tokens/epoch",
      "minted",
      "burned",
      "supply change",
      "price (p10–p90)",
      "active providers",
      "mean utilisation",
      "jobs dropped",
      "a day's emission at the end price (USD)",
      "burned ÷ minted, last 90 days",
    ],
    byRate.map((d) => [
      fmt(d.rate),
      fmt(d.minted),
      fmt(d.burned),
      `${d.supplyPct > 0 ? "+" : ""}${fmt(d.supplyPct, 2)}%`,
      `${fmt(d.price)} (${fmt(d.priceLo)}–${fmt(d.priceHi)})`,
      fmt(d.providers),
      pct(d.utilisation),
      pct(d.dropRate, 1),
      fmt(d.emissionUsd),
      fmt(d.burnPerMint90, 3),
    ]),
  ),
  new Table(
    ["tokens/epoch", "class", ...REGIONS],
    ROI_RATES.flatMap((rate) =>
      CLASSES.map((c) => [
        fmt(rate),
        c,
        ...REGIONS.map((r) => {
          const cell = roi.find(
            (x) => x.rate === `${fmt(rate)} tokens/epoch` && x.hwClass === c && x.region === r,
          )!;
          return Number.isNaN(cell.annualRoi)
            ? "none active"
            : `${pct(cell.annualRoi)} (${fmt(cell.profitUsdPerDay, 2)} USD/day)`;
        }),
      ]),
    ),
  ),
  new Table(
    ["region", "power (USD/kWh)", "share of genesis providers", "share of demand"],
    REGIONS.map((r) => [
      r,
      fmt(base.regions[r]!.powerUsdPerKwh),
      pct(base.regions[r]!.providerShare),
      pct(base.regions[r]!.demandShare),
    ]),
  ),
  `Clients' payments at the base demand, of which ${pct(1 - base.pricing.protocolFeeShare)} buys tokens to burn: ${fmt(burnUsdPerDay)} USD a day (${fmt(base.demand.baseGpuHoursPerHour)} GPU-hours an hour × ${base.pricing.usdPerGpuHour} USD × 24, before bursts and dropped jobs). New providers join only where they expect an annual return on their hardware above ${pct(base.economics.entryRoiHurdle)}.`,
  Number.isNaN(crossing)
    ? "Supply does not cross zero in this range of emission rates."
    : `Burn meets mint at about **${fmt(crossing, 2)} tokens per daily epoch** (${fmt(crossing * 365)} tokens a year), where a median ${fmt(crossingProviders)} providers are active and ${pct(crossingDrop)} of the jobs are dropped.`,
  viable
    ? `The leanest emission that still serves demand (median drop rate under 10%) is **${fmt(viable.rate)} tokens per epoch**: supply ${viable.supplyPct > 0 ? "+" : ""}${fmt(viable.supplyPct, 2)}% over the year, price ${fmt(viable.price)} USD, ${fmt(viable.providers)} providers, ${pct(viable.dropRate, 1)} of jobs dropped.`
    : "No emission rate in the sweep keeps the drop rate under 10%.",
);

// %% [markdown]
// ## What the numbers say
//
// *(The default run committed here: seed 46, 10 runs per rate, one year each; the runs with
// the entry cap doubled have the same root seed but other run seeds; ROI from one seed per
// rate.)*
//
// - **The burn meets the mint at every emission rate; the price does the adjusting.**
//   Providers sell what is minted to them, and the burn is bought with the clients' USD, so
//   the price settles where a day's emission is worth what the clients pay to burn: from
//   20,000 to 120,000 tokens per epoch a day's emission is worth 45,046–47,981 USD at the
//   end-of-year price, against 46,170 USD a day of clients' payments at the base demand, and
//   over the last 90 days 0.967–1.02 tokens are burned per token minted. The emission rate sets
//   the price (2.4 USD at 20,000, 0.98 USD at the default 46,000, 0.375 USD at 120,000), not the
//   providers' pay. The year's supply change (−2.1% to +3.3% over that range) is the price's move
//   from its genesis level to each rate's own; it is flat at about 40,396 tokens per epoch.
// - **Too little emission starves the network only at the bottom of the range.** At 10,000
//   tokens per epoch a median 3,570 providers exit before the price has risen far enough; the
//   network ends the year with 1,850 providers and drops 42% of the jobs, while the price is
//   still climbing (1.24 tokens burned per token minted over the last 90 days). From 15,000 up,
//   2.7–3.9% of the jobs are dropped; 15,000 is the leanest rate that serves demand and ends with
//   the highest price (3.64 USD, overshooting: 0.903 tokens burned per token minted over the
//   last 90 days).
// - **The entry cap is not a ceiling, but it sets how fast the network grows, and it is still
//   growing.** From 20,000 up, entrants run at 1–2 an epoch over the year against the cap
//   of 10: returns are above the entry hurdle, not far enough above it to pull entry at the full
//   rate. Entrants are the cap times that pull, though, so with the cap doubled entry rises to
//   2–3.2 an epoch and the network ends the year 380 to 440 providers larger (5,060 → 5,450 at
//   30,000; 5,540 → 5,980 at 120,000) at the same price (1.53 against 1.56 USD at 30,000; 0.38
//   against 0.375 at 120,000) and a drop rate no higher (2.7–3.3%, against 3.2–3.8% with the cap
//   of 10). In the last 90 days, from 25,000 up,
//   0.59–1.7 providers still join per epoch against 0–0.011 that leave, so the year-end size
//   (4,870 to 5,540 providers from 25,000 to 120,000) is how far entry had got, not an
//   equilibrium. What limits that equilibrium is the fixed USD pool the providers share: more
//   providers mean less each, and the pull falls (at 120,000 with the cap doubled, entry in the
//   last 90 days drops to 0.34 an epoch, from 0.59). The emission rate hardly moves it, since its
//   USD value is pinned to the burn.
// - **Consumer cards earn the best return on their price; H100s the least.** At the four rates
//   studied, RTX 3090s and 4090s return 50–105% a year on their price after depreciation, A100s
//   20–51%, H100s 11–30%: the datacentre cards earn around or under the 50% a year that new
//   providers need before they join. From 30,000 up the return barely depends on the emission
//   rate (an RTX 4090 in naEast: 92% at 30,000, 88% at 46,000, 85% at 120,000), as the USD value
//   of the emission does not; at 20,000, where the network is smaller and busier, it is higher.
// - **Where a GPU sits matters more than its power bill.** Eastern Europe has the cheapest power
//   (0.06 USD/kWh) but 20% of the genesis providers for 10% of the demand, and from 30,000 up it
//   gives the lowest return of the four regions for every class (46,000: RTX 4090 54% there
//   against 71–88% elsewhere, A100 22% against 35–39%). Western Europe, with the dearest power
//   (0.3 USD/kWh) but 25% of the demand for 20% of the providers, gives the best or equal-best
//   return for A100s and H100s at every rate (46,000: A100 39%, H100 23%), though from 30,000 up
//   its consumer cards trail Asia and naEast (46,000: RTX 3090 58% against 88–92%). Only at
//   20,000, the leanest rate in the return study (76% mean utilisation, against 64–68% from
//   30,000 up), does cheap power beat it, and only for RTX 3090s (102% in Eastern Europe, 67% in
//   Western Europe; RTX 4090s earn 93% and 96%).
