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
// 6,000 tokens emitted a day (the equilibrium at the starting price of 1 USD), no entry
// and no exit but one: at the end of its jail term a provider comes back (buying its stake
// back up to the minimum, a refundable deposit) only if its trailing profit covers the slash
// losses it expects per epoch, `q·σ·S·P` with `q` its chance of a catch in an epoch from its
// cheat fraction and the sampling and false-positive rates
// (`engine/mechanisms/lifecycle.ts`, `expectedSlashUsdPerEpoch`); otherwise it leaves. 60
// days. Each run measures, with an extra pipeline phase (`notebooks/lib/cheating.ts`, as in
// `test/scenarios/cheatingAttack.test.ts`), the mean wealth of cheaters and of honest
// providers at the end (cash P&L plus tokens and stake at the market price) over everyone
// who started in each group (`meanWealthUsdByBehaviour`: a provider that left counts with
// what it left with). Cheating *pays* when cheaters end richer.
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
// Both assume that a released cheater comes back, buying its slashed stake back, so that every
// catch costs `σ·S`. One that leaves instead loses `σ·S·P` once, then what an honest provider makes for
// the rest of the run (the reward less power, opex and amortised hardware); a second closed
// form, *leaving at the first catch*, takes that (in this notebook: the cheater fakes for on
// average `A = (1 − (1 − q)^T)/q` of the run's `T` hours, is caught with probability
// `1 − (1 − q)^T`, and is gone for the rest).
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
// mean over seeds; solid lines: the closed form per clock hour buying back,
// `profit per active hour / (1 + q·J)`; dashed lines: the closed form leaving at the first
// catch; both at the runs' mean price, utilisation and rewards). Above zero cheating pays. The
// y axis is symmetric-logarithmic: the gain from cheating is small (under a dollar a day), the
// loss once sampling bites is large; the chart is cut at −100 USD/day (where catches are
// frequent, the closed form buying back runs to over a thousand USD a day, but there the
// cheaters leave).

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
/**
 * The advantage per clock hour over a run of T hours if a caught cheater leaves rather than buy
 * its stake back: it fakes until its first catch (after on average A = (1 − (1 − q)^T)/q active
 * hours within the run, caught with probability 1 − (1 − q)^T), loses σ·S·P and a jail term's
 * net income, and then forgoes what an honest provider makes for the rest of the run: the
 * reward less all power, opex and amortised hardware, the costs its cash P&L stops paying.
 */
const leavesAtFirstCatch = (c: CheatingInputs, r: AttackRun) => {
  const T = r.hours;
  const q = catchPerActiveHour(c);
  const caught = 1 - (1 - q) ** T;
  const active = q > 0 ? caught / q : T;
  const gain = c.cheatFraction * c.jobsPerHour * c.savingUsdPerJob;
  const honestProfit =
    c.marginUsdPerHour -
    (hw.idleW / 1000) * powerUsdPerKwh -
    p.providers.opexUsdPerHour -
    hw.capexUsd / hw.amortHours;
  const gone = Math.max(0, T - active - caught * c.jailHours);
  return (
    (gain * active -
      caught * (c.slashFraction * c.stakeTokens * c.priceUsd + c.jailHours * c.marginUsdPerHour) -
      gone * honestProfit) /
    T
  );
};
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
  /** Closed form per clock day if a caught cheater leaves at its first catch (see below). */
  leavePerDay: number;
  costShare: number;
  badPer1000: number;
  /** Catches, and cheaters that left or are leaving at the end, per run. */
  caught: number;
  left: number;
  /** Share of the cheaters that left or are leaving at the end. */
  leftShare: number;
  /** Honest providers falsely flagged, and those that left or are leaving at the end, per run. */
  falseFlags: number;
  honestLeft: number;
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
        leavePerDay:
          24 * mean(rs.map((r) => leavesAtFirstCatch({ ...inputs(r), sampleRate: rho }, r))),
        costShare: mean(rs.map((r) => r.verificationCostUsd / r.revenueUsd)),
        badPer1000: mean(rs.map((r) => (1000 * r.badResults) / r.jobsServed)),
        caught: mean(rs.map((r) => r.cheatersCaught)),
        left: mean(rs.map((r) => r.cheatersLeft)),
        leftShare: mean(rs.map((r) => r.cheatersLeft / r.cheaters)),
        falseFlags: mean(rs.map((r) => r.falseFlags)),
        honestLeft: mean(rs.map((r) => r.honestLeft)),
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
        domain: [-100, 3],
        ticks: [-100, -30, -10, -3, -1, 0, 1, 3],
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
        Plot.lineY(points, {
          fx: (d: Point) => stakeLabel(d.stake),
          x: "rho",
          y: "leavePerDay",
          clip: true,
          stroke: (d: Point) => `σ = ${d.sigma}`,
          strokeWidth: 1,
          strokeDasharray: "3,3",
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
// active hour and per clock hour (both buying back) and leaving at the first catch, all at the
// runs' mean price, with the share of the cheaters that had left by the end. The ratio of the
// simulation to each shows which one it measures.

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
      pct(d.leftShare, 0),
      fmt(d.leavePerDay, 3),
      ratioCell(d.simPerDay, d.leavePerDay),
      fmt(d.badPer1000, 2),
    ]);
