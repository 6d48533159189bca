import { MemorySink } from "../../engine/metrics/arrow.ts";
import type { NetworkParams } from "../../engine/params/network.ts";
import { DEFAULT_PHASES } from "../../engine/pipeline/phases.ts";
import { runSimulation } from "../../engine/pipeline/run.ts";
import { loadScenario, resolveParams, type Scenario } from "../../engine/scenario.ts";
import { Status } from "../../engine/state/providers.ts";
import type { World } from "../../engine/state/world.ts";

/** Providers' return at the end of a run, for one hardware class in one region. */
export interface RoiCell {
  hwClass: string;
  region: string;
  /** Active providers of this class in this region at the end. */
  providers: number;
  /** Mean trailing profit after power and amortised hardware (USD per provider per day). */
  profitUsdPerDay: number;
  /**
   * Annual return on the hardware: a year of that profit ÷ the class's capex
   * (the profit is already net of depreciation, so 0 means the hardware just
   * pays for itself over its amortisation period).
   */
  annualRoi: number;
}

/**
 * A scenario with one more phase, after providerEconomics: on the last step (an
 * epoch end) it reads the provider columns (hardware class, region, trailing
 * profit, which providerEconomics has just updated) and groups them by class
 * and region. Runs in this thread; the sweep engine's records do not carry
 * per-provider figures.
 */
export async function roiByClassAndRegion(
  scenarioRef: string,
  sets: string[],
  seed: number,
): Promise<{ cells: RoiCell[]; params: NetworkParams }> {
  const base = await loadScenario(scenarioRef);
  const cells: RoiCell[] = [];
  const probe = (_: World) => ({
    name: "roiProbe",
    run(w: World) {
      if (w.step !== w.params.sim.steps - 1) return;
      const s = w.providers;
      const epochsPerDay = 24 / (w.params.sim.stepHours * w.params.sim.epochSteps);
      const n = w.nClasses * w.nRegions;
      const count = new Float64Array(n);
      const profit = new Float64Array(n);
      for (let i = 0; i < s.highWater; i++) {
        if (s.status[i] !== Status.Active) continue;
        const k = s.hwClass[i]! * w.nRegions + s.region[i]!;
        count[k]!++;
        profit[k]! += s.trailingProfit[i]!;
      }
      w.classNames.forEach((c, ci) => {
        w.regionNames.forEach((r, ri) => {
          const k = ci * w.nRegions + ri;
          const perDay = count[k]! > 0 ? (profit[k]! / count[k]!) * epochsPerDay : Number.NaN;
          cells.push({
            hwClass: c,
            region: r,
            providers: count[k]!,
            profitUsdPerDay: perDay,
            annualRoi: (perDay * 365) / w.params.hardware[c]!.capexUsd,
          });
        });
      });
    },
  });
  const scenario: Scenario = {
    ...base,
    phases: [...(base.phases ?? DEFAULT_PHASES), { name: "roiProbe", create: probe }],
  };
  const params = resolveParams(scenario, sets);
  await runSimulation({ scenario, params, seed }, new MemorySink(), { recordEvery: 24 });
  return { cells, params };
}
