// %% [markdown]
// # 8. What drives a death spiral after a −70% crash, and which emission settings prevent it
//
// **Question.** Study 1 showed that a −70% market crash tips the fixed-emission network into a
// death spiral in every run. Of the parameters a designer sets or has to guess, **which three
// drive P(spiral) after that crash, and which emission settings minimise it while keeping the
// providers' return above a hurdle?**
//
// **Set-up.** The bundled `crash-death-spiral` scenario (−70% crash in a week from day 30,
// thin token-only margins, impatient exits, quality churn), through
// `notebooks/lib/crashProviderRoi.ts`, which adds one per-run outcome, `providerRoi`: the median,
// over the providers active before the crash and still active at the end, of their annual
// return on their hardware's price from the crash to the end of the run (USD earned, tokens
// gained valued at the end price, minus amortised hardware; 0 means the hardware just pays for
// itself over its amortisation period, as in study 2). **Shortened runs:** 60 days (the crash and
// 23 days after it), on the network scaled down 1:10 the way `baseline`'s checks scale theirs
// (300 providers, 270 GPU-hours an hour of demand, 2,760 tokens an epoch, 0.5M USD of AMM depth,
// entry cap 1 an epoch), so that demand, emission and depth keep their ratios to capacity. (At
// 1:5 a fixed-emission run and a burn-pegged one at ratio 1.3 spiral and earn the same as at
// 1:10 on four seeds; 1:10 runs in half the time.)
//
// **Step 1, screening.** A Saltelli design (`runSweep` with `design: saltelli`) over seven
// candidate drivers, analysed with `analyzeSweep` (Sobol first- and total-order indices with
// bootstrap intervals and the convergence check):
//
// | parameter | range | scenario | why this range |
// | --- | --- | --- | --- |
// | `emission.policy` | fixed, burnPegged | fixed | the two policies of the scenario (burn-pegged: mint = `pegRatio` × the 7-epoch mean burn) |
// | `emission.tokensPerEpoch` | 1,380–5,520 (log) | 2,760 | the fixed policy's rate: ½× to 2× the scaled default (46,000 in `baseline` ≈ a day's burn at 1 USD, [docs/assumptions.md](../docs/assumptions.md)); study 2 swept 10,000–120,000 at full scale |
// | `emission.pegRatio` | 0.5–2 (log) | 1 | burn-pegged: tokens minted per token burned, ½× to 2× the peg (assumption: symmetric in log around 1) |
// | `economics.sellShare` | 0.2–0.9 | 0.5 | share of each reward sold at once; 0.5 is RNP-001's reading (assumptions.md); the range is an assumption from "holds most" to "sells almost all" |
// | `economics.exitPatienceEpochs` | 1–10 | 3 | mean loss-making epochs before leaving: the scenario's 3 (impatient) up to the network default of 10 (assumptions.md) and down to 1 |
// | `market.ammUsdDepth` | 0.125M–2M USD (log) | 0.5M | ¼× to 4× the scaled depth (5M USD at full scale, assumptions.md) |
// | `market.momentumShare` | 0–0.02 | 0 | momentum traders' trade per unit of 24-hour log-return, as a share of the pool: 0.02 sells about 0.35% of the pool an hour during the crash week (assumption: from none to a strong amplifier) |
//
// The outcome is each run's `spiralled` (0 or 1), one run per design point with **common random
// numbers** (run 0 sees the same random draws at every point): for a fixed number of runs, more
// base rows N buy more precision than more runs per point, and with common draws the differences
// between a base row and its radial points (which the total-order index is built from) come from
// the parameters, not from run noise. The full size runs 4 runs per point (the indices are then
// those of P(spiral) over 4 common draws).
//
// **Step 2, optimisation.** `runStudy` (library entry `tokensim/run`; CMA-ES, docs/optimize.md)
// over the emission settings among the drivers (of policy, fixed rate and peg ratio, those whose
// total-order interval for P(spiral) reaches 0.05 in step 1; the others, and the non-emission
// drivers, at the scenario's values): minimise `probability(spiralled>0)` subject to
// `median(providerRoi) > 0.15`. **The hurdle, 15% a year:** the scenario's mean hurdle rate
// (`economics.hurdleRateMean`, the return providers want on their hardware, assumptions.md);
// ours is on the purchase price and after depreciation, so it is the stricter reading. The
// recommendation is re-measured on fresh seeds by the study, then compared with the scenario's
// default emission on another set of fresh seeds.
//
// **Size.** Default: N = 32 base rows (288 runs), a search budget of 144 runs, 16 final runs
// per finalist and 32 runs per set-up in the comparison (about 35 s of CPU time in all: under a
// minute on 2 idle cores, 2 to 2½ minutes on the shared 2-core development machine at a load
// average of 20).
// `TOKENSIM_FULL=1`: N = 256 with 4 runs per point (9,216 runs), a budget of 600, 64 final runs,
// 200 runs per set-up.

