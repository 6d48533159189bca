// %% [markdown]
// # 5. Helium 2021–2023, fitted and replayed
//
// **Question.** Fitted to Helium's public history (HNT price, HNT minted, hotspot counts;
// `scenarios/data/history/`), how fast does the `helium-halving` model's network have to
// let providers in to grow like Helium's hotspots did through the 2021 boom and the 2022
// fall, how well does it then track what happened after the fitted window, and **what
// would the August 2021 halving have changed had it not happened**?
//
// **Set-up.** The bundled `helium-halving` scenario (Helium's supply, HIP-20 schedule and
// a GPU network standing in for the hotspots), re-dated to 1 January 2021 and run in
// weekly steps (one epoch a week) to April 2023:
//
// - **Observed inputs, held fixed.** The HNT price is replayed from CoinGecko's daily
//   series (`seriesInputs`, `externalPriceUsd`: the external market follows the history and
//   arbitrage closes the whole gap each step), so the fit is about the providers, not the
//   price. The genesis supply is the sum of the HNT minted from August 2019 to December
//   2020 in the shipped monthly series (the first HNT was produced on 29 July 2019,
//   `helium_rules_and_events.csv`; those three July days are not in the monthly series).
// - **Emission.** Helium's schedule (`helium_hnt_emission_schedule_annual.csv`): 60M HNT a
//   protocol year, halving every two years from 1 August 2019; in weekly epochs the
//   halving falls on 30 July 2021 (2 days early). Net emissions are left out (the minted
//   series is before any re-mint).
// - **Scale (an assumption).** Helium had 15,871 hotspots in January 2021 and 990,615 in
//   April 2023; the model network starts at 20 providers, so hotspots are compared as an
//   **index** (each path over its January 2021 value: the shape, not the level).
// - **Fit.** `runFit` (engine/fit/fit.ts, what `tokensim fit` runs: method of simulated
//   moments, CMA-ES on common random numbers) fits how providers enter: each epoch
//   `entryMaxPerEpoch · clamp(entrySensitivity · (ROI − hurdle), 0, 1)` of them on average
//   (engine/mechanisms/churn.ts; the hurdle stays the scenario's 0.5 a year), so that
//   entry follows the expected return, which rises with the replayed price and falls as
//   the rewards are split among more providers. Two targets: active providers against
//   the hotspot index, and HNT minted per month against the simulated mint summed over each month (a
//   period-total target). Fitted on 2021-01 to 2022-06, the rest (to 2023-03) is the
//   backtest. The price is an input here, so it is not a target; DC burned is not either:
//   the shipped history has only three 7-day averages of data-transfer DC in 2022
//   (`helium_dc_data_transfer_usd_per_day_2022.csv`), too few for the moments, and the
//   model's burn is its GPU clients'.
// - **Counterfactual.** `runCounterfactual` (engine/fit/counterfactual.ts, what
//   `tokensim counterfactual` runs) replays the fitted history as observed and with
//   `emission.policy=fixed` (no halving) on the same seeds, the price path held as observed.
//
// **Size.** Default: 3 runs per candidate, 6 generations, 10 runs per world.
// `TOKENSIM_FULL=1`: 8 runs per candidate, 20 generations, 40 runs per world.

// %%
import { parseHTML } from "linkedom";
import { chiSquaredDistributionTable } from "simple-statistics";
import { DEFAULT_PHASES, defineScenario, seriesInputs } from "../api/index.ts";
import { hindcastChart } from "../dashboard/charts/hindcastChart.ts";
import { hindcastView } from "../dashboard/data/hindcast.ts";
import { svgText } from "../dashboard/report/svgText.ts";
import { fittedSets, runCounterfactual } from "../engine/fit/counterfactual.ts";
import { type FitTarget, runFit } from "../engine/fit/fit.ts";
import { parseRange } from "../engine/optimize/ranges.ts";
import { readSeries } from "../engine/series/read.ts";
import { heliumHalvingSchema } from "../scenarios/helium-halving.ts";
import { FULL, ROOT, size } from "./lib/config.ts";
import { fmt, md, pct, Svg, show, Table } from "./lib/display.ts";

const HISTORY = `${ROOT}scenarios/data/history/`;
const file = (name: string) => `${HISTORY}${name}`;
const START = "2021-01-01";
const UNTIL = "2022-07-01";
const WEEKS = 118; // to 2023-04-07: March 2023 is the last whole month

// The supply on 1 January 2021: every HNT minted since genesis, from the shipped monthly totals.
const minted = readSeries(file("helium_hnt_minted_monthly.csv"));
const startMs = Date.parse(`${START}T00:00:00Z`);
const supply2021 = minted.values
  .filter((_, i) => minted.times[i]! < startMs)
  .reduce((a, b) => a + b, 0);
const price = readSeries(file("helium_hnt_price_usd_daily.csv"));
const price2021 = price.values[price.times.indexOf(startMs)]!;

