import { Status } from "../../state/providers.ts";
import type { Roster } from "../../state/roster.ts";
import type { Collusion } from "../verification.ts";
import { SlotOccupants } from "./occupants.ts";
import type { RingParams } from "./ringsSection.ts";

/**
 * Coordinated cheating rings in one run (docs/agents.md#cheating-rings). Cheaters
 * join rings in the order the cheater list first shows them (deterministic, no
 * random draws): the n-th cheater joins when `⌊(n+1)·share⌋ > ⌊n·share⌋`, into
 * the ring being filled (`size` members each; 0 = one ring).
 *
 * Re-runs are not assigned to named providers in the model: every provider spends
 * the same share ρ/(1+ρ) of the GPU-hours it works re-running sampled jobs, so a
 * ring holds its share of the work done, `c_k = Σ_ring throughput·util / Σ_r capacity_r·util_r`,
 * of the re-run capacity, and with collusion a sampled job of one of its members
 * escapes with probability `c_k` (a member re-ran it and approved it). Implements
 * {@link Collusion} for `verify`.
 */
export class Rings implements Collusion {
  /** Ring of each slot (-1: none). */
  readonly ringOf: Int32Array;
  /** Probability that a ring's sampled job is re-run by one of its members, per ring (fraction). */
  readonly escape: Float64Array;
  /** Faked jobs of each ring's members while active (jobs, expected; since the start). */
  readonly fakedJobs: Float64Array;
  /** Catches of each ring's members (since the start). */
  readonly catches: Float64Array;
  /** Work done this step per ring (throughput × utilisation). */
  private readonly work: Float64Array;
  /** The one cheat fraction of each ring (pooled adaptive mode), per ring (fraction). */
  readonly fraction: Float64Array;
  /** Rings opened so far. */
  count = 0;
  /** Share of this step's work done by ring members (fraction). */
  workShare = 0;
  private seen = 0;
  private members = 0;
  private readonly occupants: SlotOccupants;

  constructor(
    readonly params: RingParams,
    capacity: number,
  ) {
    this.ringOf = new Int32Array(capacity).fill(-1);
    this.escape = new Float64Array(capacity);
    this.fakedJobs = new Float64Array(capacity);
    this.catches = new Float64Array(capacity);
    this.work = new Float64Array(capacity);
    this.fraction = new Float64Array(capacity);
    this.occupants = new SlotOccupants(capacity);
  }

  /** Places every cheater not seen before in a ring or outside all rings. */
  assign(roster: Roster): void {
    const s = roster.s;
    const share = this.params.share;
    const size = this.params.size;
    for (let k = 0; k < roster.cheaterCount; k++) {
      const i = roster.cheaters[k]!;
      if (!this.occupants.isNew(s, i)) continue;
      const n = this.seen++;
      if (Math.floor((n + 1) * share) <= Math.floor(n * share)) {
        this.ringOf[i] = -1;
        continue;
      }
      const ring = size > 0 ? Math.floor(this.members / size) : 0;
      this.members++;
      if (ring >= this.count) {
        this.count = ring + 1;
        this.fraction[ring] = s.cheatFraction[i]!;
      }
      this.ringOf[i] = ring;
    }
  }

  /**
   * This step's escape probability per ring (see the class comment; 0 without
   * collusion), from the utilisation per region; sets {@link workShare}.
   */
  updateEscape(roster: Roster, utilByRegion: Float64Array): void {
    const s = roster.s;
    this.work.fill(0, 0, this.count);
    let ringWork = 0;
    for (let k = 0; k < roster.cheaterCount; k++) {
      const i = roster.cheaters[k]!;
      const ring = this.ringOf[i]!;
      if (ring < 0 || s.status[i] !== Status.Active) continue;
      const w = s.throughput[i]! * utilByRegion[s.region[i]!]!;
      this.work[ring]! += w;
      ringWork += w;
    }
    let total = 0;
    for (let r = 0; r < utilByRegion.length; r++) total += roster.capacity[r]! * utilByRegion[r]!;
    this.workShare = total > 0 ? Math.min(1, ringWork / total) : 0;
    for (let ring = 0; ring < this.count; ring++)
      this.escape[ring] =
        this.params.collusion && total > 0 ? Math.min(1, this.work[ring]! / total) : 0;
  }

  /** Mean cheat fraction of active ring members (fraction; 0 when none are active). */
  meanMemberFraction(roster: Roster): number {
    const s = roster.s;
    let sum = 0;
    let n = 0;
    for (let k = 0; k < roster.cheaterCount; k++) {
      const i = roster.cheaters[k]!;
      if (this.ringOf[i]! < 0 || s.status[i] !== Status.Active) continue;
      sum += s.cheatFraction[i]!;
      n++;
    }
    return n > 0 ? sum / n : 0;
  }

  /** Catches per faked job of all ring members since the start (0 before any faked job). */
  detectionRate(): number {
    let c = 0;
    let b = 0;
    for (let ring = 0; ring < this.count; ring++) {
      c += this.catches[ring]!;
      b += this.fakedJobs[ring]!;
    }
    return b > 0 ? c / b : 0;
  }
}

/**
 * The `rings` mechanism's state (`w.rings`): the run's rings when
 * `rings.share` > 0. The `verification` phase places cheaters in them and
 * updates their escape shares; the `providerEconomics` phase reads them for a
 * jailed member's restake decision, at ρ(1 − c).
 */
export class RingsState {
  /** The run's rings; undefined without rings (`rings.share` = 0). */
  readonly rings: Rings | undefined;

  constructor(params: RingParams | undefined, capacity: number) {
    this.rings = params && params.share > 0 ? new Rings(params, capacity) : undefined;
  }
}
