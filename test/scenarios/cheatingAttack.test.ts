import { describe, expect, it } from "vitest";
import {
  breakEvenSampleRate,
  cheatingProfitUsdPerHour,
  energySavedUsdPerFakedJob,
  meanWealthUsdByBehaviour,
} from "../../engine/mechanisms/cheatingEconomics.ts";
import { MemorySink } from "../../engine/metrics/arrow.ts";
import { DEFAULT_PHASES } from "../../engine/pipeline/phases.ts";
import { runSimulation } from "../../engine/pipeline/run.ts";
import { defineScenario, resolveParams } from "../../engine/scenario.ts";
import type { World } from "../../engine/state/world.ts";
import { scenario as attack } from "../../scenarios/cheating-attack.ts";

interface Probe {
  /** Mean wealth per provider (USD): cash P&L + (wallet + stake) × price. */
  cheater: number;
  honest: number;
  price: number;
  util: number;
  rewardPerHourTokens: number;
}

/** Runs the attack at (ρ, σ) and measures both groups' wealth after the last step. */
async function simulate(rho: number, sigma: number): Promise<Probe> {
  const probe: Probe = { cheater: 0, honest: 0, price: 0, util: 0, rewardPerHourTokens: 0 };
  let utilSum = 0;
  const scenario = defineScenario({
    ...attack,
    phases: [
      ...DEFAULT_PHASES,
      {
        name: "probe",
        create: () => ({
          name: "probe",
          run(w: World) {
            utilSum += w.matching.utilByRegion[0]!;
            if (w.step !== w.params.sim.steps - 1) return;
            const wealth = meanWealthUsdByBehaviour(w);
            probe.cheater = wealth.cheater;
            probe.honest = wealth.honest;
            probe.price = w.amm.price;
            probe.util = utilSum / w.params.sim.steps;
            probe.rewardPerHourTokens =
              (w.emission.rewardPerWork * probe.util + w.emission.rewardPerAvail) * 1;
          },
        }),
      },
    ],
  });
  const params = resolveParams(scenario, [
    `verification.sampleRate=${rho}`,
    `verification.slashFraction=${sigma}`,
  ]);
  const summary = await runSimulation({ scenario, params, seed: 11 }, new MemorySink());
  expect(summary.status).toBe("ok");
  return probe;
}

/** The closed form at the scenario's parameters and the simulated utilisation and price. */
function closedForm(rho: number, sigma: number, probe: Probe): number {
  const p = resolveParams(attack);
  const hw = p.hardware.rtx4090!;
  return cheatingProfitUsdPerHour({
    jobsPerHour: (hw.throughput * probe.util) / p.demand.jobGpuHours,
    cheatFraction: p.providers.cheatFraction,
    savingUsdPerJob: energySavedUsdPerFakedJob(
      hw,
      p.demand.jobGpuHours,
      p.regions.eu!.powerUsdPerKwh,
    ),
    sampleRate: rho,
    slashFraction: sigma,
    stakeTokens: p.staking.minStakeTokens,
    priceUsd: probe.price,
    jailHours: p.verification.jailSteps * p.sim.stepHours,
    marginUsdPerHour: probe.rewardPerHourTokens * probe.price,
  });
}

describe("cheating-attack scenario: the (sampling rate, slash) boundary", () => {
  it("closed form: profit falls through zero at the break-even sampling rate", () => {
    const base = {
      jobsPerHour: 2.4,
      cheatFraction: 0.5,
      savingUsdPerJob: 0.0315,
      slashFraction: 0.3,
      stakeTokens: 500,
      priceUsd: 1,
      jailHours: 24,
      marginUsdPerHour: 0.4,
    };
    const rho = breakEvenSampleRate(base);
    expect(rho).toBeGreaterThan(1e-5);
    expect(rho).toBeLessThan(1e-3);
    expect(cheatingProfitUsdPerHour({ ...base, sampleRate: rho })).toBeCloseTo(0, 12);
    expect(cheatingProfitUsdPerHour({ ...base, sampleRate: rho * 0.5 })).toBeGreaterThan(0);
    expect(cheatingProfitUsdPerHour({ ...base, sampleRate: rho * 2 })).toBeLessThan(0);
    // More slashing lowers the break-even sampling rate.
    expect(breakEvenSampleRate({ ...base, slashFraction: 1 })).toBeLessThan(rho);
  });

  it("cheating pays below the boundary and does not above it, in simulation and closed form", async () => {
    const low = await simulate(1e-5, 0.1); // below: rare sampling, light slash
    const high = await simulate(0.01, 0.5); // above: 1% sampling, half the stake
    expect(closedForm(1e-5, 0.1, low)).toBeGreaterThan(0);
    expect(low.cheater).toBeGreaterThan(low.honest);
    // The simulated advantage per hour matches the closed form (seed 11: 0.037 USD/h both).
    const hours = resolveParams(attack).sim.steps;
    const simulated = (low.cheater - low.honest) / hours;
    expect(Math.abs(simulated / closedForm(1e-5, 0.1, low) - 1)).toBeLessThan(0.3);
    expect(closedForm(0.01, 0.5, high)).toBeLessThan(0);
    expect(high.cheater).toBeLessThan(high.honest);
  });
});
