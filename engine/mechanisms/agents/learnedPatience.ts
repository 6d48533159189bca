import { Status } from "../../state/providers.ts";
import type { Roster } from "../../state/roster.ts";
import type { ExitLearningParams } from "./exitLearningSection.ts";
import { SlotOccupants } from "./occupants.ts";

/**
 * The patience that lets a loss streak end with probability `confidence` when
 * streaks end at `hazard` per epoch (epochs): `ln(1 − confidence) / ln(1 − hazard)`,
 * within [1, max]. A hazard of 1 gives 1; 0 gives max.
 */
export function targetPatience(hazard: number, confidence: number, max: number): number {
  if (hazard >= 1) return 1;
  if (hazard <= 0) return max;
  return Math.min(max, Math.max(1, Math.log1p(-confidence) / Math.log1p(-hazard)));
}

/**
 * Learned exit thresholds (docs/agents.md#learned-exit-thresholds): at each epoch
 * end, before the exit decisions, every provider looks at what happened since the
 * last epoch end to the providers that were in a loss streak then: those that
 * stayed and recovered (streak back to 0) and those that stayed and still lose
 * (those that left are not counted: what leaving did for them is not seen). The
 * recovery hazard `h = (h₀ + R) / (1 + R + W)` pools the recoveries R and the
 * still-losing W, both decaying by `1 − 1/memoryEpochs` per epoch, with a prior
 * of one streak-epoch at `h₀ = 1 − (1 − confidence)^(1/exitPatienceEpochs)` (the
 * hazard at which the drawn mean patience is the target). Every provider then
 * moves its own patience toward {@link targetPatience} by `learningRate` of the
 * gap (kept as a real number; the integer patience the exit rule reads is its
 * rounding). Deterministic; draws no random numbers.
 */
export class LearnedPatience {
  /** The pooled recovery hazard per epoch (fraction). */
  hazard: number;
  /** The patience providers move toward (epochs). */
  target: number;
  /** Mean patience of active providers after the last update (epochs; 0 when none). */
  meanPatience = 0;
  private recovered = 0;
  private losing = 0;
  private readonly prior: number;
  private readonly patience: Float64Array;
  private readonly prevStreak: Int32Array;
  private readonly occupants: SlotOccupants;

  constructor(
    private readonly p: ExitLearningParams,
    meanPatienceEpochs: number,
    capacity: number,
  ) {
    this.prior = 1 - (1 - p.confidence) ** (1 / Math.max(1, meanPatienceEpochs));
    this.hazard = this.prior;
    this.target = targetPatience(this.hazard, p.confidence, p.maxPatienceEpochs);
    this.patience = new Float64Array(capacity);
    this.prevStreak = new Int32Array(capacity).fill(-1);
    this.occupants = new SlotOccupants(capacity);
  }

  /** One epoch end's update (call before the exit decisions); returns the target patience. */
  update(roster: Roster): number {
    const s = roster.s;
    const { status, lossStreak } = s;
    const decay = 1 - 1 / this.p.memoryEpochs;
    let recovered = 0;
    let losing = 0;
    for (let i = 0; i < s.highWater; i++) {
      const st = status[i]!;
      if (st === Status.Empty) {
        this.occupants.forget(i);
        this.prevStreak[i] = -1;
        continue;
      }
      if (this.occupants.isNew(s, i)) {
        this.patience[i] = s.patience[i]!;
        this.prevStreak[i] = -1;
      }
      const present = st === Status.Active || st === Status.Jailed;
      if (this.prevStreak[i]! > 0 && present) {
        if (lossStreak[i] === 0) recovered++;
        else losing++;
      }
      this.prevStreak[i] = present ? lossStreak[i]! : -1;
    }
    this.recovered = decay * this.recovered + recovered;
    this.losing = decay * this.losing + losing;
    this.hazard = (this.prior + this.recovered) / (1 + this.recovered + this.losing);
    this.target = targetPatience(this.hazard, this.p.confidence, this.p.maxPatienceEpochs);
    const eta = this.p.learningRate;
    let sum = 0;
    let active = 0;
    for (let i = 0; i < s.highWater; i++) {
      const st = status[i]!;
      if (st === Status.Empty || st === Status.Exiting) continue;
      const next = this.patience[i]! + eta * (this.target - this.patience[i]!);
      this.patience[i] = next;
      s.patience[i] = Math.min(32767, Math.max(1, Math.round(next)));
      if (st === Status.Active) {
        sum += s.patience[i]!;
        active++;
      }
    }
    this.meanPatience = active > 0 ? sum / active : 0;
    return this.target;
  }
}
