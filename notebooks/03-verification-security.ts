// %% [markdown]
// # 3. Verification security: where cheating stops paying
//
// **Question.** A GPU provider can *fake* results (return plausible output without
// running the job) to save power. The network re-runs a random share ρ of jobs
// (optimistic verification) and slashes a fraction σ of a caught cheater's stake S
// (and jails it). **For which (sampling rate, slashing fraction, stake) does cheating
// stop paying, and what does that verification cost as a share of the network's
// revenue?**
//
// **Set-up.** The bundled `cheating-attack` scenario (`scenarios/cheating-attack.ts`):
// 1,000 RTX 4090 providers in one region with expensive power (0.30 USD/kWh, where
// faking saves most), 20% of them cheaters faking half their jobs, a 24-hour jail,
// no entry or exit, 60 days. Each run measures, with an extra pipeline phase
// (`notebooks/lib/cheating.ts`, as in `test/scenarios/cheatingAttack.test.ts`), the
// mean wealth of cheaters and of honest providers at the end (cash P&L plus tokens and
// stake at the market price). Cheating *pays* when cheaters end richer.
//
// The simulation is set against the closed form in
// `engine/mechanisms/cheatingEconomics.ts`: per *active* hour a cheater gains
// `f·j·saving` (energy not spent on the `f·j` faked jobs) and expects to lose
// `q·(σ·S·P + J·m)`, with `q = 1 − (1 − ρ)^(f·j)` the chance one of them is
// sampled, `P` the token price, `J` the jail hours and `m` the net income forgone per hour
// in jail (the reward less the load power an active provider pays). Cheating stops paying
// at `ρ* = 1 − (1 − gain/penalty)^(1/(f·j))`. The simulation measures wealth per *clock*
// hour, and a cheater is not active all the time: each catch is followed by `J` hours in
// jail, in which it neither fakes nor can be caught. Over catch cycles (on average `1/q`
// active hours, then `J` jailed) the advantage per clock hour is the per-active-hour figure
// divided by `1 + q·J` (`test/closedForms/cheating.test.ts` derives it). Both have the same
// root `ρ*`; only the size of the loss differs, by `1 + q·J` (printed below for each ρ).
//
// **Size.** Default: 8 sampling rates × 5 slashing fractions × 3 stakes × 4 seeds (480
// runs, well under a minute). `TOKENSIM_FULL=1`: 13 sampling rates × 6 fractions × 4
// stakes × 12 seeds.

// %%
import {
  breakEvenSampleRate,
  type CheatingInputs,
  cheatingProfitUsdPerHour,
  energySavedUsdPerFakedJob,
} from "../engine/mechanisms/cheatingEconomics.ts";
import { loadScenario, resolveParams } from "../engine/scenario.ts";
import { type AttackRun, attackRun } from "./lib/cheating.ts";
import { FULL, size } from "./lib/config.ts";
import { fmt, Plot, pct, plot, show, Table } from "./lib/display.ts";

const RHOS = size(
  [1e-5, 3e-5, 1e-4, 3e-4, 1e-3, 3e-3, 1e-2, 3e-2],
  [1e-5, 2e-5, 5e-5, 1e-4, 2e-4, 5e-4, 1e-3, 2e-3, 5e-3, 1e-2, 2e-2, 5e-2, 1e-1],
);
const SIGMAS = size([0, 0.05, 0.1, 0.3, 1], [0, 0.02, 0.05, 0.1, 0.3, 1]);
const STAKES = size([100, 500, 2500], [100, 500, 2500, 10000]);
const SEEDS = size([1, 2, 3, 4], [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12]);
const t0 = performance.now();
const runs: AttackRun[] = [];
for (const stake of STAKES)
  for (const sigma of SIGMAS)
    for (const rho of RHOS)
      for (const seed of SEEDS) runs.push(await attackRun(rho, sigma, stake, seed));
await show(
  `${runs.length} runs of 60 days (${RHOS.length} ρ × ${SIGMAS.length} σ × ${STAKES.length} stakes × ${SEEDS.length} seeds${FULL ? ", full size" : ""}) in ${((performance.now() - t0) / 1000).toFixed(0)} s.`,
);