const scenario = defineScenario({
  name: "helium-2021",
  summary: "helium-halving re-dated to 2021-01-01, weekly steps, the HNT price replayed",
  schema: heliumHalvingSchema,
  phases: [
    seriesInputs({
      start: START,
      externalPriceUsd: { file: file("helium_hnt_price_usd_daily.csv"), unit: "USD_per_HNT" },
    }),
    ...DEFAULT_PHASES,
  ],
});
const YEAR_TOKENS = 60_000_000; // protocol years 1-2 (helium_hnt_emission_schedule_annual.csv)
const SETS = [
  `sim.steps=${WEEKS}`,
  "sim.stepHours=168",
  "sim.epochSteps=1",
  `market.genesisSupplyTokens=${supply2021}`,
  `market.initialPriceUsd=${price2021}`,
  "market.externalMarket=true",
  "market.arbitrageShare=1",
  `emission.tokensPerEpoch=${(YEAR_TOKENS / 365) * 7}`,
  "emission.halvingPeriodEpochs=104",
  "emission.halvingPhaseEpochs=74", // 2019-08-01 to 2021-01-01: 519 days
  "emission.netEmissions.enabled=false",
  "providers.initial=20",
  "providers.maxTotal=20000",
  "economics.onboardingSteps=0",
  "economics.unbondingSteps=0",
];
const TARGETS: FitTarget[] = [
  {
    column: "providersActive",
    file: file("helium_hotspots_total_monthly.csv"),
    transform: "index",
  },
  {
    column: "mintedTokens",
    file: file("helium_hnt_minted_monthly.csv"),
    transform: "log",
    aggregate: "total",
  },
];
await show(
  `Start ${START}: ${fmt(supply2021)} HNT minted since genesis (the run's supply), HNT at ${fmt(price2021)} USD; ${WEEKS} weekly steps.`,
);

// %% [markdown]
// ## The fit

// %%
const t0 = performance.now();
const fit = await runFit({
  scenario,
  sets: SETS,
  ranges: [
    parseRange("economics.entryMaxPerEpoch=1:1000:log"),
    parseRange("economics.entrySensitivity=0.000001:0.01:log"),
  ],
  targets: TARGETS,
  start: START,
  until: UNTIL,
  replications: size(3, 8),
  generations: size(6, 20),
  seed: 2021,
});
const fitSeconds = (performance.now() - t0) / 1000;
await show(
  `${fit.runs} runs in ${fitSeconds.toFixed(0)} s${FULL ? " (full size)" : ""}; J = ${fmt(fit.j)} on ${fit.df} degrees of freedom.`,
  new Table(
    ["parameter", "fitted", "standard error", "95% interval", "identified"],
    fit.parameters.map((p) => [
      p.key,
      fmt(p.value),
      fmt(p.se),
      `${fmt(p.ci95[0])} – ${fmt(p.ci95[1])}`,
      p.identified ? "yes" : `no: ${p.note}`,
    ]),
  ),
  new Table(
    ["target", "moment", "observed", "simulated", "z"],
    fit.targets.flatMap((t) =>
      t.moments.map((m) => [
        `${t.column} (${t.transform}${t.aggregate === "total" ? ", monthly totals" : ""})`,
        m.name,
        fmt(m.observed),
        fmt(m.simulated),
        fmt(m.z, 2),
      ]),
    ),
  ),
  new Table(
    [
      "target",
      "fitted months",
      "inside the 5–95% band",
      "backtest months",
      "backtest error (log)",
      "backtest inside the band",
    ],
    fit.targets.map((t) => [
      t.column,
      t.observations,
      pct(t.inBand90),
      t.holdout?.observations ?? 0,
      t.holdout ? fmt(t.holdout.meanAbsError) : "",
      t.holdout ? pct(t.holdout.inBand90) : "",
    ]),
  ),
);

// %% [markdown]
// ## Hindcast
//
// Each observed series against the runs' median and 10–90% band at the fitted values
// (`hindcastChart`, what `tokensim plot` draws from a fit's `hindcast.json`); hollow dots
// are after the fitted window.

// %%
const doc = () =>
  parseHTML("<!doctype html><html><body></body></html>").document as unknown as Document;
const chart = (h: typeof fit.hindcast, i: number) => {
  const v = hindcastView(h, h.series[i]!);
  return new Svg(svgText(hindcastChart(v, { document: doc(), width: 640 })), v.title);
};
const hotspots = fit.hindcast.series[0]!;
const DATES = ["2021-07-01", "2022-01-01", "2022-07-01", "2023-03-01"];
await show(
  ...fit.hindcast.series.map((_, i) => chart(fit.hindcast, i)),
  new Table(
    ["date", "hotspots, index (observed)", "providers, index (median of runs)", "10–90% of runs"],
    DATES.map((d) => {
      const i = hotspots.times.indexOf(d);
      const b = hotspots.bands[0]!;
      return [
        d,
        fmt(hotspots.observed[i]!),
        fmt(b.p50[i]!),
        `${fmt(b.p10[i]!)} – ${fmt(b.p90[i]!)}`,
      ];
    }),
  ),
);