// %%
import { readFileSync, rmSync } from "node:fs";
import { tableFromIPC } from "apache-arrow";
import { analyzeSweep, runStudy } from "../api/run.ts";
import { bootstrapInterval, wilsonInterval } from "../engine/check/intervals.ts";
import { createRng } from "../engine/rng/source.ts";
import { FULL, ROOT, resultsDir, size, WORKERS } from "./lib/config.ts";
import { fmt, Plot, pct, plot, show, Table } from "./lib/display.ts";
import { outcomeOf } from "./lib/runOutcome.ts";
import { sobolChart } from "./lib/sobolChart.ts";
import { type Run, sweep, workerExecutor } from "./lib/sweep.ts";

const t0 = performance.now();
const SCENARIO = `${ROOT}notebooks/lib/crashProviderRoi.ts`;
const DAYS = 60;
/** The 1:10 scaled network (ranged keys are left out where a step ranges them). */
const SCALED: Record<string, string> = {
  "providers.initial": "300",
  "providers.maxTotal": "600",
  "demand.baseGpuHoursPerHour": "270",
  "emission.tokensPerEpoch": "2760",
  "market.ammUsdDepth": "500000",
  "economics.entryMaxPerEpoch": "1",
};
const setsWithout = (ranges: string[]): string[] => [
  `sim.steps=${DAYS * 24}`,
  ...Object.entries(SCALED)
    .filter(([k]) => !ranges.some((r) => r.startsWith(`${k}=`)))
    .map(([k, v]) => `${k}=${v}`),
];
const RANGES = [
  "emission.policy=fixed,burnPegged",
  "emission.tokensPerEpoch=1380:5520:log",
  "emission.pegRatio=0.5:2:log",
  "economics.sellShare=0.2:0.9",
  "economics.exitPatienceEpochs=1:10",
  "market.ammUsdDepth=125000:2000000:log",
  "market.momentumShare=0:0.02",
];
const N = size(32, 256);
const RUNS = size(1, 4);
const gsa = await sweep("08-spiral-drivers", {
  scenario: SCENARIO,
  runs: RUNS,
  seed: 8,
  sets: setsWithout(RANGES),
  design: { method: "saltelli", samples: N, ranges: RANGES },
  commonRandomNumbers: true,
  keepSteps: false,
});
const analysis = await analyzeSweep(gsa.out, { outcomes: ["pSpiral", "outcome.providerRoi"] });
const spiralAnalysis = analysis.outcomes.find((o) => o.name === "pSpiral")!.sobol!;
const roiAnalysis = analysis.outcomes.find((o) => o.name === "outcome.providerRoi")!.sobol!;
const spiralShare = gsa.runs.filter((r) => r.spirals.length > 0).length / gsa.runs.length;
const policyOf = (r: Run): string => r.params["emission.policy"]!;
const spiralBy = (policy: string) => {
  const rs = gsa.runs.filter((r) => policyOf(r) === policy);
  return { runs: rs.length, p: rs.filter((r) => r.spirals.length > 0).length / rs.length };
};
await show(
  `${gsa.runs.length} runs (Saltelli design, N = ${N} base rows × (7 + 2) points × ${RUNS} run${RUNS > 1 ? "s" : ""} per point, ${DAYS}-day runs${FULL ? ", full size" : ""}) in ${gsa.seconds.toFixed(0)} s on ${WORKERS} workers; ${pct(spiralShare)} of them spiralled (fixed emission ${pct(spiralBy("fixed").p)} of ${spiralBy("fixed").runs}, burn-pegged ${pct(spiralBy("burnPegged").p)} of ${spiralBy("burnPegged").runs}). Tables and \`analysis.json\` in \`results/notebooks/08-spiral-drivers/\`.`,
);

