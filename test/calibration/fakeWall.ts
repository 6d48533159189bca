import seedrandom from "seedrandom";
import type { WallTimers } from "../../calibration/clock.ts";

/** How the fake timers misbehave, like Node's. */
export interface FakeWallOptions {
  /** Extra lateness of each timer, uniform in [0, lateMs) wall ms (a busy event loop). */
  readonly lateMs?: number;
  readonly seed?: string;
}

interface Pending {
  readonly at: number;
  readonly seq: number;
  fn: (() => void) | null;
}

/**
 * A wall clock that moves only when told to, with timers that behave like Node's: a delay
 * under 1 ms is 1 ms, and the due time counts whole ms from the start of the current ms
 * (libuv's cached loop time), so a timer can fire up to 1 ms early; plus seeded lateness.
 * Tests on it do not depend on how fast or busy the machine is.
 */
export class FakeWall implements WallTimers {
  private t = 0;
  private seq = 0;
  private readonly pending: Pending[] = [];
  private readonly rng: () => number;
  private readonly lateMs: number;
  /** setTimeout calls so far. */
  timersSet = 0;
  /** Timer callbacks run so far. */
  fired = 0;

  constructor(opts: FakeWallOptions = {}) {
    this.lateMs = opts.lateMs ?? 0;
    this.rng = seedrandom(opts.seed ?? "fake-wall");
  }

  now(): number {
    return this.t;
  }

  setTimeout(fn: () => void, ms: number): unknown {
    this.timersSet++;
    const whole = Math.ceil(Math.max(1, ms));
    const at = Math.floor(this.t) + whole + this.rng() * this.lateMs;
    const p: Pending = { at: Math.max(at, this.t), seq: this.seq++, fn };
    this.pending.push(p);
    return p;
  }

  clearTimeout(handle: unknown): void {
    (handle as Pending).fn = null;
  }

  /** Moves time on by `ms` without running any timer (a blocked event loop). */
  stall(ms: number): void {
    this.t += ms;
  }

  /** Runs timers in due order until wall time `until` (or none is left). */
  runUntil(until: number): void {
    for (;;) {
      let next: Pending | undefined;
      for (const p of this.pending) {
        if (p.fn && (!next || p.at < next.at || (p.at === next.at && p.seq < next.seq))) next = p;
      }
      if (!next || next.at > until) break;
      this.pending.splice(this.pending.indexOf(next), 1);
      this.t = Math.max(this.t, next.at);
      const fn = next.fn!;
      next.fn = null;
      this.fired++;
      fn();
    }
    this.pending.splice(0, this.pending.length, ...this.pending.filter((p) => p.fn));
    this.t = Math.max(this.t, until);
  }
}