// %% [markdown]
// ## Cheaters' advantage against the sampling rate
//
// Extra wealth of a cheater over an honest provider, in USD per clock day (dots: simulation,
// mean over seeds; lines: the closed form per clock hour, `profit per active hour / (1 + q·J)`,
// at the runs' mean price, utilisation and rewards). Above zero cheating pays. The y axis is
// symmetric-logarithmic: the gain from cheating is small (under a dollar a day), the loss once
// sampling bites is large; the chart is cut at −300 USD/day (a released cheater buys its stake
// back up to the minimum, so every catch costs σ·S tokens, and at the largest stakes and
// sampling rates the loss runs to over a thousand USD a day).

// %%
const p = resolveParams(await loadScenario("cheating-attack"));
const hw = p.hardware.rtx4090!;
const jobGpuHours = p.demand.jobGpuHours;
/** The closed form's inputs at a run's simulated price, utilisation and reward rate. */
const powerUsdPerKwh = p.regions.eu!.powerUsdPerKwh;
/** Load power above idle an active provider pays per hour at utilisation u (USD/hour). */
const loadPowerUsdPerHour = (u: number) => ((hw.loadW - hw.idleW) / 1000) * u * powerUsdPerKwh;
const inputs = (r: AttackRun) => ({
  jobsPerHour: (hw.throughput * r.utilisation) / jobGpuHours,
  cheatFraction: p.providers.cheatFraction,
  savingUsdPerJob: energySavedUsdPerFakedJob(hw, jobGpuHours, powerUsdPerKwh),
  slashFraction: r.slashFraction,
  stakeTokens: r.stakeTokens,
  // A catch costs the stake bought back at the price of the day: the run's mean price.
  priceUsd: r.meanPriceUsd,
  jailHours: p.verification.jailSteps * p.sim.stepHours,
  // A jailed provider earns no reward and draws no load power (it pays idle power either way).
  marginUsdPerHour: r.rewardTokensPerHour * r.meanPriceUsd - loadPowerUsdPerHour(r.utilisation),
});
/** Probability that at least one of an active hour's faked jobs is sampled. */
const catchPerActiveHour = (c: CheatingInputs) =>
  1 - (1 - c.sampleRate) ** (c.cheatFraction * c.jobsPerHour);
/** The closed form per clock hour: per active hour ÷ (1 + q·J). */
const perClockHour = (c: CheatingInputs) =>
  cheatingProfitUsdPerHour(c) / (1 + catchPerActiveHour(c) * c.jailHours);
const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;
const median = (xs: number[]) => {
  const v = [...xs].sort((a, b) => a - b);
  const m = v.length >> 1;
  return v.length % 2 ? v[m]! : (v[m - 1]! + v[m]!) / 2;
};
interface Point {
  rho: number;
  sigma: number;
  stake: number;
  simPerDay: number;
  /** Token price: the runs' mean over the steps, and at the end (USD). */
  meanPrice: number;
  endPrice: number;
  /** Closed form per clock day, and per active day (without the jail correction). */
  closedPerDay: number;
  activePerDay: number;
  /** 1 + q·J at the simulated jobs per hour. */
  jailFactor: number;
  costShare: number;
  badPer1000: number;
  caught: number;
}
const points: Point[] = [];
for (const stake of STAKES)
  for (const sigma of SIGMAS)
    for (const rho of RHOS) {
      const rs = runs.filter(
        (r) => r.stakeTokens === stake && r.slashFraction === sigma && r.sampleRate === rho,
      );
      points.push({
        rho,
        sigma,
        stake,
        simPerDay: 24 * mean(rs.map((r) => r.advantageUsdPerHour)),
        meanPrice: mean(rs.map((r) => r.meanPriceUsd)),
        endPrice: mean(rs.map((r) => r.priceUsd)),
        closedPerDay: 24 * mean(rs.map((r) => perClockHour({ ...inputs(r), sampleRate: rho }))),
        activePerDay:
          24 * mean(rs.map((r) => cheatingProfitUsdPerHour({ ...inputs(r), sampleRate: rho }))),
        jailFactor: mean(
          rs.map((r) => {
            const c = { ...inputs(r), sampleRate: rho };
            return 1 + catchPerActiveHour(c) * c.jailHours;
          }),
        ),
        costShare: mean(rs.map((r) => r.verificationCostUsd / r.revenueUsd)),
        badPer1000: mean(rs.map((r) => (1000 * r.badResults) / r.jobsServed)),
        caught: mean(rs.map((r) => r.cheatersCaught)),
      });
    }