// %% [markdown]
// ## Step 1: which parameters drive P(spiral)
//
// Total-order index ST (the share of the outcome's variance that goes away when the parameter is
// known, interactions included) and first-order index S1 (its effect alone), with 95% bootstrap
// intervals over resampled base rows; sorted by ST. The convergence check's verdict is under the
// title when N is too small.

// %%
const LABELS: Record<string, { name: string; unit: string }> = {
  "emission.policy": { name: "emission policy", unit: "" },
  "emission.tokensPerEpoch": { name: "fixed emission rate", unit: "tokens/epoch" },
  "emission.pegRatio": { name: "burn-pegged ratio", unit: "×" },
  "economics.sellShare": { name: "share of rewards sold", unit: "" },
  "economics.exitPatienceEpochs": { name: "exit patience", unit: "epochs" },
  "market.ammUsdDepth": { name: "AMM depth", unit: "USD" },
  "market.momentumShare": { name: "momentum traders", unit: "" },
};
const label = (k: string) => LABELS[k] ?? { name: k, unit: "" };
await show(
  sobolChart({
    outcome: { name: "P(spiral) after a −70% crash", unit: "" },
    sobol: spiralAnalysis,
    samples: N,
    confidence: analysis.bootstrap.confidence,
    label,
  }),
  sobolChart({
    outcome: { name: "providers' annual return from the crash on", unit: "per year" },
    sobol: roiAnalysis,
    samples: N,
    confidence: analysis.bootstrap.confidence,
    label,
  }),
);

// %%
const ranked = [...spiralAnalysis.indices].sort((a, b) => b.ST - a.ST);
const ci = (x: number, lo: number, hi: number) => `${fmt(x, 2)} [${fmt(lo, 2)}, ${fmt(hi, 2)}]`;
const roiOf = (k: string) => roiAnalysis.indices.find((i) => i.parameter === k)!;
await show(
  new Table(
    [
      "parameter",
      "P(spiral): ST [95% CI]",
      "P(spiral): S1 [95% CI]",
      "providers' return: ST [95% CI]",
      "providers' return: S1 [95% CI]",
    ],
    ranked.map((i) => {
      const r = roiOf(i.parameter);
      return [
        `\`${i.parameter}\``,
        ci(i.ST, i.STLow, i.STHigh),
        ci(i.S1, i.S1Low, i.S1High),
        ci(r.ST, r.STLow, r.STHigh),
        ci(r.S1, r.S1Low, r.S1High),
      ];
    }),
  ),
  `**Convergence check** (P(spiral)): ${spiralAnalysis.convergence?.message ?? "no indices (constant outcome)"}. Providers' return: ${roiAnalysis.convergence?.message ?? "no indices"}.`,
  `**The top three drivers of P(spiral)**, by total-order index: ${ranked
    .slice(0, 3)
    .map(
      (i, k) =>
        `${k + 1}. \`${i.parameter}\` (ST ${ci(i.ST, i.STLow, i.STHigh)}, S1 ${ci(i.S1, i.S1Low, i.S1High)})`,
    )
    .join(
      "; ",
    )}. The fourth, \`${ranked[3]!.parameter}\`, has ST ${ci(ranked[3]!.ST, ranked[3]!.STLow, ranked[3]!.STHigh)}${ranked[2]!.STLow > ranked[3]!.STHigh ? " (its interval lies below the third's)" : " (its interval overlaps the third's: the third place is not settled at this N)"}. Sum of S1: ${fmt(
    spiralAnalysis.indices.reduce((s, i) => s + i.S1, 0),
    2,
  )} (1 for an additive model; the rest is interactions).`,
);

