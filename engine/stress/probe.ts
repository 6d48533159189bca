import { DeathSpiralDetector, type SpiralLeg } from "../metrics/deathSpiral.ts";
import { LegWindows } from "../metrics/legWindows.ts";
import type { Phase, PhaseFactory } from "../pipeline/phase.ts";
import { Status } from "../state/providers.ts";

/** The legs in the detector's bit order (bit k = LEGS[k]). */
const LEGS: readonly SpiralLeg[] = ["priceDrawdown", "providerExodus", "demandChurn"];

/** The run outcomes the probe phase declares. */
export const NEARNESS = "spiralNearness";
export const FIRST_LEG = "spiralFirstLegs";
export const START_STEP = "spiralStartStep";

/**
 * The `stressProbe` phase that a stress wrapper scenario appends to the
 * pipeline. It changes nothing: it runs a second death-spiral detector on the
 * same series the step loop feeds its own (the price, active providers and
 * jobs served after the last phase of the step, so the same spirals), and
 * declares three run outcomes:
 * - `spiralNearness` (0-1): 1 when the run spiralled; otherwise
 *   0.5 × the deepest joint progress of the legs (each leg's fall under its
 *   trailing peak over its threshold, x, graded 1 − e^(−x); the mean of the provider
 *   leg's and the larger of the other two with `requireProviderLeg`, else the
 *   mean of the two largest)
 *   plus 0.45 × the longest stretch of joint legs over `spiral.minSteps`
 *   (capped at 1): below 1 for a run that did not spiral, and growing as it came
 *   closer. The stress search constrains its mean as well as P(spiral): since it
 *   is at least `spiralled` in every run, `mean > p` holds whenever
 *   `P(spiral) > p` does (the feasible set is the same), but it ranks shocks
 *   that never spiral by how close they came, which the probability cannot.
 * - `spiralFirstLegs`: the legs that started the run's first spiral, as a bit
 *   mask (1 price drawdown, 2 provider exodus, 4 demand churn; 0 without a
 *   spiral): the legs whose unbroken stretch of activity leading to the
 *   spiral's start began earliest.
 * - `spiralStartStep`: that spiral's start step (NaN without one).
 */
export const stressProbe: PhaseFactory = (w0) => {
  const p = w0.params.spiral;
  const detector = new DeathSpiralDetector(p);
  const legs = new LegWindows(p);
  /** First step of each leg's current stretch of activity (−1: inactive). */
  const since = [-1, -1, -1];
  let firstMask = 0;
  let startStep = Number.NaN;
  let progress = 0;
  let streak = 0;
  let longest = 0;
  const clamp = (x: number) => Math.min(1, Math.max(0, x));
  // A leg's fall over its threshold, x ≥ 0, as 1 − e^(−x): below 1, and still growing past the threshold.
  const grade = (x: number) => 1 - Math.exp(-Math.max(0, x));
  let pendingMask = 0;
  let pendingStart = -1;
  const phase: Phase = {
    name: "stressProbe",
    run(w) {
      const step = w.step;
      const price = w.amm.price;
      const active = w.roster.statusCounts[Status.Active]!;
      const served = w.totals.jobsServed;
      legs.push(price, active, served);
      const pk = legs.pricePeak;
      const vk = legs.providersPeak;
      const dk = legs.demandPeak;
      const daySum = legs.daySum;
      const gp = grade((1 - price / pk) / Math.max(p.priceDrawdown, 1e-12));
      const gv = grade((1 - active / Math.max(vk, 1e-12)) / Math.max(p.providerLoss, 1e-12));
      const gd =
        step >= legs.daySteps
          ? grade((1 - daySum / Math.max(dk, 1e-12)) / Math.max(p.demandLoss, 1e-12))
          : 0;
      const joint = p.requireProviderLeg
        ? (gv + Math.max(gp, gd)) / 2
        : (gp + gv + gd - Math.min(gp, gv, gd)) / 2;
      progress = Math.max(progress, joint);
      const confirmed = detector.observe(step, price, active, served);
      const mask = detector.legMask;
      for (let k = 0; k < 3; k++) {
        if (!((mask >> k) & 1)) since[k] = -1;
        else if (since[k]! < 0) since[k] = step;
      }
      const both = detector.legCount >= 2 && (!p.requireProviderLeg || (mask & 2) !== 0);
      streak = both ? streak + 1 : 0;
      longest = Math.max(longest, streak);
      if (both && streak === 1 && Number.isNaN(startStep)) {
        // Where the detector opens a candidate spiral: which legs began first.
        const onsets = since.map((s, k) => ((mask >> k) & 1 ? s : Number.POSITIVE_INFINITY));
        const earliest = Math.min(...onsets);
        pendingMask = onsets.reduce((m, s, k) => (s === earliest ? m | (1 << k) : m), 0);
        pendingStart = step;
      }
      if (confirmed && Number.isNaN(startStep)) {
        // Confirmed (minSteps after its start): the first spiral's start and first legs.
        startStep = detector.events()[0]!.startStep;
        firstMask = pendingStart === startStep ? pendingMask : 0;
      }
    },
    outcomes: {
      [NEARNESS]: {
        unit: "fraction",
        description:
          "1 when the run spiralled, else how close it came (0.5 × deepest joint progress of two legs + 0.45 × longest joint stretch / spiral.minSteps); docs/stress.md",
        read: () =>
          Number.isNaN(startStep) ? 0.5 * progress + 0.45 * clamp(longest / p.minSteps) : 1,
      },
      [FIRST_LEG]: {
        unit: "bit mask",
        description:
          "legs that started the first death spiral: 1 price drawdown, 2 provider exodus, 4 demand churn (0: no spiral)",
        read: () => firstMask,
      },
      [START_STEP]: {
        unit: "step",
        description: "start step of the first death spiral (NaN: none)",
        read: () => startStep,
      },
    },
  };
  return phase;
};

/** The legs of a {@link FIRST_LEG} bit mask. */
export const legsOf = (mask: number): SpiralLeg[] => LEGS.filter((_, k) => (mask >> k) & 1);
