import { DeathSpiralDetector } from "../metrics/deathSpiral.ts";
import { LegWindows } from "../metrics/legWindows.ts";
import { Status } from "../state/providers.ts";
import type { World } from "../state/world.ts";

/**
 * A score of a run's trajectory, fed after every step. Splitting works on its
 * running maximum; the event is "the running maximum reaches `level`".
 */
export interface StepScore {
  /** The score after the step just simulated (not the running maximum). */
  observe(w: World): number;
}

/** Fall of `x` under its peak `peak`, as a fraction in [0, 1]. */
const fall = (x: number, peak: number) => (peak > 0 ? Math.max(0, 1 - x / peak) : 0);

/** A leg's fall over its threshold, x ≥ 0, graded 1 − e^(−x): below 1 and still growing past it. */
const grade = (x: number) => 1 - Math.exp(-Math.max(0, x));

/**
 * The death-spiral score (level 1): 1 once the run's detector has confirmed a
 * spiral (`w.spiral.active`); before that, 0.5 × the joint progress of the legs
 * (each leg's fall under its trailing peak over its threshold, graded
 * 1 − e^(−x); the mean of the provider leg and the larger of the other two with
 * `requireProviderLeg`, else the mean of the two largest) + 0.5 × the current
 * stretch of joint legs over `spiral.minSteps` (at most (minSteps − 1)/minSteps).
 * Below 1 until the detector fires. The same grading as `spiralNearness` of
 * `tokensim stress` (engine/stress/probe.ts), with the current stretch instead
 * of the longest, so that the score is a function of the state.
 */
export function spiralNearnessScore(w0: World, pressure = false): StepScore {
  const p = w0.params.spiral;
  const detector = new DeathSpiralDetector(p);
  const legs = new LegWindows(p);
  let streak = 0;
  const minSteps = Math.max(1, p.minSteps);
  const steps = w0.params.sim.steps;
  return {
    observe(w) {
      const price = w.amm.price;
      const active = w.roster.statusCounts[Status.Active]!;
      const served = w.totals.jobsServed;
      legs.push(price, active, served);
      const pk = legs.pricePeak;
      const vk = legs.providersPeak;
      const dk = legs.demandPeak;
      const daySum = legs.daySum;
      detector.observe(w.step, price, active, served);
      if (w.spiral.active === 1) return 1;
      const gp = grade(fall(price, pk) / Math.max(p.priceDrawdown, 1e-12));
      const lost = pressure
        ? fall(active, vk) + exitPressure(w) / Math.max(vk, 1e-12)
        : fall(active, vk);
      const gv = grade(lost / Math.max(p.providerLoss, 1e-12));
      const gd =
        w.step >= legs.daySteps ? grade(fall(daySum, dk) / Math.max(p.demandLoss, 1e-12)) : 0;
      const joint = p.requireProviderLeg
        ? (gv + Math.max(gp, gd)) / 2
        : (gp + gv + gd - Math.min(gp, gv, gd)) / 2;
      const mask = detector.legMask;
      const both = detector.legCount >= 2 && (!p.requireProviderLeg || (mask & 2) !== 0);
      streak = both ? streak + 1 : 0;
      // A stretch that can no longer last minSteps before the run ends leads nowhere.
      if (streak < minSteps && minSteps - streak > steps - 1 - w.step) return 0;
      return 0.5 * joint + (0.5 * Math.min(streak, minSteps - 1)) / minSteps;
    },
  };
}

/**
 * The active providers' progress towards exit: Σ min(1, lossStreak / patience)
 * over active providers (a provider exits when its streak of loss-making epochs
 * reaches its patience; engine/mechanisms/churn.ts).
 */
function exitPressure(w: World): number {
  const s = w.providers;
  let sum = 0;
  for (let i = 0; i < s.highWater; i++) {
    if (s.status[i] !== Status.Active) continue;
    const pat = s.patience[i]!;
    sum += pat > 0 ? Math.min(1, s.lossStreak[i]! / pat) : 0;
  }
  return sum;
}

/**
 * The price's fall under its running peak since the start, a fraction (level:
 * the drawdown asked; `maxDrawdownPct / 100` of the run summary is its maximum).
 * As the score of the spiral event, it is replaced by 2 once the detector fires
 * (level 2).
 */
export function drawdownScore(w0: World, spiralAt?: number): StepScore {
  let peak = w0.amm.price;
  return {
    observe(w) {
      if (spiralAt !== undefined && w.spiral.active === 1) return spiralAt;
      const price = w.amm.price;
      if (price > peak) peak = price;
      return fall(price, peak);
    },
  };
}

/**
 * Active providers' fall under their running peak since the start, a fraction.
 * As the score of the spiral event, replaced by 2 once the detector fires.
 */
export function exodusScore(w0: World, spiralAt?: number): StepScore {
  let peak = w0.params.providers.initial;
  return {
    observe(w) {
      if (spiralAt !== undefined && w.spiral.active === 1) return spiralAt;
      const active = w.roster.statusCounts[Status.Active]!;
      if (active > peak) peak = active;
      return fall(active, peak);
    },
  };
}