const stakeLabel = (s: number) => `stake ${fmt(s)} tokens`;
const sigmaDomain = SIGMAS.map((s) => `σ = ${s}`);
await show(
  plot(
    {
      width: 900,
      height: 380,
      marginLeft: 60,
      fx: { label: null, domain: STAKES.map(stakeLabel) },
      x: { type: "log", label: "sampling rate ρ", tickFormat: "~e", ticks: 4 },
      y: {
        type: "symlog",
        label: "cheater's advantage (USD/day)",
        grid: true,
        constant: 0.5,
        domain: [-300, 3],
        ticks: [-300, -100, -30, -10, -3, -1, 0, 1, 3],
        tickFormat: (v: number) => String(v),
      },
      color: { domain: sigmaDomain, scheme: "viridis", legend: true },
      marks: [
        Plot.ruleY([0], { stroke: "#c00" }),
        Plot.lineY(points, {
          fx: (d: Point) => stakeLabel(d.stake),
          x: "rho",
          y: "closedPerDay",
          clip: true,
          stroke: (d: Point) => `σ = ${d.sigma}`,
          strokeWidth: 1.5,
        }),
        Plot.dot(points, {
          fx: (d: Point) => stakeLabel(d.stake),
          x: "rho",
          y: "simPerDay",
          clip: true,
          stroke: (d: Point) => `σ = ${d.sigma}`,
          r: 3,
        }),
      ],
    },
    "cheater advantage against sampling rate",
  ),
);

// %% [markdown]
// ## Per active hour or per clock hour?
//
// At the default stake (500 tokens), with jail alone (σ = 0), the default slashing fraction
// (σ = 0.3) and full slashing (σ = 1): the simulated advantage against the closed form per
// active hour and per clock hour, both at the runs' mean price. The ratio of the simulation to
// each shows which one it measures.

// %%
const compareRows: (string | number)[][] = [];
const ratioCell = (sim: number, closed: number) =>
  Math.abs(closed) < 1 ? "–" : fmt(sim / closed, 3);
for (const sigma of [0, 0.3, 1])
  for (const d of points.filter((x) => x.stake === 500 && x.sigma === sigma))
    compareRows.push([
      sigma,
      d.rho.toExponential(0),
      fmt(d.meanPrice, 3),
      fmt(d.simPerDay, 3),
      fmt(d.activePerDay, 3),
      fmt(d.closedPerDay, 3),
      fmt(d.jailFactor, 3),
      ratioCell(d.simPerDay, d.activePerDay),
      ratioCell(d.simPerDay, d.closedPerDay),
    ]);
// Every grid point where the closed form is at least 1 USD a day from zero (nearer zero, seed
// noise dominates the ratio), apart from those where the token price ran away (mean over 10 USD).
const RUNAWAY_USD = 10;
const big = points.filter((d) => Math.abs(d.closedPerDay) >= 1 && d.meanPrice <= RUNAWAY_USD);
const runaway = points.filter((d) => d.meanPrice > RUNAWAY_USD);
const spread = (xs: number[]) => {
  const v = [...xs].sort((a, b) => a - b);
  return `median ${fmt(median(v), 3)}, ${fmt(v[0]!, 3)}–${fmt(v[v.length - 1]!, 3)}`;
};
const clockRatio = (d: Point) => d.simPerDay / d.closedPerDay;
const byClock = [...big].sort((a, b) => clockRatio(a) - clockRatio(b));
const describe = (d: Point) =>
  `${fmt(clockRatio(d), 3)} at stake ${fmt(d.stake)}, σ = ${d.sigma}, ρ = ${d.rho.toExponential(0)} (closed form ${fmt(d.closedPerDay, 3)} USD/day, ${fmt(d.caught, 3)} catches per run, mean price ${fmt(d.meanPrice, 3)} USD)`;
