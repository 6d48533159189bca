import { meanWealthUsdByBehaviour } from "../../engine/mechanisms/cheatingEconomics.ts";
import { MemorySink } from "../../engine/metrics/arrow.ts";
import { DEFAULT_PHASES } from "../../engine/pipeline/phases.ts";
import { runSimulation } from "../../engine/pipeline/run.ts";
import { loadScenario, resolveParams, type Scenario } from "../../engine/scenario.ts";
import { Behaviour, Status } from "../../engine/state/providers.ts";
import type { World } from "../../engine/state/world.ts";

/** What one run of the cheating attack shows about cheaters against honest providers. */
export interface AttackRun {
  sampleRate: number;
  slashFraction: number;
  stakeTokens: number;
  seed: number;
  hours: number;
  /**
   * Mean wealth per provider at the end (USD), `meanWealthUsdByBehaviour`: cash P&L +
   * (wallet + stake) × price, over every provider that has been in the group, those who
   * left included at their wealth when they left (what they sold their tokens and stake
   * for). The scenario has no entry, so that is everyone who started.
   */
  cheaterUsd: number;
  honestUsd: number;
  /** Cheaters' extra wealth over honest providers per provider-hour (USD/hour); > 0: cheating paid. */
  advantageUsdPerHour: number;
  /** Cheaters and honest providers that started, and of them those that left or are leaving at the end. */
  cheaters: number;
  honest: number;
  cheatersLeft: number;
  honestLeft: number;
  /**
   * Mean trailing profit per epoch (USD) of the active cheaters and honest providers at the
   * end (NaN where none is active): what a jailed provider sets against the slash losses it
   * expects when it decides whether to come back (engine/mechanisms/lifecycle.ts).
   */
  cheaterTrailingProfitUsd: number;
  honestTrailingProfitUsd: number;
  /** Inputs of the closed form (engine/mechanisms/cheatingEconomics.ts), as simulated. */
  priceUsd: number;
  /** Token price averaged over the run's steps (USD): what a catch costs on average. */
  meanPriceUsd: number;
  utilisation: number;
  rewardTokensPerHour: number;
  /** Totals over the run. */
  revenueUsd: number;
  verificationCostUsd: number;
  jobsServed: number;
  badResults: number;
  cheatersCaught: number;
  falseFlags: number;
  slashedTokens: number;
}

/**
 * How many cheaters and honest providers have been in the network (those that left
 * included, from `Roster.departedCount`), and how many of each have left or are
 * unbonding (status Exiting) at this step, and the mean trailing profit (USD per
 * epoch) of the active ones.
 */
function cohortCounts(w: World) {
  const s = w.providers;
  const r = w.roster;
  const n = [
    r.departedCount[Behaviour.Cheater]!,
    r.departedCount[Behaviour.Honest]! + r.departedCount[Behaviour.Tee]!,
  ];
  const left = [...n];
  for (let i = 0; i < s.highWater; i++) {
    if (s.status[i] === Status.Empty) continue;
    const g = s.behaviour[i] === Behaviour.Cheater ? 0 : 1;
    n[g]!++;
    if (s.status[i] === Status.Exiting) left[g]!++;
  }
  const profit = [0, 0];
  const active = [0, 0];
  for (let i = 0; i < s.highWater; i++) {
    if (s.status[i] !== Status.Active) continue;
    const g = s.behaviour[i] === Behaviour.Cheater ? 0 : 1;
    profit[g]! += s.trailingProfit[i]!;
    active[g]!++;
  }
  return {
    nCheaters: n[0]!,
    nHonest: n[1]!,
    cheatersLeft: left[0]!,
    honestLeft: left[1]!,
    cheaterProfit: active[0]! > 0 ? profit[0]! / active[0]! : Number.NaN,
    honestProfit: active[1]! > 0 ? profit[1]! / active[1]! : Number.NaN,
  };
}

/**
 * Runs the `cheating-attack` scenario at (ρ, σ, stake) in this thread, with a
 * probe phase (as in test/scenarios/cheatingAttack.test.ts) that measures both
 * groups' wealth after the last step and sums verification cost and revenue.
 * Wealth is compared over everyone who started in each group
 * (`meanWealthUsdByBehaviour` counts the providers that left at their wealth when
 * they left): a jailed cheater whose margin does not cover the slashes it expects
 * leaves with what it has, and counting only those still there would leave out the
 * ones cheating cost most.
 */
export async function attackRun(
  sampleRate: number,
  slashFraction: number,
  stakeTokens: number,
  seed: number,
  extraSets: string[] = [],
): Promise<AttackRun> {
  const base = await loadScenario("cheating-attack");
  const out = {
    utilSum: 0,
    priceSum: 0,
    revenue: 0,
    verif: 0,
    served: 0,
    bad: 0,
    caught: 0,
    ff: 0,
    slashed: 0,
    entrants: 0,
  };
  const r = {} as AttackRun;
  const scenario: Scenario = {
    ...base,
    phases: [
      ...(base.phases ?? DEFAULT_PHASES),
      {
        name: "attackProbe",
        create: () => ({
          name: "attackProbe",
          run(w: World) {
            const t = w.totals;
            out.utilSum += w.matching.utilByRegion[0]!;
            out.priceSum += w.amm.price;
            out.revenue += t.revenueUsd;
            out.verif += t.verificationCostUsd;
            out.served += t.jobsServed;
            out.bad += t.badResults;
            out.caught += t.cheatersCaught;
            out.ff += t.falseFlags;
            out.slashed += t.slashed;
            out.entrants += t.entrants;
            if (w.step !== w.params.sim.steps - 1) return;
            if (out.entrants > 0)
              throw new Error("attackRun: providers entered; the groups are not those who started");
            const wealth = meanWealthUsdByBehaviour(w);
            const counts = cohortCounts(w);
            const hours = w.params.sim.steps * w.params.sim.stepHours;
            const util = out.utilSum / w.params.sim.steps;
            Object.assign(r, {
              hours,
              cheaterUsd: wealth.cheater,
              honestUsd: wealth.honest,
              advantageUsdPerHour: (wealth.cheater - wealth.honest) / hours,
              cheaters: counts.nCheaters,
              honest: counts.nHonest,
              cheatersLeft: counts.cheatersLeft,
              honestLeft: counts.honestLeft,
              cheaterTrailingProfitUsd: counts.cheaterProfit,
              honestTrailingProfitUsd: counts.honestProfit,
              priceUsd: w.amm.price,
              meanPriceUsd: out.priceSum / w.params.sim.steps,
              utilisation: util,
              rewardTokensPerHour: w.emission.rewardPerWork * util + w.emission.rewardPerAvail,
            });
          },
        }),
      },
    ],
  };
  const params = resolveParams(scenario, [
    `verification.sampleRate=${sampleRate}`,
    `verification.slashFraction=${slashFraction}`,
    `staking.minStakeTokens=${stakeTokens}`,
    ...extraSets,
  ]);
  const summary = await runSimulation({ scenario, params, seed }, new MemorySink(), {
    recordEvery: params.sim.steps,
  });
  if (summary.status !== "ok") throw new Error(`run failed: ${summary.failure?.message}`);
  return Object.assign(r, {
    sampleRate,
    slashFraction,
    stakeTokens,
    seed,
    revenueUsd: out.revenue,
    verificationCostUsd: out.verif,
    jobsServed: out.served,
    badResults: out.bad,
    cheatersCaught: out.caught,
    falseFlags: out.ff,
    slashedTokens: out.slashed,
  });
}
