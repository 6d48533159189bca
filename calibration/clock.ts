/**
 * Clocks in model time (ms). A {@link RealClock} follows the wall clock, optionally scaled
 * (`timeScale` = wall ms per model ms, so 0.1 runs ten times faster than real time); a
 * {@link VirtualClock} is a discrete-event scheduler that jumps from event to event and so
 * runs as fast as the CPU allows while keeping every duration exact.
 */

/** Handle of a scheduled callback. */
export interface TimerHandle {
  cancel(): void;
}

/** A source of model time and timers. */
export interface Clock {
  /** True for a discrete-event (virtual) clock. */
  readonly virtual: boolean;
  /** Current model time, ms. */
  now(): number;
  /** Calls fn after `delayMs` of model time. */
  setTimer(delayMs: number, fn: () => void): TimerHandle;
  /**
   * Lets time pass until model time `endMs` or until `shouldStop()` turns true (checked at
   * least every 50 ms of wall time). Resolves to the model time reached.
   */
  runUntil(endMs: number, shouldStop?: () => boolean): Promise<number>;
}

/**
 * The wall clock and timers a {@link RealClock} runs on: Node's by default, a fake one in
 * tests (so that pacing can be tested exactly, whatever the machine's load).
 */
export interface WallTimers {
  /** Monotonic wall time, ms. */
  now(): number;
  /** Calls fn after about `ms` of wall time (may fire early or late, like Node's). */
  setTimeout(fn: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
}

const nodeTimers: WallTimers = {
  now: () => performance.now(),
  setTimeout: (fn, ms) => setTimeout(fn, ms),
  clearTimeout: (h) => clearTimeout(h as ReturnType<typeof setTimeout>),
};

/** Wall-clock time scaled by `timeScale` (wall ms per model ms; > 0). */
export class RealClock implements Clock {
  readonly virtual = false;
  private readonly origin: number;
  constructor(
    readonly timeScale = 1,
    private readonly wall: WallTimers = nodeTimers,
  ) {
    if (!(timeScale > 0)) throw new Error("RealClock timeScale must be > 0");
    this.origin = wall.now();
  }
  now(): number {
    return (this.wall.now() - this.origin) / this.timeScale;
  }
  /**
   * Never fires early: Node's setTimeout can (libuv counts whole ms from a loop time cached at
   * the start of the iteration), so a timer that comes back before its due time is re-armed
   * for the rest.
   */
  setTimer(delayMs: number, fn: () => void): TimerHandle {
    const due = this.wall.now() + Math.max(0, delayMs * this.timeScale);
    let handle: unknown;
    const arm = (): void => {
      const left = due - this.wall.now();
      if (left > 0) handle = this.wall.setTimeout(arm, left);
      else fn();
    };
    handle = this.wall.setTimeout(arm, due - this.wall.now());
    return { cancel: () => this.wall.clearTimeout(handle) };
  }
  async runUntil(endMs: number, shouldStop: () => boolean = () => false): Promise<number> {
    for (;;) {
      const left = (endMs - this.now()) * this.timeScale;
      if (left <= 0 || shouldStop()) return this.now();
      await new Promise<void>((r) => this.wall.setTimeout(r, Math.min(50, left)));
    }
  }
}

interface Ev {
  t: number;
  seq: number;
  fn: (() => void) | null;
}

/** Discrete-event clock: time advances only by running scheduled events, in order. */
export class VirtualClock implements Clock {
  readonly virtual = true;
  private t = 0;
  private seq = 0;
  private readonly heap: Ev[] = [];
  /** Events processed so far. */
  processed = 0;

  now(): number {
    return this.t;
  }

  setTimer(delayMs: number, fn: () => void): TimerHandle {
    const ev: Ev = { t: this.t + Math.max(0, delayMs), seq: this.seq++, fn };
    this.push(ev);
    return {
      cancel: () => {
        ev.fn = null;
      },
    };
  }

  /** Pending events (including cancelled ones not yet popped). */
  get pending(): number {
    return this.heap.length;
  }

  async runUntil(endMs: number, shouldStop: () => boolean = () => false): Promise<number> {
    let sinceYield = 0;
    for (;;) {
      const top = this.heap[0];
      if (top === undefined || top.t > endMs) break;
      this.pop();
      this.t = top.t;
      if (top.fn) {
        top.fn();
        this.processed++;
      }
      if (++sinceYield >= 20000) {
        sinceYield = 0;
        // Let I/O (stop messages, signals) through.
        await new Promise<void>((r) => setImmediate(r));
        if (shouldStop()) return this.t;
      }
    }
    if (this.t < endMs) this.t = endMs;
    return this.t;
  }

  private less(a: Ev, b: Ev): boolean {
    return a.t < b.t || (a.t === b.t && a.seq < b.seq);
  }

  private push(ev: Ev): void {
    const h = this.heap;
    h.push(ev);
    let i = h.length - 1;
    while (i > 0) {
      const p = (i - 1) >> 1;
      if (!this.less(h[i]!, h[p]!)) break;
      [h[i], h[p]] = [h[p]!, h[i]!];
      i = p;
    }
  }

  private pop(): void {
    const h = this.heap;
    const last = h.pop()!;
    if (h.length === 0) return;
    h[0] = last;
    let i = 0;
    for (;;) {
      const l = 2 * i + 1;
      const r = l + 1;
      let m = i;
      if (l < h.length && this.less(h[l]!, h[m]!)) m = l;
      if (r < h.length && this.less(h[r]!, h[m]!)) m = r;
      if (m === i) return;
      [h[i], h[m]] = [h[m]!, h[i]!];
      i = m;
    }
  }
}