await show(
  new Table(
    [
      "σ",
      "ρ",
      "mean price (USD)",
      "simulation (USD/day)",
      "closed form per active day",
      "closed form per clock day",
      "1 + q·J",
      "simulation ÷ per active",
      "simulation ÷ per clock",
    ],
    compareRows,
  ),
  `Stake 500 tokens. Over the ${big.length} grid points (of ${points.length}) where the closed form is at least 1 USD a day from zero and the mean price stayed under ${RUNAWAY_USD} USD: simulation ÷ closed form per active hour ${spread(big.map((d) => d.simPerDay / d.activePerDay))}; simulation ÷ closed form per clock hour ${spread(big.map(clockRatio))}; lowest ${describe(byClock[0]!)}, highest ${describe(byClock[byClock.length - 1]!)}.`,
  runaway.length === 0
    ? `No grid point's mean price went over ${RUNAWAY_USD} USD.`
    : `Price ran away at ${runaway.length} grid point(s): ${runaway
        .map(
          (d) =>
            `stake ${fmt(d.stake)}, σ = ${d.sigma}, ρ = ${d.rho.toExponential(0)}: mean price ${d.meanPrice.toExponential(2)} USD, end price ${d.endPrice.toExponential(2)} USD, simulated advantage ${d.simPerDay.toExponential(2)} USD/day`,
        )
        .join("; ")}.`,
);

// %% [markdown]
// ## The frontier
//
// Each grid point of the simulation, red where cheaters ended richer than honest
// providers and blue where they ended poorer; the line is the closed-form break-even
// sampling rate ρ*(σ) at each stake (at the simulated price and utilisation). Above the
// line cheating does not pay.

// %%
// The closed form's inputs as simulated at ρ = 1e-3: medians over those runs (a mean would be
// pulled up by the few runs with heavy slashing, where buying stake back lifts the price).
const ref = runs.filter((r) => r.sampleRate === 1e-3).map(inputs);
const refInputs = {
  ...ref[0]!,
  priceUsd: median(ref.map((c) => c.priceUsd)),
  jobsPerHour: median(ref.map((c) => c.jobsPerHour)),
  marginUsdPerHour: median(ref.map((c) => c.marginUsdPerHour)),
};
const frontier = STAKES.flatMap((stake) =>
  Array.from({ length: 101 }, (_, i) => i / 100).map((sigma) => ({
    stake,
    sigma,
    rho: breakEvenSampleRate({ ...refInputs, slashFraction: sigma, stakeTokens: stake }),
  })),
);
await show(
  plot(
    {
      width: 900,
      height: 380,
      marginLeft: 60,
      fx: { label: null, domain: STAKES.map(stakeLabel) },
      x: { label: "slashing fraction σ", domain: [-0.05, 1.05] },
      y: { type: "log", label: "sampling rate ρ", tickFormat: "~e", grid: true },
      color: {
        domain: ["cheating paid", "cheating did not pay"],
        range: ["#d7301f", "#2166ac"],
        legend: true,
      },
      marks: [
        Plot.line(frontier, {
          fx: (d: { stake: number }) => stakeLabel(d.stake),
          x: "sigma",
          y: "rho",
          stroke: "black",
        }),
        Plot.dot(points, {
          fx: (d: Point) => stakeLabel(d.stake),
          x: "sigma",
          y: "rho",
          fill: (d: Point) => (d.simPerDay > 0 ? "cheating paid" : "cheating did not pay"),
          r: 4,
        }),
      ],
    },
    "frontier where cheating stops paying",
  ),
);

// %% [markdown]
// ## What verification costs, and what it lets through
//
// Re-running a share ρ of jobs costs about ρ of their price; the bad results that reach
// clients fall as cheaters are caught and jailed (mean over σ, stakes and seeds).

// %%
const byRho = RHOS.map((rho) => {
  const ps = points.filter((d) => d.rho === rho);
  return {
    rho,
    costShare: mean(ps.map((d) => d.costShare)),
    badPer1000: mean(ps.map((d) => d.badPer1000)),
  };
});
const small = (
  y: "costShare" | "badPer1000",
  label: string,
  color: string,
  fmtY: (v: number) => string,
) =>
  plot(
    {
      width: 440,
      height: 280,
      marginLeft: 60,
      x: { type: "log", label: "sampling rate ρ", tickFormat: "~e", ticks: 4 },
      y: { type: "log", label, grid: true, tickFormat: fmtY },
      marks: [Plot.lineY(byRho, { x: "rho", y, stroke: color, strokeWidth: 2, marker: "circle" })],
    },
    label,
  );