// %% [markdown]
// The indices say how much each parameter matters, not which way. The same runs, split by
// policy and by thirds of each emission setting's range (on its log scale), show the direction:

// %%
/** P(spiral) of the design's runs of one policy, in thirds of a setting's log range. */
const thirds = (policy: string, key: string, lo: number, hi: number) => {
  const cuts = [lo, lo * (hi / lo) ** (1 / 3), lo * (hi / lo) ** (2 / 3), hi];
  return [0, 1, 2].map((k) => {
    const rs = gsa.runs.filter((r) => {
      const v = Number(r.params[key]);
      return policyOf(r) === policy && v >= cuts[k]! && (k === 2 ? v <= hi : v < cuts[k + 1]!);
    });
    const sp = rs.filter((r) => r.spirals.length > 0).length;
    return {
      range: `${fmt(cuts[k]!, 3)}–${fmt(cuts[k + 1]!, 3)}`,
      runs: rs.length,
      p: sp / rs.length,
    };
  });
};
const splits = [
  {
    policy: "fixed",
    key: "emission.tokensPerEpoch",
    rows: thirds("fixed", "emission.tokensPerEpoch", 1380, 5520),
  },
  {
    policy: "burnPegged",
    key: "emission.pegRatio",
    rows: thirds("burnPegged", "emission.pegRatio", 0.5, 2),
  },
];
await show(
  new Table(
    ["policy", "setting", "third of its range", "runs", "P(spiral)"],
    splits.flatMap((x) =>
      x.rows.map((r) => [x.policy, `\`${x.key}\``, r.range, r.runs, r.runs ? pct(r.p) : "–"]),
    ),
  ),
);

// %% [markdown]
// ## Step 2: the emission settings that minimise P(spiral) with providers above the hurdle
//
// CMA-ES over the emission policy (a choice of two levels, as a relaxed coordinate), the fixed
// rate and the burn-pegged ratio, with the other drivers at the scenario's values. Every
// candidate of a generation runs on the same seeds (common random numbers); a candidate whose
// constraint is undecided gets more runs; the shortlist (best of the last generation, best of
// the search, the CMA-ES mean) is re-run on fresh seeds, and the recommendation is the best
// there.

// %%
// The emission settings among the drivers: those whose total-order interval for P(spiral)
// reaches 0.05; an emission setting that step 1 found inert stays at the scenario's value.
const EMISSION_RANGES = RANGES.filter((r) => r.startsWith("emission."));
const keyOf = (r: string) => r.slice(0, r.indexOf("="));
const inert = EMISSION_RANGES.filter(
  (r) => spiralAnalysis.indices.find((i) => i.parameter === keyOf(r))!.STHigh < 0.05,
);
const EMISSION = EMISSION_RANGES.filter((r) => !inert.includes(r));
const HURDLE = 0.15;
const studyOut = resultsDir("08-spiral-drivers-optimize");
rmSync(studyOut, { recursive: true, force: true });
const pool = workerExecutor();
const ts = performance.now();
const study = await runStudy(
  {
    scenario: SCENARIO,
    ranges: EMISSION,
    objectives: ["min:probability(spiralled>0)"],
    constraints: [`median(providerRoi)>${HURDLE}`],
    sets: setsWithout(EMISSION),
    seed: 8,
    budget: size(144, 600),
    runs: size(4, 8),
    maxRuns: size(8, 32),
    finalRuns: size(16, 64),
  },
  { out: studyOut, executor: pool.executor, concurrency: WORKERS },
).finally(() => pool.close());
const studySeconds = (performance.now() - ts) / 1000;
if (!study?.recommended) throw new Error("the study returned no recommendation");
const rec = study.recommended;
const est = (e: { estimate: number; lower: number; upper: number }, f = (x: number) => fmt(x, 2)) =>
  `${f(e.estimate)} [${f(e.lower)}, ${f(e.upper)}]`;