// The grid points in three groups: where nearly every catch ended in the cheater leaving (the
// cheaters that left number ≥ 90% of the catches: the leaving closed form's assumption), where
// caught cheaters bought their stake back (under 5% of the cheaters left: the per-clock closed
// form's), and the mixed points between. Ratios are taken where the group's closed form is at
// least 1 USD a day from zero (nearer zero, seed noise dominates them), apart from any point
// where the token price ran away (mean over 10 USD).
const RUNAWAY_USD = 10;
const BUY_BACK = 0.05;
const LEAVE = 0.9;
const runaway = points.filter((d) => d.meanPrice > RUNAWAY_USD);
const leavesAll = (d: Point) => d.caught > 0 && d.left >= LEAVE * d.caught;
const sane = (d: Point) => d.meanPrice <= RUNAWAY_USD;
const big = points.filter(
  (d) => sane(d) && !leavesAll(d) && d.leftShare < BUY_BACK && Math.abs(d.closedPerDay) >= 1,
);
const leaving = points.filter((d) => sane(d) && leavesAll(d) && Math.abs(d.leavePerDay) >= 1);
const mixed = points.filter(
  (d) => sane(d) && !leavesAll(d) && d.leftShare >= BUY_BACK && Math.abs(d.closedPerDay) >= 1,
);
// The heaviest slashing at the largest sampling rates: the grid points whose buy-backs drained
// the pool before 0.2.0.
const heaviest = points.filter(
  (d) => d.stake === Math.max(...STAKES) && d.sigma === Math.max(...SIGMAS) && d.rho >= 1e-2,
);
const byPrice = [...points].sort((a, b) => a.meanPrice - b.meanPrice);
const isBetween = (d: Point) =>
  d.simPerDay <= Math.max(d.closedPerDay, d.leavePerDay) &&
  d.simPerDay >= Math.min(d.closedPerDay, d.leavePerDay);
