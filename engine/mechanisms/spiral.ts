/**
 * The death-spiral detector's state in `World` (`w.spiral`): its output at the
 * last step. The step loop runs the detector (`DeathSpiralDetector` in
 * `engine/metrics/deathSpiral.ts`, set by the `spiral` parameter section) after
 * the phases and writes these; the `spiralLegs` and `spiralActive` columns read them.
 */
export class SpiralState {
  /** Legs of a death spiral active at the last step (count, 0-3). */
  legs = 0;
  /** Whether a confirmed spiral is in progress at the last step (0 or 1). */
  active = 0;
}
