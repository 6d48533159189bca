/**
 * The `crash-death-spiral` scenario with one more outcome, `providerRoi`: the
 * providers' annual return on their hardware from the crash to the end of the
 * run. Study 8 (notebooks/08-spiral-drivers.ts) sweeps and optimises this file
 * rather than the bundled scenario, so that the return is a per-run outcome
 * that `analyze`, `optimize` and `check` read like any other (`providerRoi` in
 * a constraint, `outcome.providerRoi` in runs.arrow). Everything else (schema,
 * defaults, pipeline, checks) is the bundled scenario's.
 */

import { DEFAULT_PHASES, type PhaseFactory } from "../../engine/pipeline/phases.ts";
import { defineScenario, type Scenario } from "../../engine/scenario.ts";
import { Status } from "../../engine/state/providers.ts";
import type { World } from "../../engine/state/world.ts";
import { scenario as crash } from "../../scenarios/crash-death-spiral.ts";

export { checks } from "../../scenarios/crash-death-spiral.ts";

const HOURS_PER_YEAR = 8760;

/** What the phase records of each provider at the epoch end before the crash. */
export interface RoiSnapshot {
  /** That step (-1 until it is reached). */
  step: number;
  /** 1 for the providers active then. */
  present: Uint8Array;
  /** Their realised P&L then (USD; see {@link providerRoiOf}). */
  pnlUsd: Float64Array;
  /** The tokens they held then (stake apart). */
  tokens: Float64Array;
}

/**
 * The median, over the providers active both at the epoch end just before the
 * crash and at the last epoch end, of
 * `(USD earned − amortised hardware cost) / hours × 8760 / hardware price`:
 * each survivor's annual return on its hardware over the crash and what
 * follows, net of depreciation. USD earned is the change of its realised P&L
 * (token sales, fiat pay, minus power, fixed costs and USD spent on stake) plus
 * the change of the tokens it holds (stake apart) at the end price: tokens held
 * before the crash count at the end price on both sides, so their fall in value
 * (a holding loss, not income) is left out (0 = the hardware just pays for itself over its
 * amortisation period, as in study 2). Survivors only: providers that left are
 * not in it, so it says what staying earned. NaN when there was no epoch end
 * before the crash, the run ends before it, or nobody survives.
 */
export function providerRoiOf(w: World, snapshot: RoiSnapshot): number {
  const s = w.providers;
  const hours = (w.step - snapshot.step) * w.params.sim.stepHours;
  if (snapshot.step < 0 || hours <= 0) return Number.NaN;
  const rois: number[] = [];
  const n = Math.min(s.highWater, snapshot.present.length);
  for (let i = 0; i < n; i++) {
    if (snapshot.present[i] !== 1 || s.status[i] !== Status.Active) continue;
    const earned =
      s.pnlUsd[i]! - snapshot.pnlUsd[i]! + (s.tokens[i]! - snapshot.tokens[i]!) * w.amm.price;
    const gain = earned - s.capexUsdPerHour[i]! * hours;
    rois.push(((gain / hours) * HOURS_PER_YEAR) / s.capexUsd[i]!);
  }
  if (rois.length === 0) return Number.NaN;
  rois.sort((a, b) => a - b);
  const m = rois.length >> 1;
  return rois.length % 2 ? rois[m]! : (rois[m - 1]! + rois[m]!) / 2;
}

/**
 * The phase (after `providerEconomics`, which settles every provider at an
 * epoch end): at the last epoch end before `shocks.crashStartStep` it records
 * each active provider's wealth; the outcome reads the survivors' return at
 * the end of the run.
 */
export const providerRoiPhase: PhaseFactory = () => {
  const snapshot: RoiSnapshot = {
    step: -1,
    present: new Uint8Array(0),
    pnlUsd: new Float64Array(0),
    tokens: new Float64Array(0),
  };
  let last = -1;
  return {
    name: "providerRoi",
    after: ["providerEconomics"],
    outcomes: {
      providerRoi: {
        unit: "per year",
        description:
          "median over the providers active before the crash and at the end of their annual return on hardware price from the crash to the end (USD earned, tokens gained valued at the end price, minus amortised hardware)",
        read: (end) => (last === end.step ? providerRoiOf(end, snapshot) : Number.NaN),
      },
    },
    run(x) {
      if (!x.isEpochEnd) return;
      last = x.step;
      const crashStart = x.params.shocks.crashStartStep;
      const epochSteps = x.params.sim.epochSteps;
      // Only the last epoch end before the crash (none when it starts in the first epoch).
      if (x.step >= crashStart || x.step + epochSteps < crashStart) return;
      const s = x.providers;
      snapshot.step = x.step;
      snapshot.present = new Uint8Array(s.highWater);
      snapshot.pnlUsd = s.pnlUsd.slice(0, s.highWater);
      snapshot.tokens = s.tokens.slice(0, s.highWater);
      for (let i = 0; i < s.highWater; i++)
        if (s.status[i] === Status.Active) snapshot.present[i] = 1;
    },
  };
};

/** The bundled crash-death-spiral scenario with the `providerRoi` outcome. */
export const scenario: Scenario = defineScenario({
  ...crash,
  name: "crash-death-spiral-roi",
  summary: `${crash.summary} (with providers' return from the crash on)`,
  phases: [...(crash.phases ?? DEFAULT_PHASES), { name: "providerRoi", create: providerRoiPhase }],
});