await show(
  small("costShare", "verification cost ÷ revenue", "#7570b3", (v) => pct(v, v < 0.001 ? 3 : 1)),
  small("badPer1000", "bad results per 1,000 jobs served", "#d95f02", (v) => fmt(v)),
);

// %% [markdown]
// ## The numbers
//
// For each stake and slashing fraction: the lowest sampling rate in the grid from which
// cheating never paid in the simulation, the closed-form ρ*, and what verification costs
// at that rate.

// %%
// The closed form's inputs at the scenario's defaults, as test/closedForms/cheating.test.ts takes them:
// every provider active, utilisation = base demand ÷ capacity, rewards = the providers' share of
// the emission split evenly, the genesis price.
const defaultUtil = p.demand.baseGpuHoursPerHour / (p.providers.initial * hw.throughput);
const defaultReward =
  ((p.emission.tokensPerEpoch * (1 - p.emission.foundationShare - p.emission.treasuryShare)) /
    (p.providers.initial * p.sim.epochSteps * p.sim.stepHours)) *
  p.market.initialPriceUsd;
const defaults = {
  jobsPerHour: (hw.throughput * defaultUtil) / jobGpuHours,
  cheatFraction: p.providers.cheatFraction,
  savingUsdPerJob: energySavedUsdPerFakedJob(hw, jobGpuHours, powerUsdPerKwh),
  slashFraction: p.verification.slashFraction,
  stakeTokens: p.staking.minStakeTokens,
  priceUsd: p.market.initialPriceUsd,
  jailHours: p.verification.jailSteps * p.sim.stepHours,
  marginUsdPerHour: defaultReward - loadPowerUsdPerHour(defaultUtil),
};
const rows: (string | number)[][] = [];
for (const stake of STAKES)
  for (const sigma of SIGMAS) {
    const ps = points
      .filter((d) => d.stake === stake && d.sigma === sigma)
      .sort((a, b) => a.rho - b.rho);
    let first: Point | undefined;
    let below: Point | undefined;
    for (let i = ps.length - 1; i >= 0 && ps[i]!.simPerDay < 0; i--) {
      first = ps[i];
      below = ps[i - 1];
    }
    const star = breakEvenSampleRate({ ...refInputs, slashFraction: sigma, stakeTokens: stake });
    rows.push([
      fmt(stake),
      sigma,
      first ? first.rho.toExponential(0) : `> ${RHOS[RHOS.length - 1]!.toExponential(0)}`,
      star >= 1 ? "none (penalty ≤ gain)" : star.toExponential(1),
      below ? `${fmt(below.simPerDay, 2)} at ${below.rho.toExponential(0)}` : "–",
      first ? pct(first.costShare, 3) : "–",
      first ? fmt(first.badPer1000, 2) : "–",
    ]);
  }
await show(
  new Table(
    [
      "stake (tokens)",
      "σ",
      "simulation: cheating stops paying from ρ =",
      "closed form ρ*",
      "simulated advantage at the grid point below (USD/day)",
      "verification cost ÷ revenue there",
      "bad results per 1,000 jobs there",
    ],
    rows,
  ),
  `Simulated inputs of the closed form (medians over the runs at ρ = 1e-3): mean price over a run ${fmt(refInputs.priceUsd)} USD, ${fmt(refInputs.jobsPerHour)} jobs/hour per provider, energy saved per faked job ${fmt(refInputs.savingUsdPerJob)} USD, net income forgone in jail ${fmt(refInputs.marginUsdPerHour)} USD/hour. A cheater gains ${fmt(24 * refInputs.cheatFraction * refInputs.jobsPerHour * refInputs.savingUsdPerJob)} USD a day by faking.`,
  `At the scenario's own defaults (price ${fmt(defaults.priceUsd)} USD, ${fmt(defaults.jobsPerHour)} jobs/hour, stake ${fmt(defaults.stakeTokens)} tokens, σ = ${defaults.slashFraction}, ${defaults.jailHours} h jail, reward ${fmt(defaultReward, 3)} USD/hour): ρ* = ${breakEvenSampleRate({ ...defaults, marginUsdPerHour: defaultReward }).toExponential(3)} when a jailed hour costs the reward, ${breakEvenSampleRate(defaults).toExponential(3)} when it costs the reward less the load power (${fmt(defaults.marginUsdPerHour, 3)} USD/hour), ${breakEvenSampleRate({ ...defaults, marginUsdPerHour: 0 }).toExponential(3)} if it cost nothing.`,
);