await show(
  `Searched: ${EMISSION.map((r) => `\`${r}\``).join(", ")}; ${inert.length ? `left at the scenario's value (total-order interval for P(spiral) under 0.05 in step 1): ${inert.map((r) => `\`${keyOf(r)}\``).join(", ")}` : "no emission setting left out"}.`,
  `${study.runs.search} search runs in ${study.generations} generations (stopped: ${study.stopped}) and ${study.runs.final} runs on fresh seeds, in ${studySeconds.toFixed(0)} s; \`optimize.json\` and \`history.arrow\` in \`results/notebooks/08-spiral-drivers-optimize/\`.`,
  new Table(
    [
      "finalist",
      "why shortlisted",
      "policy",
      "fixed rate (tokens/epoch)",
      "peg ratio",
      "runs",
      "P(spiral) [95% CI]",
      `median providers' return [95% CI] (> ${pct(HURDLE)})`,
      "feasible",
    ],
    study.finalists.map((f, k) => [
      k === 0 ? "**recommended**" : String(k + 1),
      f.source,
      String(f.parameters["emission.policy"]),
      fmt(Number(f.parameters["emission.tokensPerEpoch"] ?? SCALED["emission.tokensPerEpoch"])),
      fmt(Number(f.parameters["emission.pegRatio"] ?? 1), 3),
      f.runs,
      est(f.objectives[0]!, (x) => pct(x)),
      `${est(f.constraints[0]!, (x) => pct(x))} ${f.constraints[0]!.verdict}`,
      f.feasible ? "yes" : "no",
    ]),
  ),
);

// %%
// The search: every candidate's P(spiral) and median return as the study measured them.
const history = tableFromIPC(readFileSync(`${studyOut}history.arrow`))
  .toArray()
  .map((r) => r.toJSON() as Record<string, unknown>)
  .filter((r) => r.phase === "search" && r.evaluated === true)
  .map((r) => ({
    generation: Number(r.generation),
    policy: String(r["emission.policy"]),
    pSpiral: Number(r.objective1),
    roi: Number(r.constraint1),
    feasible: r.feasible === true,
  }));
await show(
  plot(
    {
      title: "The search: each candidate's P(spiral) against the providers' median return",
      subtitle: `search runs (common random numbers per generation); ○ meets the constraint, × not; dashed: the ${pct(HURDLE)} hurdle`,
      width: 760,
      height: 360,
      marginLeft: 60,
      x: {
        label: "median providers' annual return from the crash on",
        tickFormat: (d: number) => pct(d),
        domain: [
          Math.min(HURDLE, ...history.map((h) => h.roi)) - 0.05,
          Math.max(HURDLE, ...history.map((h) => h.roi)) + 0.05,
        ],
      },
      y: { label: "P(spiral)", domain: [0, 1], grid: true },
      color: { domain: ["fixed", "burnPegged"], range: ["#d95f02", "#1b9e77"], legend: true },
      symbol: { domain: [true, false], range: ["circle", "times"] },
      marks: [
        Plot.ruleX([HURDLE], { stroke: "#444", strokeDasharray: "4,3" }),
        Plot.dot(history, {
          x: "roi",
          y: "pSpiral",
          stroke: "policy",
          symbol: "feasible",
          r: 4,
        }),
      ],
    },
    "search candidates: P(spiral) against providers' return",
  ),
);

// %% [markdown]
// ## The recommendation against the scenario's default emission, on fresh seeds
//
// The recommended settings and the scenario's default (fixed, 2,760 tokens an epoch at this
// scale, peg ratio 1) run again on a seed neither step used, with common random numbers between
// the two, so that they face the same demand and market draws. 95% intervals: Wilson for
// P(spiral), percentile bootstrap (2,000 resamples) for medians.

