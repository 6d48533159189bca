import { meanWealthUsdByBehaviour } from "../../engine/mechanisms/cheatingEconomics.ts";
import { MemorySink } from "../../engine/metrics/arrow.ts";
import { DEFAULT_PHASES } from "../../engine/pipeline/phases.ts";
import { runSimulation } from "../../engine/pipeline/run.ts";
import { loadScenario, resolveParams, type Scenario } from "../../engine/scenario.ts";
import type { World } from "../../engine/state/world.ts";

/** What one run of the cheating attack shows about cheaters against honest providers. */
export interface AttackRun {
  sampleRate: number;
  slashFraction: number;
  stakeTokens: number;
  seed: number;
  hours: number;
  /** Mean wealth per provider at the end (USD): cash P&L + (wallet + stake) × price. */
  cheaterUsd: number;
  honestUsd: number;
  /** Cheaters' extra wealth over honest providers per provider-hour (USD/hour); > 0: cheating paid. */
  advantageUsdPerHour: number;
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
 * Runs the `cheating-attack` scenario at (ρ, σ, stake) in this thread, with a
 * probe phase (as in test/scenarios/cheatingAttack.test.ts) that measures both
 * groups' wealth after the last step and sums verification cost and revenue.
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
            if (w.step !== w.params.sim.steps - 1) return;
            const wealth = meanWealthUsdByBehaviour(w);
            const hours = w.params.sim.steps * w.params.sim.stepHours;
            const util = out.utilSum / w.params.sim.steps;
            Object.assign(r, {
              hours,
              cheaterUsd: wealth.cheater,
              honestUsd: wealth.honest,
              advantageUsdPerHour: (wealth.cheater - wealth.honest) / hours,
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
