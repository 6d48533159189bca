import { enterProviders, exitDecisions } from "../../mechanisms/churn.ts";
import { advanceLifecycle, type LifecycleResult } from "../../mechanisms/lifecycle.ts";
import { subsidyUsdPerHour } from "../../mechanisms/subsidies.ts";
import { quantiles } from "../../metrics/quantiles.ts";
import type { PhaseFactory } from "../phase.ts";

/**
 * Providers' lifecycle, exits and entry (the `providerEconomics` phase): every step it
 * advances status timers (onboarding, jail, unbonding; `advanceLifecycle`); at an
 * epoch end it takes exit decisions on trailing profit, records the profit quantiles,
 * and adds entrants by expected ROI at the epoch's mean utilisation.
 *
 * A jailed member of a cheating ring (`rings.share` > 0) decides to restake on
 * the catch rate it faces, `ρ · (1 − c)` (its ring's escape share c, from the
 * rings the `verification` phase placed in `w.rings`). With `subsidies.enabled`
 * entrants count the subsidy they would get per hour as the programme stands
 * (`subsidyUsdPerHour` from `w.subsidies.paidShare`): what an active provider
 * of their throughput was paid at this epoch end, which exits count.
 *
 * Reads `w.roster`, `w.amm.price`, `w.emission.rewardPerWork`/`rewardPerAvail`,
 * `w.credits.usdPerWork`, `w.matching.epochUtilSum`, `w.shocks.classShare`/
 * `powerFactor`, `w.epochsCompleted` and `w.rng.entry`. Writes `w.roster`,
 * `w.ledger`, `w.amm` (tokens sold on exit), `w.matching.epochUtilSum` (reset),
 * `w.economics.profitP10`/`P50`/`P90` and `w.totals` (provider tokens sold, exits,
 * entrants).
 *
 * After: `settlement`.
 */
export const providerEconomicsPhase: PhaseFactory = (w) => {
  const p = w.params;
  const lifecycle: LifecycleResult = {
    activated: 0,
    released: 0,
    quitAfterJail: 0,
    exitSoldTokens: 0,
  };
  const restake = {
    minStake: p.staking.minStakeTokens,
    unbondingSteps: p.economics.unbondingSteps,
    epochHours: p.sim.epochSteps * p.sim.stepHours,
    jobsPerWorkHour: 1 / p.demand.jobGpuHours / (1 + p.verification.sampleRate),
    sampleRate: p.verification.sampleRate,
    falsePositiveRate: p.verification.falsePositiveRate,
    slashFraction: p.verification.slashFraction,
  };
  const profits = new Float64Array(w.providers.capacity);
  const exitResult = { exits: 0 };
  const epochHours = p.sim.epochSteps * p.sim.stepHours;
  const meanUtil = new Float64Array(w.nRegions);
  const rings = w.rings.rings;
  const sp = p.subsidies;
  const subsidies = w.subsidies;
  // The price entrants value a token subsidy at: the epoch end's, as exits do.
  let entryPrice = 0;
  const subsidy = sp.enabled
    ? (throughput: number) =>
        subsidyUsdPerHour(sp, subsidies.paidShare, throughput, epochHours, entryPrice)
    : undefined;
  return {
    name: "providerEconomics",
    reads: [
      "emission.rewardPerWork",
      "emission.rewardPerAvail",
      "credits.usdPerWork",
      "matching.epochUtilSum",
      "shocks.classShare",
      "shocks.powerFactor",
      ...(sp.enabled ? ["subsidies"] : []),
      "rings",
    ],
    writes: ["economics", "matching.epochUtilSum"],
    run(w) {
      advanceLifecycle(w.roster, w.ledger, w.amm, w.step, restake, lifecycle, rings);
      w.totals.providerSoldTokens += lifecycle.exitSoldTokens;
      w.totals.exits += lifecycle.quitAfterJail;
      if (!w.isEpochEnd) return;
      const price = w.amm.price;
      entryPrice = price;
      w.roster.accrueAll();
      const n = exitDecisions(
        p.economics,
        w.roster,
        price,
        epochHours,
        w.step,
        p.sim.stepHours,
        w.epochsCompleted === 0,
        profits,
        exitResult,
      );
      w.totals.exits += exitResult.exits;
      const q = quantiles(profits.subarray(0, n), [0.1, 0.5, 0.9]);
      const econ = w.economics;
      econ.profitP10 = q[0]!;
      econ.profitP50 = q[1]!;
      econ.profitP90 = q[2]!;
      const utilSum = w.matching.epochUtilSum;
      for (let r = 0; r < w.nRegions; r++) {
        meanUtil[r] = utilSum[r]! / p.sim.epochSteps;
        utilSum[r] = 0;
      }
      w.totals.entrants = enterProviders(
        p,
        w.classNames,
        w.regionNames,
        w.roster,
        w.ledger,
        w.amm,
        {
          price,
          rewardPerWork: w.emission.rewardPerWork,
          rewardPerAvail: w.emission.rewardPerAvail,
          // Entry sees the same income as exit decisions: the fiat share and, on a
          // credits network, last epoch's credit redemptions per GPU-hour served.
          fiatPerWork: p.pricing.usdPerGpuHour * p.pricing.providerFiatShare + w.credits.usdPerWork,
          utilByRegion: meanUtil,
          classShare: w.shocks.classShare,
          powerFactor: w.shocks.powerFactor,
          ...(subsidy && { subsidyUsdPerHour: subsidy }),
        },
        w.step,
        w.rng.entry,
      );
    },
  };
};