// %% [markdown]
// ## What the numbers say
//
// *(The default run committed here: 4 seeds per grid point, 60-day runs.)*
//
// - **The gain from cheating is small, so little verification deters it.** Faking half its
//   jobs saves a cheater 0.913 USD of power a day. Against that, each catch costs σ·S tokens
//   and a day in jail, so the break-even sampling rate falls roughly as 1/(σ·S): at the default
//   500-token stake ρ* is 9.9e-4 with σ = 0.05, 2.1e-4 with σ = 0.3 and 6.6e-5 with σ = 1; a
//   2,500-token stake fully slashed needs only 1.3e-5. At the scenario's own defaults (price
//   1 USD, σ = 0.3) the break-even is 1.959e-4 to 1.981e-4, depending on what a jailed hour costs
//   the cheater (2.100e-4 if it cost nothing).
// - **The simulation measures clock hours, and agrees with the closed form once compared like
//   with like.** The library's closed form is per *active* hour. After each catch the cheater
//   spends 24 hours in jail, where it neither fakes nor can be caught, so per clock hour the
//   advantage is the per-active-hour figure divided by 1 + q·J (1.3 at ρ = 1e-2, 1.98 at 3e-2).
//   Set against the per-active-hour figure the simulated losses look too small (0.505 of it at
//   σ = 0.3, ρ = 3e-2; a median 0.773 over 52 grid points); per clock hour they match (1 at that
//   point; a median 0.998, 0.707–1.11, over the same 52 points: the lowest at 2,500 tokens,
//   σ = 1, ρ = 3e-5, just past the break-even, where 8.75 catches per run decide; the highest at
//   2,500 tokens, σ = 0.3, ρ = 3e-2, where buying back the stake lifted the mean price to
//   5.06 USD). The gap was the jail's dead time, not the stake: a released cheater
//   buys its stake back up to the minimum, so every catch costs the full σ·S.
// - **The switch falls where the closed form puts it, with or without slashing.** In 14 of the 15
//   stake and σ pairs, jail-only included, the simulated switch from "pays" to "does not pay" is
//   the first grid point above the closed-form ρ*. The exception (500 tokens, σ = 0.05,
//   ρ* = 9.9e-4) sits on the break-even itself: at ρ = 1e-3 cheaters came out 0.0064 USD a day
//   ahead, and the switch came at 3e-3.
// - **Slashing carries the deterrent, not jail.** With σ = 0 the stake does not matter and
//   cheating keeps paying until ρ* = 3.7e-3 (at 3e-3 cheaters still came out 0.18 USD a day
//   ahead in the simulation); it stops paying by 1e-2.
// - **Verification is cheap at the frontier.** Re-running a share ρ of jobs costs about ρ of
//   revenue: at the break-even points, 0.003% (2,500 tokens, σ = 1) to 0.3% (100 tokens with
//   σ = 0.05 or 0.1, 500 tokens with σ = 0.05) of revenue, and 1% for the jail-only set-up.
// - **Unprofitable is not the same as caught.** The cheaters here do not adapt: at the
//   break-even rates with slashing, 95–100 of every 1,000 results are still fake (20% of
//   providers faking half their jobs); only the jail-only set-up, which needs ρ = 1e-2, catches
//   and jails them often enough to bring that down, to 81. A protocol that wants bad results to
//   stop, not just to stop paying, must rely on cheaters being rational, or sample far more (and
//   pay for it), or eject repeat offenders faster.
// - **Heavy slashing breaks this model's token market.** Each catch burns σ·S tokens, and the
//   released cheater buys them back on the AMM, with no limit on what it can spend. With
//   2,500-token stakes fully slashed and ρ of 1e-2 or more, that drains the pool's tokens: the
//   price runs away (a mean of 9.07e+11 USD over the runs at ρ = 1e-2) and the simulated
//   advantage reaches −2.14e+9 USD a day. These two grid points are an artefact (a real cheater
//   would run out of money, or leave, long before), so they are left out of the comparison; on
//   a smaller scale the same buying lifts the mean price to 1.97 USD at 500 tokens, σ = 1,
//   ρ = 3e-2.
