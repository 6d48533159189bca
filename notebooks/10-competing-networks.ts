// %% [markdown]
// # 10. Competing networks: a Render-like and an Akash-like network after an emission cut
//
// **Question.** Two networks compete for the same GPUs. When the Render-like one halves what it
// pays node operators, how many GPUs move to the Akash-like network or to cloud rental, how fast,
// and what does it do to each network's price? How much does the cost of moving hold owners back?
//
// **Set-up.** The bundled study `scenarios/networks/render-vs-akash.ts` ([docs/networks.md](../docs/networks.md)):
// the bundled `render-bme` and `akash-bme` scenarios, each scaled to a tenth (500 providers, a
// tenth of the demand, emission and AMM depth; an assumption, for speed), 180 days, one population
// of 1,100 GPU owners (each network's 500 genesis providers and 100 GPUs on cloud rental). Once a
// day a fifth of the owners reconsider and move their GPU where it would earn most over 30 days,
// net of a 25 USD move and a day of downtime plus the new network's onboarding (assumptions). The
// outside option is renting on a cloud at RunPod's community-cloud spot prices of March 2026
// (RTX 3090 0.22, RTX 4090 0.34, A100 1.19, H100 1.99 USD per GPU-hour;
// https://deploybase.ai/articles/runpod-gpu-pricing, retrieved 2026-12-03), of which the host
// keeps 75% and rents half the hours (assumptions). The Render-like network halves its emission
// from day 60 on (a scheduled governance change).
//
// Three runs on the same seed (7): **cut** (the study as bundled), **no cut** (the same without
// the halving) and **cut, 100 USD moves** (a move costs four times as much). Each network draws
// the same random streams in the three, so the runs differ by the cut and the cost only.
//
// **Size.** Three runs of 180 days, two networks each: about 15–30 s on 2 cores.

// %%
import { Competition } from "../engine/networks/compete.ts";
import { resolveStudy } from "../engine/networks/resolve.ts";
import { networks } from "../scenarios/networks/render-vs-akash.ts";
import { fmt, Plot, plot, show, Table } from "./lib/display.ts";

const t0 = performance.now();
const SEED = 7;
const CUT_DAY = 60;
const VARIANTS: { label: string; sets: string[] }[] = [
  { label: "cut", sets: [] },
  { label: "no cut", sets: ["render.governance.enabled=false"] },
  { label: "cut, 100 USD moves", sets: ["owners.switchCostUsd=100"] },
];
interface Outcome {
  label: string;
  /** Daily rows: day, place, GPUs, expected return, price (networks). */
  daily: { day: number; place: string; gpus: number; ret: number; price: number }[];
  at: (place: string, day: number, what: "gpus" | "ret" | "price") => number;
  movesAfterCut: number;
  networkExits: number;
}
function runVariant(label: string, sets: string[]): Outcome {
  const study = resolveStudy(networks, sets);
  const c = new Competition(study, { seed: SEED });
  const summaries = c.runToEnd();
  if (summaries.some((s) => s.status !== "ok")) throw new Error(`${label}: an invariant failed`);
  const col = (name: string) => c.values[c.columns.findIndex((x) => x.name === name)]!;
  const perDay = 24 / study.stepHours;
  const places = [...study.networks.map((n) => n.name), "outside"];
  const daily: Outcome["daily"] = [];
  for (let d = 1; d * perDay <= c.stepsCompleted; d++) {
    const i = d * perDay - 1;
    for (const p of places)
      daily.push({
        day: d,
        place: p,
        gpus: col(`${p}.owners`)[i]!,
        ret: col(`${p}.returnUsdPerGpuHour`)[i]!,
        price: p === "outside" ? Number.NaN : col(`${p}.priceUsd`)[i]!,
      });
  }
  const moves = col("moves");
  let movesAfterCut = 0;
  for (let i = CUT_DAY * perDay; i < c.stepsCompleted; i++) movesAfterCut += moves[i]!;
  return {
    label,
    daily,
    at: (place, day, what) => daily.find((r) => r.place === place && r.day === day)![what],
    movesAfterCut,
    networkExits: c.counts.networkExits,
  };
}
const outcomes = VARIANTS.map((v) => runVariant(v.label, v.sets));
const [cut, noCut, costly] = outcomes as [Outcome, Outcome, Outcome];
await show(
  `${outcomes.length} studies of 180 days (2 networks, 1,100 owners) in ${((performance.now() - t0) / 1000).toFixed(0)} s.`,
);

// %% [markdown]
// ## Where the GPUs are
//
// GPUs on each network and on cloud rental on the day before the cut (day 59), 30 days after it
// (day 90) and at the end (day 180), with each network's price and the owners' moves from day 60 on.

