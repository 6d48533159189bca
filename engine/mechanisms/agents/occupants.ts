import type { ProviderStore } from "../../state/providers.ts";

/**
 * Tells a provider slot's new occupant from the one seen there before. Slots are
 * reused after a provider leaves; an occupant is known by its hardware purchase
 * step (`boughtStep`), which differs between a slot's successive occupants (an
 * entrant buys at its entry step, after the one before it bought). Per-slot
 * state of the agent mechanisms (ring membership, a learned patience) is reset
 * when {@link isNew} says so. Draws no random numbers.
 */
export class SlotOccupants {
  private readonly mark: Float64Array;

  constructor(capacity: number) {
    this.mark = new Float64Array(capacity).fill(Number.NaN);
  }

  /** True the first time slot i is seen with its present occupant (and remembers it). */
  isNew(s: ProviderStore, i: number): boolean {
    const b = s.boughtStep[i]!;
    if (this.mark[i] === b) return false;
    this.mark[i] = b;
    return true;
  }

  /** Forgets slot i (it was seen empty): its next occupant is new. */
  forget(i: number): void {
    this.mark[i] = Number.NaN;
  }
}
