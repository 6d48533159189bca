/**
 * Pacing of the emulator on a real clock. Exact tests run on a fake wall clock (FakeWall:
 * Node-like timers, 1 ms resolution, early and late firing), so they do not depend on the
 * machine's speed; the one test on the real wall clock asserts only what a slow machine
 * cannot break (never faster than the model) and checks the rest on the emulator's schedule.
 */
import { describe, expect, it } from "vitest";
import { RealClock, VirtualClock } from "../../calibration/clock.ts";
import { EmulatedGpu, type EmulatorOptions } from "../../calibration/emulator.ts";
import { GPUS } from "../../calibration/gpus.ts";
import { MODELS } from "../../calibration/models.ts";
import { decodeFloorMs } from "../../calibration/roofline.ts";
import { FakeWall } from "./fakeWall.ts";

const gpu = GPUS.h100sxm!; // 4.79 ms decode floor for llama3-8b
const model = MODELS["llama3-8b"]!;
const PROMPT = 16;

/** Model times of one request's tokens, from its submission, on the exact virtual clock. */
async function modelTimes(out: number, prompt = PROMPT): Promise<number[]> {
  const clock = new VirtualClock();
  const emu = new EmulatedGpu({ gpu, model, clock });
  const times: number[] = [];
  emu.submit(
    { promptTokens: prompt, outputTokens: out },
    { onToken: () => times.push(clock.now()), onEnd: () => {}, onError: () => {} },
  );
  await clock.runUntil(1e9);
  return times;
}

interface Stream {
  /** Model time of submission. */
  readonly start: number;
  /** Model time (clock.now()) each token was handed over. */
  readonly served: number[];
  /** Model time the schedule gave each token. */
  readonly scheduled: number[];
  ended: boolean;
}

function submit(emu: EmulatedGpu, out: number, prompt = PROMPT): Stream {
  const s: Stream = { start: emu.clock.now(), served: [], scheduled: [], ended: false };
  emu.submit(
    { promptTokens: prompt, outputTokens: out },
    {
      onToken: (_i, atMs) => {
        s.served.push(emu.clock.now());
        s.scheduled.push(atMs);
      },
      onEnd: () => {
        s.ended = true;
      },
      onError: (_c, m) => {
        throw new Error(m);
      },
    },
  );
  return s;
}

function fakeGpu(timeScale: number, wall: FakeWall, opts: Partial<EmulatorOptions> = {}) {
  return new EmulatedGpu({ gpu, model, clock: new RealClock(timeScale, wall), ...opts });
}

/** Served tokens are never ahead of the model, and the schedule is the model's. */
function expectOnSchedule(s: Stream, model: number[]): void {
  expect(s.served).toHaveLength(model.length);
  for (let i = 0; i < model.length; i++) {
    expect(s.scheduled[i]! - s.start).toBeCloseTo(model[i]!, 6);
    expect(s.served[i]!).toBeGreaterThanOrEqual(s.scheduled[i]! - 1e-9);
  }
}