// %%
const COMPARE_RUNS = size(32, 200);
const recSets = EMISSION.map(keyOf);
/** The scenario's emission settings (at this scale). */
const DEFAULTS: Record<string, string> = {
  "emission.policy": "fixed",
  "emission.tokensPerEpoch": "2760",
  "emission.pegRatio": "1",
};
const cmp = await sweep("08-spiral-drivers-compare", {
  scenario: SCENARIO,
  runs: COMPARE_RUNS,
  seed: 808,
  sets: setsWithout(EMISSION),
  zip: recSets.map((k) => `${k}=${DEFAULTS[k]},${rec.parameters[k]}`),
  commonRandomNumbers: true,
  keepSteps: false,
});
const rng = createRng("tokensim/notebooks/08/compare");
const median = (sorted: number[]) => {
  const m = sorted.length >> 1;
  return sorted.length % 2 ? sorted[m]! : (sorted[m - 1]! + sorted[m]!) / 2;
};
const medianCi = (xs: number[]) => {
  const finite = xs.filter(Number.isFinite);
  const i = bootstrapInterval(finite, median, 0.95, rng);
  return { estimate: median([...finite].sort((a, b) => a - b)), lower: i.lower, upper: i.upper };
};
const setups = [0, 1].map((point) => {
  const rs = cmp.runs.filter((r) => r.point === point);
  const k = rs.filter((r) => r.spirals.length > 0).length;
  const w = wilsonInterval(k, rs.length, 0.95);
  return {
    name: point === 0 ? "scenario default" : "recommended",
    params: rs[0]!.params,
    runs: rs.length,
    spiral: { estimate: k / rs.length, lower: w.lower, upper: w.upper },
    roi: medianCi(rs.map((r) => outcomeOf(cmp.out, r, "providerRoi"))),
    active: medianCi(rs.map((r) => r.h.providersActiveEnd / r.h.providersStart)),
    price: medianCi(rs.map((r) => r.h.priceEndUsd / r.h.priceStartUsd)),
    supply: medianCi(rs.map((r) => r.h.supplyChangePct)),
    minted: medianCi(rs.map((r) => r.h.mintedTokens)),
  };
});
const row = (label: string, f: (x: (typeof setups)[number]) => string) => [label, ...setups.map(f)];
const paramText = (p: Record<string, string>) => {
  const v = (k: string) => p[k] ?? DEFAULTS[k]!;
  return v("emission.policy") === "burnPegged"
    ? `burn-pegged, ratio ${fmt(Number(v("emission.pegRatio")), 3)}`
    : `fixed, ${fmt(Number(v("emission.tokensPerEpoch")))} tokens/epoch`;
};
const [dflt, best] = setups as [(typeof setups)[number], (typeof setups)[number]];
await show(
  new Table(
    ["", ...setups.map((x) => x.name)],
    [
      row("emission", (x) => paramText(x.params)),
      row("runs", (x) => String(x.runs)),
      row("P(spiral) [95% CI]", (x) => est(x.spiral, (v) => pct(v))),
      row(`median providers' annual return [95% CI] (hurdle ${pct(HURDLE)})`, (x) =>
        est(x.roi, (v) => pct(v)),
      ),
      row("median active providers on day 60 ÷ day 0 [95% CI]", (x) =>
        est(x.active, (v) => pct(v)),
      ),
      row("median price on day 60 ÷ day 0 [95% CI]", (x) => est(x.price, (v) => `${fmt(v, 2)}×`)),
      row("median supply change [95% CI]", (x) => est(x.supply, (v) => `${fmt(v, 2)}%`)),
      row("median tokens minted [95% CI]", (x) => est(x.minted, (v) => fmt(v))),
    ],
  ),
  `${cmp.runs.length} runs in ${cmp.seconds.toFixed(0)} s (seed 808, common random numbers between the two set-ups). Whole notebook: ${((performance.now() - t0) / 1000).toFixed(0)} s.`,
);

// %% [markdown]
// ## The answer, from the numbers above