const between = mixed.filter(isBetween);
const outside = mixed.filter((d) => !isBetween(d));
const spread = (xs: number[]) => {
  const v = [...xs].sort((a, b) => a - b);
  return `median ${fmt(median(v), 3)}, ${fmt(v[0]!, 3)}–${fmt(v[v.length - 1]!, 3)}`;
};
const clockRatio = (d: Point) => d.simPerDay / d.closedPerDay;
const leaveRatio = (d: Point) => d.simPerDay / d.leavePerDay;
const byClock = [...big].sort((a, b) => clockRatio(a) - clockRatio(b));
const byLeave = [...leaving].sort((a, b) => leaveRatio(a) - leaveRatio(b));
// Leaving points where the simulation is well short of the leaving closed form: the closed form
// holds the price fixed, while the cheaters that leave sell their stake into the pool.
const priceHit = leaving.filter((d) => leaveRatio(d) < 0.8).sort((a, b) => a.stake - b.stake);
const where = (d: Point) => `stake ${fmt(d.stake)}, σ = ${d.sigma}, ρ = ${d.rho.toExponential(0)}`;
const describe = (d: Point, ratio: number, closed: number) =>
  `${fmt(ratio, 3)} at ${where(d)} (closed form ${fmt(closed, 3)} USD/day, ${fmt(d.caught, 3)} catches per run, ${pct(d.leftShare, 0)} of the cheaters left, mean price ${fmt(d.meanPrice, 3)} USD)`;
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
      "cheaters that left",
      "closed form, leaving at the first catch (USD/day)",
      "simulation ÷ leaving",
      "bad results per 1,000 jobs",
    ],
    compareRows,
  ),
  `Stake 500 tokens. Over the ${big.length} grid points (of ${points.length}) where the closed form is at least 1 USD a day from zero and under ${pct(BUY_BACK, 0)} of the cheaters left (and they did not leave at nearly every catch): simulation ÷ closed form per active hour ${spread(big.map((d) => d.simPerDay / d.activePerDay))}; simulation ÷ closed form per clock hour ${spread(big.map(clockRatio))}; lowest ${describe(byClock[0]!, clockRatio(byClock[0]!), byClock[0]!.closedPerDay)}, highest ${describe(byClock.at(-1)!, clockRatio(byClock.at(-1)!), byClock.at(-1)!.closedPerDay)}.`,
  leaving.length === 0
    ? "At no grid point did nearly every catch end in the cheater leaving."
    : `Over the ${leaving.length} grid points where the cheaters that left number at least ${pct(LEAVE, 0)} of the catches and the leaving closed form is at least 1 USD a day from zero: simulation ÷ closed form per clock hour (buying back) ${spread(leaving.map(clockRatio))}; simulation ÷ closed form leaving at the first catch ${spread(leaving.map(leaveRatio))}; lowest ${describe(byLeave[0]!, leaveRatio(byLeave[0]!), byLeave[0]!.leavePerDay)}, highest ${describe(byLeave.at(-1)!, leaveRatio(byLeave.at(-1)!), byLeave.at(-1)!.leavePerDay)}.`,
  priceHit.length === 0
    ? "At every leaving grid point the simulation is at least 0.8 of the leaving closed form."
    : `At the other ${leaving.length - priceHit.length} leaving point(s) the simulation is ${spread(leaving.filter((d) => leaveRatio(d) >= 0.8).map(leaveRatio))} of the leaving closed form. Where it is under 0.8 (${priceHit.length} point(s)), the cheaters that left sold their stake into the pool and the price fell: ${priceHit.map((d) => `${where(d)}: simulation ${fmt(d.simPerDay, 3)} USD/day against ${fmt(d.leavePerDay, 3)}, mean price ${fmt(d.meanPrice, 3)} USD, end price ${fmt(d.endPrice, 3)} USD; a ${fmt(d.stake)}-token stake held to the end lost ${fmt((d.stake * (p.market.initialPriceUsd - d.endPrice)) / (runs[0]!.hours / 24), 3)} USD a day of value from the starting price`).join("; ")}.`,
  mixed.length === 0
    ? "No grid point is mixed."
    : `${mixed.length} mixed grid point(s), where ${pct(Math.min(...mixed.map((d) => d.leftShare)), 0)}–${pct(Math.max(...mixed.map((d) => d.leftShare)), 0)} of the cheaters left, some only after buying back at earlier catches: the simulation lies between the closed form buying back and the one leaving at ${between.length} of them${outside.length ? ` (not at ${outside.map((d) => `${where(d)}: simulation ${fmt(d.simPerDay, 3)} USD/day, buying back ${fmt(d.closedPerDay, 3)}, leaving ${fmt(d.leavePerDay, 3)}`).join("; ")})` : ""}.`,
  runaway.length === 0
    ? `No grid point's mean price went over ${RUNAWAY_USD} USD: the mean price over a run is ${fmt(byPrice[0]!.meanPrice, 3)}–${fmt(byPrice.at(-1)!.meanPrice, 3)} USD across the grid (lowest at ${where(byPrice[0]!)}, ${pct(byPrice[0]!.leftShare, 0)} of the cheaters left; highest at ${where(byPrice.at(-1)!)}, ${pct(byPrice.at(-1)!.leftShare, 0)} left). Heaviest slashing at the largest sampling rates: ${heaviest.map((d) => `${where(d)}: mean price ${fmt(d.meanPrice, 3)} USD, end price ${fmt(d.endPrice, 3)} USD, ${fmt(d.caught, 3)} catches per run, ${pct(d.leftShare, 0)} of the cheaters left, simulation ${fmt(d.simPerDay, 3)} USD/day, closed form leaving ${fmt(d.leavePerDay, 3)}, buying back ${fmt(d.closedPerDay, 3)}`).join("; ")}.`
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
// The closed form's inputs as simulated at ρ = 1e-3: medians over those runs (heavy slashing moves
// the price of a few runs: cheaters that leave and sell their stake lower it).
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
// The restake rule (engine/mechanisms/lifecycle.ts, expectedSlashUsdPerEpoch): at the end of its
// jail a provider comes back only if its trailing profit per epoch covers q·σ·S·P, with q its
// chance of a catch in an epoch. The cheaters' trailing profit as simulated at the smallest ρ,
// where they are rarely caught (median over those runs), sets the ρ from which a caught cheater
// leaves rather than comes back.
const lowRuns = runs.filter((r) => r.sampleRate === RHOS[0]);
const cheaterProfit = median(lowRuns.map((r) => r.cheaterTrailingProfitUsd));
const honestProfit = median(lowRuns.map((r) => r.honestTrailingProfitUsd));
const epochHours = p.sim.epochSteps * p.sim.stepHours;
const expectedSlashPerEpoch = (rho: number, sigma: number, stake: number) => {
  const jobs = (refInputs.jobsPerHour * epochHours) / (1 + rho);
  const faked = jobs * refInputs.cheatFraction;
  const fp = p.verification.falsePositiveRate;
  const q = Math.min(1, 1 - (1 - rho) ** faked + rho * fp * (jobs - faked));
  return q * sigma * stake * refInputs.priceUsd;
};
/** The sampling rate above which a caught cheater with the median trailing profit leaves (Infinity: never). */
const leaveSampleRate = (sigma: number, stake: number) => {
  if (expectedSlashPerEpoch(1, sigma, stake) <= cheaterProfit) return Number.POSITIVE_INFINITY;
  let lo = 0;
  let hi = 1;
  for (let k = 0; k < 60; k++) {
    const mid = (lo + hi) / 2;
    if (expectedSlashPerEpoch(mid, sigma, stake) > cheaterProfit) hi = mid;
    else lo = mid;
  }
  return hi;
};
const leaveOverStar = STAKES.flatMap((stake) =>
  SIGMAS.filter((sigma) => Number.isFinite(leaveSampleRate(sigma, stake))).map(
    (sigma) =>
      leaveSampleRate(sigma, stake) /
      breakEvenSampleRate({ ...refInputs, slashFraction: sigma, stakeTokens: stake }),
  ),
);
const rows: (string | number)[][] = [];
/** The first grid ρ at or above x (undefined above the grid). */
const gridAbove = (x: number) => RHOS.find((r) => r >= x * (1 - 1e-9));
const switchChecks: { where: string; ok: boolean; star: number; near: Point | undefined }[] = [];
const leaveChecks: { where: string; ok: boolean }[] = [];
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
    const leaveAt = leaveSampleRate(sigma, stake);
    // Caught cheaters that left ÷ catches: the share of catches that ended in the cheater leaving.
    const halfLeft = ps.find((d) => d.caught > 0 && d.left >= 0.5 * d.caught);
    const pair = `stake ${fmt(stake)}, σ = ${sigma}`;
    const near = ps.find((d) => Math.abs(d.rho / star - 1) < 0.05);
    switchChecks.push({ where: pair, ok: first?.rho === gridAbove(star), star, near });
    if (Number.isFinite(leaveAt))
      leaveChecks.push({ where: pair, ok: halfLeft?.rho === gridAbove(leaveAt) });
    rows.push([
      fmt(stake),
      sigma,
      first ? first.rho.toExponential(0) : `> ${RHOS[RHOS.length - 1]!.toExponential(0)}`,
      star >= 1 ? "none (penalty ≤ gain)" : star.toExponential(1),
      below ? `${fmt(below.simPerDay, 2)} at ${below.rho.toExponential(0)}` : "–",
      first ? pct(first.costShare, 3) : "–",
      first ? fmt(first.badPer1000, 2) : "–",
      first ? pct(first.leftShare, 0) : "–",
      Number.isFinite(leaveAt) ? leaveAt.toExponential(1) : "never",
      halfLeft ? halfLeft.rho.toExponential(0) : `> ${RHOS[RHOS.length - 1]!.toExponential(0)}`,
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
      "cheaters that left there",
      "restake rule: a caught cheater leaves from ρ ≈",
      "simulation: half the catches or more end in leaving from ρ =",
    ],
    rows,
  ),
  `Simulated inputs of the closed form (medians over the runs at ρ = 1e-3): mean price over a run ${fmt(refInputs.priceUsd)} USD, ${fmt(refInputs.jobsPerHour)} jobs/hour per provider, energy saved per faked job ${fmt(refInputs.savingUsdPerJob)} USD, net income forgone in jail ${fmt(refInputs.marginUsdPerHour)} USD/hour. A cheater gains ${fmt(24 * refInputs.cheatFraction * refInputs.jobsPerHour * refInputs.savingUsdPerJob)} USD a day by faking.`,
  `At the scenario's own defaults (price ${fmt(defaults.priceUsd)} USD, ${fmt(defaults.jobsPerHour)} jobs/hour, stake ${fmt(defaults.stakeTokens)} tokens, σ = ${defaults.slashFraction}, ${defaults.jailHours} h jail, reward ${fmt(defaultReward, 3)} USD/hour): ρ* = ${breakEvenSampleRate({ ...defaults, marginUsdPerHour: defaultReward }).toExponential(3)} when a jailed hour costs the reward, ${breakEvenSampleRate(defaults).toExponential(3)} when it costs the reward less the load power (${fmt(defaults.marginUsdPerHour, 3)} USD/hour), ${breakEvenSampleRate({ ...defaults, marginUsdPerHour: 0 }).toExponential(3)} if it cost nothing.`,
  `The simulated switch from "pays" to "does not pay" is the first grid point at or above the closed-form ρ* for ${switchChecks.filter((c) => c.ok).length} of the ${switchChecks.length} (stake, σ) pairs${
    switchChecks.some((c) => !c.ok)
      ? ` (not for ${switchChecks
          .filter((c) => !c.ok)
          .map((c) => c.where)
          .join("; ")})`
      : ""
  }${
    switchChecks.some((c) => c.near)
      ? `; ρ* within 5% of a grid point: ${switchChecks
          .filter((c) => c.near)
          .map(
            (c) =>
              `${c.where}, ρ* = ${c.star.toExponential(3)}, at ρ = ${c.near!.rho.toExponential(0)} simulated advantage ${fmt(c.near!.simPerDay, 3)} USD/day`,
          )
          .join("; ")}`
      : ""
  }. Half the catches or more end in the cheater leaving from the first grid point at or above the restake rule's ρ for ${leaveChecks.filter((c) => c.ok).length} of the ${leaveChecks.length} pairs where the rule makes a cheater leave at all${
    leaveChecks.some((c) => !c.ok)
      ? ` (not for ${leaveChecks
          .filter((c) => !c.ok)
          .map((c) => c.where)
          .join("; ")})`
      : ""
  }.`,
  `Trailing profit per epoch at ρ = ${RHOS[0]!.toExponential(0)} (medians over those runs): cheaters ${fmt(cheaterProfit, 3)} USD, honest providers ${fmt(honestProfit, 3)} USD (margins over the hardware's opportunity cost). A caught cheater leaves where q·σ·S·P exceeds the former: at the default 500-token stake and σ = 0.3 from ρ ≈ ${leaveSampleRate(0.3, 500).toExponential(2)}, ${fmt(leaveSampleRate(0.3, 500) / breakEvenSampleRate({ ...refInputs, stakeTokens: 500, slashFraction: 0.3 }), 2)}× the break-even; over the grid's (stake, σ) pairs the rule's ρ is ${fmt(Math.min(...leaveOverStar), 2)}–${fmt(Math.max(...leaveOverStar), 2)}× ρ*; at the scenario's default ρ = ${p.verification.sampleRate} a caught cheater expects to lose ${fmt(expectedSlashPerEpoch(p.verification.sampleRate, p.verification.slashFraction, p.staking.minStakeTokens), 3)} USD an epoch.`,
  `Honest providers falsely flagged: ${fmt(Math.min(...points.map((d) => d.falseFlags)), 2)}–${fmt(Math.max(...points.map((d) => d.falseFlags)), 2)} per run across the grid; honest providers that left: ${fmt(Math.max(...points.map((d) => d.honestLeft)), 2)} per run at most.`,
);