describe("emulator pacing on a real clock (fake wall timers)", () => {
  // Output lengths give each stream about 100 ms of wall time or more, so that one timer
  // tick (1 ms) of lateness at the end is under 3% of it.
  for (const [timeScale, out] of [
    [1, 64],
    [0.1, 256],
    [0.01, 2048],
  ] as const) {
    it(`serves tokens on the model's schedule at time scale ${timeScale}: never early, end-to-end within 3%`, async () => {
      const wall = new FakeWall({ lateMs: 0.3, seed: `ts${timeScale}` });
      const emu = fakeGpu(timeScale, wall);
      wall.stall(0.37); // start mid-millisecond, where Node's timers fire early
      const s = submit(emu, out);
      wall.runUntil(1e7);
      expect(s.ended).toBe(true);
      const m = await modelTimes(out);
      expectOnSchedule(s, m);
      const e2e = s.served.at(-1)! - s.start;
      expect(e2e).toBeGreaterThanOrEqual(m.at(-1)!);
      expect(e2e / m.at(-1)!).toBeLessThan(1.03);
      // tokens/s after the first token, as a calibration measures it
      const rate = (out - 1) / (s.served.at(-1)! - s.served[0]!);
      const modelRate = (out - 1) / (m.at(-1)! - m[0]!);
      expect(Math.abs(rate / modelRate - 1)).toBeLessThan(0.03);
      expect(emu.stats.slipMs).toBe(0);
    });
  }

  it("batches steps shorter than the timer resolution instead of one per timer tick", () => {
    const wall = new FakeWall();
    const emu = fakeGpu(0.01, wall); // a 4.8 ms step is 0.048 ms of wall time
    const s = submit(emu, 2048);
    wall.runUntil(1e7);
    expect(s.ended).toBe(true);
    const wallMs = (s.served.at(-1)! - s.start) * 0.01;
    // one callback per timer tick (1 ms), not one per step
    expect(wall.fired).toBeLessThan(wallMs * 1.5 + 5);
    expect(emu.stats.steps).toBe(2048);
    expect(emu.stats.burstSteps).toBeGreaterThan(2048 * 0.9);
  });

  it("a timer that fires early does not run the emulator ahead", () => {
    // No lateness: with the cached-millisecond rule every 4.79 ms timer set mid-millisecond
    // comes back early, as Node's do; the old pacing accepted them (10% fast at scale 1).
    const wall = new FakeWall();
    const emu = fakeGpu(1, wall);
    wall.stall(0.9);
    const s = submit(emu, 200);
    wall.runUntil(1e7);
    for (let i = 0; i < s.served.length; i++) {
      expect(s.served[i]!).toBeGreaterThanOrEqual(s.scheduled[i]!);
    }
    expect(wall.timersSet).toBeGreaterThan(wall.fired - 1); // early ones were re-armed
    const perToken = (s.served.at(-1)! - s.served[0]!) / 199;
    expect(perToken).toBeGreaterThanOrEqual(decodeFloorMs(gpu, model));
  });

  it("catches up after a stall: the tokens due come at once, then the schedule goes on unchanged", async () => {
    const wall = new FakeWall();
    const emu = fakeGpu(1, wall);
    const s = submit(emu, 200);
    wall.runUntil(100);
    const before = s.served.length;
    wall.stall(30); // the event loop is blocked for 30 ms
    wall.runUntil(131);
    const burst = s.served.slice(before).filter((t) => t <= 130.001);
    expect(burst.length).toBeGreaterThanOrEqual(5); // ~6 steps of 4.8 ms were due
    expect(new Set(burst).size).toBe(1);
    wall.runUntil(1e7);
    expectOnSchedule(s, await modelTimes(200));
    expect(emu.stats.slipMs).toBe(0);
    expect(s.served.at(-1)! - s.scheduled.at(-1)!).toBeLessThan(1.01); // at most one tick late
  });

  it("after a stall longer than maxLagWallMs the schedule slips by the excess, and says so", () => {
    const wall = new FakeWall();
    const emu = fakeGpu(1, wall, { maxLagWallMs: 50 });
    const s = submit(emu, 200);
    wall.runUntil(100);
    wall.stall(200);
    wall.runUntil(1e7);
    // 200 ms stalled, 50 ms of it caught up: 150 ms lost (± the step in flight)
    expect(emu.stats.slipMs).toBeGreaterThan(140);
    expect(emu.stats.slipMs).toBeLessThan(160);
    for (let i = 0; i < s.served.length; i++) {
      expect(s.served[i]!).toBeGreaterThanOrEqual(s.scheduled[i]!);
    }
  });

  it("a request arriving while the schedule catches up does not join a step that began before it", () => {
    const wall = new FakeWall();
    const emu = fakeGpu(1, wall);
    const a = submit(emu, 400);
    wall.runUntil(50);
    wall.stall(20); // steps that ended between 50 and 70 ms are now due
    const b = submit(emu, 4, 100); // arrives at 70 ms
    wall.runUntil(1e7);
    expect(a.ended && b.ended).toBe(true);
    expect(b.start).toBeCloseTo(70, 6);
    // its first step started at or after its arrival, and a step lasts at least the floor
    expect(b.scheduled[0]! - b.start).toBeGreaterThanOrEqual(decodeFloorMs(gpu, model));
  });
});

describe("emulator gauges", () => {
  it("KV cache, running and waiting return to 0 when idle, and on cancellation", async () => {
    const clock = new VirtualClock();
    const emu = new EmulatedGpu({ gpu, model, clock, maxBatch: 1 });
    const sink = { onToken: () => {}, onEnd: () => {}, onError: () => {} };
    emu.submit({ promptTokens: 100, outputTokens: 10 }, sink);
    const cancelWaiting = emu.submit({ promptTokens: 100, outputTokens: 10 }, sink);
    emu.submit({ promptTokens: 100, outputTokens: 10 }, sink);
    expect(emu.stats.queued).toBe(2);
    cancelWaiting();
    expect(emu.stats.queued).toBe(1); // at once, not when the queue reaches it
    expect(emu.stats.kvReservedTokens).toBe(110);
    await clock.runUntil(1e6);
    expect(emu.stats.completed).toBe(2);
    expect(emu.stats).toMatchObject({ queued: 0, running: 0, kvReservedTokens: 0 });
  });
});

describe("emulator pacing on the real wall clock (lenient)", () => {
  // A busy machine can only make the emulator late: "never faster than the model" holds on
  // any machine. How close it keeps to the model is checked on its own schedule (model time
  // of each token, less the slip a stall forces), which a busy machine does not change.
  for (const [timeScale, out] of [
    [1, 40],
    [0.1, 200],
    [0.01, 1000],
  ] as const) {
    it(`time scale ${timeScale}: never faster than the model; schedule within 3%`, async () => {
      const emu = new EmulatedGpu({ gpu, model, clock: new RealClock(timeScale) });
      const s = await new Promise<Stream>((resolve) => {
        const st = submit(emu, out);
        const poll = setInterval(() => {
          if (st.ended) {
            clearInterval(poll);
            resolve(st);
          }
        }, 5);
      });
      const m = await modelTimes(out);
      for (let i = 0; i < out; i++) {
        expect(s.served[i]! - s.start).toBeGreaterThanOrEqual(m[i]! - 1e-6);
      }
      const scheduledE2e = s.scheduled.at(-1)! - s.start - emu.stats.slipMs;
      expect(Math.abs(scheduledE2e / m.at(-1)! - 1)).toBeLessThan(0.03);
    }, 120_000);
  }
});