// %%
const top = ranked.slice(0, 3);
await show(
  [
    `- **Drivers.** After a −70% crash, P(spiral) is driven first by ${top
      .map(
        (i) =>
          `\`${i.parameter}\` (ST ${fmt(i.ST, 2)}, 95% CI ${fmt(i.STLow, 2)}–${fmt(i.STHigh, 2)})`,
      )
      .join(", then ")}; the convergence check says: ${spiralAnalysis.convergence?.message}.`,
    `- **Recommendation.** ${paramText(best.params)}: P(spiral) ${est(best.spiral, (v) => pct(v))} and a median providers' return of ${est(best.roi, (v) => pct(v))} a year on fresh seeds, against ${est(dflt.spiral, (v) => pct(v))} and ${est(dflt.roi, (v) => pct(v))} for the scenario's default (${paramText(dflt.params)}). The study's own fresh-seed verdict on the constraint: ${rec.constraints[0]!.verdict} (${rec.feasible ? "feasible" : "**no finalist met the hurdle on fresh seeds: this is the least-violating setting found within the budget**"}). In the comparison the hurdle (${pct(HURDLE)}) is ${best.roi.lower > HURDLE ? "met with the whole interval above it" : best.roi.estimate > HURDLE ? "met by the estimate, but its interval reaches below it" : "not met"}; the default ${dflt.roi.upper < HURDLE ? "misses it with the whole interval below it" : "is not clearly below it"}.`,
    `- **What it costs the token.** Median price on day 60: ${fmt(best.price.estimate, 2)}× day 0 recommended, ${fmt(dflt.price.estimate, 2)}× default; supply ${fmt(best.supply.estimate, 2)}% against ${fmt(dflt.supply.estimate, 2)}%.`,
  ].join("\n"),
);

// %% [markdown]
// ## What the numbers say
//
// *(The default run committed here: seed 8, 60-day runs on the network scaled 1:10, N = 32 base
// rows with one run per point, a search budget of 144 runs; the comparison on seed 808.)*
//
// - **The emission policy and its peg ratio drive P(spiral); the third driver is not settled at
//   this size.** By total-order index: `emission.policy` 0.83 (95% interval 0.48–1.2), then
//   `emission.pegRatio` 0.62 (0.3–1), then `market.ammUsdDepth` 0.14 (0–0.37), whose interval
//   reaches 0 and overlaps those of `economics.sellShare` and `market.momentumShare` (0.069,
//   0–0.22 each). The convergence check says N = 32 is too small (widest interval 0.76 against
//   0.1; try N = 2,048): the ranking of the first two is clear, the rest is not, and the indices'
//   sizes are rough. ST exceeds S1 by about 0.3 for both leaders: they interact (the peg ratio
//   matters only under the burn-pegged policy).
// - **Under the fixed emission the crash spirals whatever the other six parameters do.** 98–100% of
//   the fixed-emission runs spiralled in each third of the rate's range (1,380–5,520 tokens an
//   epoch, ½× to 2× the scaled default): the rate, exit patience, sell share, AMM depth and
//   momentum traders, over the ranges studied, do not take a fixed-emission network out of the
//   spiral (their indices for P(spiral) are 0–0.14). Under burn-pegged emission the peg ratio
//   decides it: 89% of the runs spiralled with a ratio of 0.5–0.79 (minting well under what is
//   burned), none from 0.79 up.
// - **Recommended emission: burn-pegged at a ratio of about 1.27.** The study (132 search runs in 5
//   generations, then 16 fresh runs per finalist) recommends burn-pegged emission at a ratio of
//   1.27: P(spiral) 0% (95% interval 0–19%), median providers' return 22% a year (6–25%; the
//   constraint's verdict on those runs is inconclusive, the estimate feasible); the CMA-ES mean,
//   at 1.23, passes with 18% (16–20%). On another 32 fresh runs against the scenario's default
//   (fixed, 2,760 tokens an epoch at this scale): P(spiral) 0% (0–11%) against 100% (89–100%),
//   providers' median return 20% a year (17–22%) against −39% (−39% to −38%), 105% of the
//   providers active on day 60 against 72%.
// - **What it costs.** The recommended setting pays the providers more than is burned: 348,040
//   tokens minted over the 60 days against 165,600 (supply +0.06% against −0.13%), and the
//   token ends lower, 0.32× its day-0 price against 0.35×. The return is measured over the 30
//   days after the crash only; a peg ratio above 1 keeps adding to supply after that, which these
//   runs do not show.
