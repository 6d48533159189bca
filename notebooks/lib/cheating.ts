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
   * Mean wealth per provider at the end (USD): cash P&L + (wallet + stake) × price, over
   * everyone who started in the group, those who left included (a provider that left keeps
   * what it sold its tokens and stake for; the scenario has no entry, so no slot is reused).
   */
  cheaterUsd: number;
  honestUsd: number;
  /** Cheaters' extra wealth over honest providers per provider-hour (USD/hour); > 0: cheating paid. */
  advantageUsdPerHour: number;
  /**
   * The same advantage over the providers still in the network at the end only
   * (`meanWealthUsdByBehaviour`): biased upwards once caught cheaters leave.
   */
  survivorAdvantageUsdPerHour: number;
  /** Cheaters and honest providers that started, and of them those that left or are leaving at the end. */
  cheaters: number;
  honest: number;
  cheatersLeft: number;
  honestLeft: number;
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
 * Mean wealth per provider (USD) of cheaters and of everyone else over every slot
 * ever used (cash P&L + (wallet + stake) × price; a provider that left holds
 * neither tokens nor stake, so its wealth is its P&L), and how many of each left
 * or are unbonding. Valid only when no slot has been reused (no entry).
 */
function cohortWealth(w: World) {
  w.roster.accrueAll();
  const s = w.providers;
  const price = w.amm.price;
  const sum = [0, 0];
  const n = [0, 0];
  const left = [0, 0];
  for (let i = 0; i < s.highWater; i++) {
    const g = s.behaviour[i] === Behaviour.Cheater ? 0 : 1;
    sum[g]! += s.pnlUsd[i]! + (s.tokens[i]! + s.stake[i]!) * price;
    n[g]!++;
    if (s.status[i] === Status.Empty || s.status[i] === Status.Exiting) left[g]!++;
  }
  return {
    cheater: sum[0]! / n[0]!,
    honest: sum[1]! / n[1]!,
    nCheaters: n[0]!,
    nHonest: n[1]!,
    cheatersLeft: left[0]!,
    honestLeft: left[1]!,
  };
}

/**
 * Runs the `cheating-attack` scenario at (ρ, σ, stake) in this thread, with a
 * probe phase (as in test/scenarios/cheatingAttack.test.ts) that measures both
 * groups' wealth after the last step and sums verification cost and revenue.
 * Wealth is compared over everyone who started in each group: a jailed cheater
 * that would rather leave than buy back its slashed stake leaves with what it has,
 * and counting only those still there would leave out the ones it cost most.
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
            out.utilSum += w.utilByRegion[0]!;
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
              throw new Error("attackRun: providers entered; slots may be reused");
            const survivors = meanWealthUsdByBehaviour(w);
            const wealth = cohortWealth(w);
            const hours = w.params.sim.steps * w.params.sim.stepHours;
            const util = out.utilSum / w.params.sim.steps;
            Object.assign(r, {
              hours,
              cheaterUsd: wealth.cheater,
              honestUsd: wealth.honest,
              advantageUsdPerHour: (wealth.cheater - wealth.honest) / hours,
              survivorAdvantageUsdPerHour: (survivors.cheater - survivors.honest) / hours,
              cheaters: wealth.nCheaters,
              honest: wealth.nHonest,
              cheatersLeft: wealth.cheatersLeft,
              honestLeft: wealth.honestLeft,
              priceUsd: w.amm.price,
              meanPriceUsd: out.priceSum / w.params.sim.steps,
              utilisation: util,
              rewardTokensPerHour: w.rewardPerWork * util + w.rewardPerAvail,
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