// %% [markdown]
// ## Counterfactual: no halving in August 2021
//
// The same runs (seeds and run indices) at the fitted values, as observed and with
// `emission.policy=fixed`: 60M HNT a year throughout. The HNT price stays the observed
// one in both, so what changes is the providers' token income and the supply.

// %%
const cf = await runCounterfactual({
  scenario,
  observedSets: fittedSets(fit),
  changes: ["emission.policy=fixed"],
  start: START,
  targets: TARGETS,
  columns: ["supplyTokens", "profitP50UsdPerHour", "entrants"],
  at: ["2022-01-01", "2022-07-01"],
  runs: size(10, 40),
  seed: 2021,
});
const rows = cf.summary.columns.flatMap((c) =>
  c.comparisons.map((m) => [
    c.column,
    m.date,
    fmt(m.asObserved.p50),
    fmt(m.counterfactual.p50),
    `${fmt(m.difference.p50)} [${fmt(m.difference.p10)}, ${fmt(m.difference.p90)}]`,
    m.relative ? pct(m.relative.p50, 1) : "",
  ]),
);
await show(
  new Table(
    [
      "column",
      "date",
      "as observed (median)",
      "no halving (median)",
      "difference, run by run: median [p10, p90]",
      "relative",
    ],
    rows,
  ),
  chart(cf.hindcast, 0),
);

// %% [markdown]
// ## What the numbers say

// %%
const at = (column: string, i: number) =>
  cf.summary.columns.find((c) => c.column === column)!.comparisons[i]!;
const hot = fit.targets[0]!;
const end = cf.summary.columns[0]!.comparisons.length - 1;
const [entry, sens] = fit.parameters;
const provEnd = at("providersActive", end);
// The 1% critical value of a χ² with the fit's degrees of freedom (simple-statistics' table).
const chi2crit = (
  chiSquaredDistributionTable as unknown as Record<number, Record<string, number> | undefined>
)[fit.df]?.["0.01"];
const band0 = (d: string) => {
  const i = hotspots.times.indexOf(d);
  return { p50: hotspots.bands[0]!.p50[i]! };
};
const obs0 = (d: string) => hotspots.observed[hotspots.times.indexOf(d)]!;
const supplyEnd = at("supplyTokens", end);
await show(
  md(
    [
      `- **Fit.** Entry of up to ${fmt(entry!.value)} providers a week (${entry!.identified ? `standard error ${fmt(entry!.se)}` : "not identified"}), reached when the expected annual return exceeds the hurdle by ${fmt(1 / sens!.value)} (sensitivity ${fmt(sens!.value)}, ${sens!.identified ? `standard error ${fmt(sens!.se)}` : "not identified"}).`,
      `- **Goodness of fit.** J = ${fmt(fit.j)} on ${fit.df} degrees of freedom, against ${fmt(chi2crit ?? Number.NaN)} that noise alone exceeds one time in a hundred: ${fit.j > (chi2crit ?? Number.POSITIVE_INFINITY) ? "the fitted model does not reproduce these moments, and the intervals above hold only if it did" : "the moments are matched within noise"}.`,
      `- **Shape of the growth.** Relative to January 2021 the simulated network is ${fmt(band0(DATES[0]!).p50)}× its size on ${DATES[0]} against Helium's ${fmt(obs0(DATES[0]!))}×, and ${fmt(band0(DATES[3]!).p50)}× against ${fmt(obs0(DATES[3]!))}× on ${DATES[3]}: ${band0(DATES[0]!).p50 > obs0(DATES[0]!) ? "it grows faster than Helium at first" : "it grows no faster than Helium at first"}, and on ${DATES[3]} its index is ${fmt(band0(DATES[3]!).p50 / obs0(DATES[3]!))} times Helium's.`,
      `- **Hotspot growth.** ${pct(hot.inBand90)} of the ${hot.observations} fitted months of the hotspot index lie inside the runs' 5–95% band; after June 2022 ${hot.holdout ? `${pct(hot.holdout.inBand90)} of ${hot.holdout.observations} months do, with a mean absolute log error of ${fmt(hot.holdout.meanAbsError)}` : "there is no backtest"}.`,
      `- **Minted.** The schedule's monthly mint against the shipped totals: z of the mean ${fmt(fit.targets[1]!.moments[0]!.z, 2)}, ${pct(fit.targets[1]!.inBand90)} of months inside the band.`,
      `- **No halving.** On ${provEnd.date.slice(0, 10)} the network would have had ${fmt(provEnd.counterfactual.p50)} providers against ${fmt(provEnd.asObserved.p50)} (run by run ${fmt(provEnd.difference.p50)}, p10–p90 ${fmt(provEnd.difference.p10)} to ${fmt(provEnd.difference.p90)}), and ${fmt(supplyEnd.difference.p50)} more HNT in supply (${pct(supplyEnd.relative?.p50 ?? Number.NaN, 1)}).`,
    ].join("\n"),
  ),
);