// %%
const DAYS = [CUT_DAY - 1, CUT_DAY + 30, 180];
await show(
  new Table(
    [
      "run",
      ...DAYS.flatMap((d) => [`render GPUs d${d}`, `akash d${d}`, `outside d${d}`]),
      "render price d59 → d180 (USD)",
      "akash price d59 → d180 (USD)",
      "moves from day 60",
    ],
    outcomes.map((o) => [
      o.label,
      ...DAYS.flatMap((d) => [
        o.at("render", d, "gpus"),
        o.at("akash", d, "gpus"),
        o.at("outside", d, "gpus"),
      ]),
      `${fmt(o.at("render", CUT_DAY - 1, "price"))} → ${fmt(o.at("render", 180, "price"))}`,
      `${fmt(o.at("akash", CUT_DAY - 1, "price"))} → ${fmt(o.at("akash", 180, "price"))}`,
      o.movesAfterCut,
    ]),
  ),
);
const COLORS = {
  domain: ["render", "akash", "outside"],
  range: ["#4e79a7", "#f28e2b", "#8c8c8c"],
  legend: true,
};
await show(
  plot(
    {
      title: "GPUs per network and on cloud rental",
      subtitle: `seed ${SEED}; the Render-like network halves its emission on day ${CUT_DAY} (not in "no cut")`,
      width: 900,
      height: 260,
      fx: { label: null },
      x: { label: "day" },
      y: { label: "GPUs", grid: true },
      color: COLORS,
      marks: [
        Plot.ruleX([CUT_DAY], { stroke: "#d62728", strokeDasharray: "4,3" }),
        Plot.line(
          outcomes.flatMap((o) => o.daily.map((r) => ({ ...r, run: o.label }))),
          { x: "day", y: "gpus", stroke: "place", fx: "run" },
        ),
      ],
    },
    "GPUs per network and on cloud rental, one panel per run",
  ),
);

// %% [markdown]
// ## What each place pays
//
// The expected return of a GPU on each network and on cloud rental (USD per GPU-hour, net of
// power; the mean over all owners of what their GPU would earn there), as the owners see it at
// each day's decision point.

// %%
await show(
  plot(
    {
      title: "Expected return per place",
      subtitle: "USD per GPU-hour net of power, mean over all owners",
      width: 900,
      height: 260,
      fx: { label: null },
      x: { label: "day" },
      y: { label: "USD per GPU-hour", grid: true },
      color: COLORS,
      marks: [
        Plot.ruleX([CUT_DAY], { stroke: "#d62728", strokeDasharray: "4,3" }),
        Plot.line(
          outcomes.flatMap((o) =>
            o.daily.filter((r) => Number.isFinite(r.ret)).map((r) => ({ ...r, run: o.label })),
          ),
          { x: "day", y: "ret", stroke: "place", fx: "run" },
        ),
      ],
    },
    "Expected return per network and on cloud rental, one panel per run",
  ),
);

// %% [markdown]
// ## What the numbers say
//
// Computed from the runs above (the text follows the numbers).

// %%
const d = (o: Outcome, p: string, day: number) => o.at(p, day, "gpus");
const lost = d(cut, "render", CUT_DAY - 1) - d(cut, "render", 180);
const toAkash = d(cut, "akash", 180) - d(cut, "akash", CUT_DAY - 1);
const toCloud = d(cut, "outside", 180) - d(cut, "outside", CUT_DAY - 1);
const within30 = d(cut, "render", CUT_DAY - 1) - d(cut, "render", CUT_DAY + 30);
const priceChange = (o: Outcome, p: string) =>
  o.at(p, 180, "price") / o.at(p, CUT_DAY - 1, "price") - 1;
const sign = (x: number) => `${x >= 0 ? "+" : "−"}${fmt(Math.abs(100 * x), 2)}%`;
await show(
  [
    `- **The cut moves GPUs off the Render-like network.** It held ${d(cut, "render", CUT_DAY - 1)} GPUs on day ${CUT_DAY - 1} and ${d(cut, "render", 180)} on day 180 (${lost >= 0 ? "−" : "+"}${Math.abs(lost)}); without the cut it ended with ${d(noCut, "render", 180)}. ${within30} of the change came in the first 30 days after the cut.`,
    `- **Where they went.** The Akash-like network gained ${toAkash} GPUs (${d(cut, "akash", 180)} at the end, ${d(noCut, "akash", 180)} without the cut) and cloud rental ${toCloud} (${d(cut, "outside", 180)} at the end, ${d(noCut, "outside", 180)} without the cut).`,
    `- **Prices.** From day ${CUT_DAY - 1} to day 180 the Render-like token moved ${sign(priceChange(cut, "render"))} with the cut and ${sign(priceChange(noCut, "render"))} without; the Akash-like token ${sign(priceChange(cut, "akash"))} with the cut and ${sign(priceChange(noCut, "akash"))} without.`,
    `- **The cost of moving.** With 100 USD moves the owners made ${costly.movesAfterCut} moves from day ${CUT_DAY} on, against ${cut.movesAfterCut} at 25 USD (${noCut.movesAfterCut} without the cut), and the Render-like network ended with ${d(costly, "render", 180)} GPUs, against ${d(cut, "render", 180)}.`,
  ].join("\n"),
);