// %% [markdown]
// ## What the numbers say
//
// *(The default run committed here: 4 seeds per grid point, 60-day runs.)*
//
// - **The gain from cheating is small, so little verification deters it.** Faking half its
//   jobs saves a cheater 0.917 USD of power a day. Against that, each catch costs σ·S tokens
//   and a day in jail, so the break-even sampling rate falls roughly as 1/(σ·S): at the default
//   500-token stake ρ* is 1.1e-3 with σ = 0.05, 2.0e-4 with σ = 0.3 and 6.2e-5 with σ = 1; a
//   2,500-token stake fully slashed needs only 1.3e-5. At the scenario's own defaults (price
//   1 USD, σ = 0.3) the break-even is 2.027e-4 to 2.051e-4, depending on what a jailed hour costs
//   the cheater (2.100e-4 if it cost nothing).
// - **The switch falls where the closed form puts it, with or without slashing.** In 14 of the 15
//   stake and σ pairs, jail-only included, the simulated switch from "pays" to "does not pay" is
//   the first grid point at or above the closed-form ρ*; at the grid point below, cheaters came
//   out 0.055–0.6 USD a day ahead. The fifteenth (100 tokens, σ = 1) has ρ* = 3.03e-4, a hair
//   above the 3e-4 grid point, where cheaters came out 0.0082 USD a day behind: even. At the
//   switch points 0–13% of the cheaters had left.
// - **Coming back from jail is a choice, and above about four times the break-even caught
//   cheaters leave.** A released cheater comes back only if its trailing profit (3.43 USD an
//   epoch as simulated at ρ = 1e-5, an honest provider's 2.52 plus what faking saves) covers
//   the slashes it expects per epoch. That sets a second threshold, 3.8–11× ρ* across the grid
//   (7.9e-4 at the default stake and σ = 0.3, 3.9× ρ*; at the scenario's default ρ = 0.02 a
//   caught cheater expects to lose 65.9 USD an epoch, and leaves). In all 12 pairs with a
//   finite threshold, half the catches or more end in the cheater leaving from the first grid
//   point at or above it. No honest provider left (0–2.3 false flags per run): a falsely flagged
//   provider expects almost no slashing and its margin is positive.
// - **Where caught cheaters leave, the simulation matches the closed form leaving at the first
//   catch.** Over the 38 grid points where the cheaters that left number at least 90% of the
//   catches, the simulation is a median 0.992 of that closed form and 0.166 (0.0084–0.989) of
//   the one buying back, which overstates the loss a median six-fold. At 2,500 tokens, σ = 1,
//   ρ = 1e-2 and 3e-2 every cheater is caught about once (203 catches per run), all leave, and
//   they end 43.8 and 43.9 USD a day behind, as leaving predicts (43.8; buying back would say
//   663 and 1,310), with the mean price at 1 USD. Across the grid the mean price stays within
//   0.864–1.01 USD.
// - **Leavers sell their stake, and with a big stake and a light slash that moves the
//   comparison.** At 31 of the 38 leaving points the simulation is 0.842–1.09 of the leaving
//   closed form; the 7 others are all at 2,500 tokens with σ = 0.05 or 0.1, where each cheater
//   that leaves sells 90–95% of a 2,500-token stake into the pool. The price ends at
//   0.849–0.88 USD, so an honest provider's stake, marked at the end price, lost 5–6.3 USD a day
//   of value, while the leavers sold earlier and dearer: cheaters end only 0.083–2.7 USD a day
//   behind, against 2.8–4.9 in the closed form, which holds the price fixed. The same effect puts
//   one of the 10 mixed points outside the two closed forms (2,500 tokens, σ = 0.05, ρ = 1e-3:
//   −0.489 USD a day, against −2.77 buying back and −2 leaving); the other 9 lie between them.
// - **Jail's cost is per clock hour, not per active hour, but with slashing this is hard to see
//   now.** After each catch a cheater that comes back spends 24 hours in jail, where it neither
//   fakes nor can be caught, so per clock hour the advantage is the per-active-hour figure divided
//   by 1 + q·J. With jail alone at ρ = 3e-2 (1 + q·J = 2; 17% of the cheaters left, their trailing
//   profit run negative by the jail terms) the simulation is 1.07 of the closed form per clock
//   hour and 0.534 of the one per active hour. With slashing, caught cheaters leave long before
//   1 + q·J departs from 1 (1.03 at the default stake and σ = 0.3 at ρ = 1e-3, where 84% of them
//   left): the 3 grid points at least 1 USD a day from zero where under 5% of the cheaters left
//   fit both closed forms alike (0.727–1.1 of the one per active hour, 0.728–1.1 per clock hour).
// - **Slashing carries the deterrent, not jail.** With σ = 0 the stake does not matter and
//   cheating keeps paying until ρ* = 8.6e-3 (at 3e-3 cheaters still came out 0.52 USD a day
//   ahead in the simulation); it stops paying by 1e-2. A jailed hour costs a cheater only
//   0.152 USD of net income, and with nothing to lose but jail a caught cheater leaves only once
//   the jail terms push its trailing profit below zero (5% of them at 1e-2, 17% at 3e-2).
// - **Verification is cheap at the frontier.** Re-running a share ρ of jobs costs about ρ of
//   revenue: at the switch points with slashing, 0.003% (2,500 tokens, σ = 1) to 0.3% (100 tokens
//   with σ = 0.1, 500 tokens with σ = 0.05) of revenue, and 1% where the slash is too small to
//   matter (100 tokens with σ = 0.05) and for the jail-only set-up.
// - **Unprofitable is not the same as caught, but past the leave threshold the cheaters go.**
//   The cheaters here do not adapt: at the switch points at or under ρ = 3e-3, 90–100 of every
//   1,000 results are still fake (20% of providers faking half their jobs); the set-ups that need
//   ρ = 1e-2 (jail alone, and 100 tokens with σ = 0.05) bring that down to 72–78. Sampling past the
//   restake threshold removes them instead: at the default stake and σ = 0.3, 100 bad results per
//   1,000 at ρ = 3e-4, 51 at 1e-3, 20 at 3e-3, 6 at 1e-2, 1.8 at 3e-2, for about ρ of revenue.
//   (A cheater here can only come back cheating or leave; one that came back honest would stop
//   the bad results the same way and keep its capacity in the network.)
