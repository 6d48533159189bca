import { describe, expect, it } from "vitest";
import { VirtualClock } from "../../calibration/clock.ts";
import { EmulatedGpu, predictSingleStream } from "../../calibration/emulator.ts";
import { GPUS } from "../../calibration/gpus.ts";
import { MODELS } from "../../calibration/models.ts";
import { decodeFloorMs, stepTimeMs } from "../../calibration/roofline.ts";

const gpu = GPUS.rtx4090!;
const model = MODELS["llama3-8b"]!;

function run(
  emu: EmulatedGpu,
  clock: VirtualClock,
  prompt: number,
  out: number,
): Promise<{ times: number[]; start: number }> {
  return new Promise((resolve, reject) => {
    const times: number[] = [];
    const start = clock.now();
    emu.submit(
      { promptTokens: prompt, outputTokens: out },
      {
        onToken: () => times.push(clock.now()),
        onEnd: () => resolve({ times, start }),
        onError: (_c, m) => reject(new Error(m)),
      },
    );
  });
}

describe("EmulatedGpu", () => {
  it("a single stream follows the roofline exactly (prefill step, then decode steps)", async () => {
    const clock = new VirtualClock();
    const emu = new EmulatedGpu({ gpu, model, clock });
    const p = run(emu, clock, 512, 8);
    await clock.runUntil(10_000);
    const { times } = await p;
    expect(times).toHaveLength(8);
    const pred = predictSingleStream(gpu, model, 512, 8);
    expect(times[0]).toBeCloseTo(pred.ttftMs, 9);
    expect(times[7]).toBeCloseTo(pred.e2eMs, 9);
    expect(times[1]! - times[0]!).toBeCloseTo(stepTimeMs(gpu, model, 1, 513), 9);
    // the decode step is close to the 15.9 ms weight-read floor on an RTX 4090
    expect(times[1]! - times[0]!).toBeGreaterThan(decodeFloorMs(gpu, model));
    expect(times[1]! - times[0]!).toBeLessThan(decodeFloorMs(gpu, model) * 1.01);
  });

  it("batches concurrent decodes into shared steps", async () => {
    const clock = new VirtualClock();
    const emu = new EmulatedGpu({ gpu, model, clock });
    const runs = Array.from({ length: 16 }, () => run(emu, clock, 16, 32));
    await clock.runUntil(60_000);
    const done = await Promise.all(runs);
    // the first request launched a step alone; the other 15 join together at the next step
    expect(new Set(done.slice(1).map((d) => d.times[31])).size).toBe(1);
    expect(done[1]!.times[0]!).toBe(done[0]!.times[1]!);
    // 16× the tokens of one stream in barely more time (memory-bound batching)
    const single = predictSingleStream(gpu, model, 16, 32).e2eMs;
    expect(done[1]!.times[31]! - done[1]!.start).toBeLessThan(single * 1.2);
    expect(emu.stats.outputTokens).toBe(16 * 32);
    expect(emu.stats.steps).toBe(33);
  });

  it("queues requests when the KV cache is full", async () => {
    const clock = new VirtualClock();
    const emu = new EmulatedGpu({ gpu, model, clock, memoryUtilisation: 0.686 });
    expect(emu.kvCapacity).toBeLessThan(8000);
    const per = Math.floor(emu.kvCapacity / 3); // only 3 fit at once
    const runs = Array.from({ length: 6 }, () => run(emu, clock, per - 10, 10));
    expect(emu.stats.queued).toBe(5); // the first launched a step at once, the rest wait
    await clock.runUntil(1e7);
    const done = await Promise.all(runs);
    // the 4th cannot start before one of the first three has finished and freed its KV
    expect(done[3]!.times[0]!).toBeGreaterThan(done[0]!.times[9]!);
    expect(emu.stats.completed).toBe(6);
    expect(emu.stats.kvReservedTokens).toBeGreaterThanOrEqual(0);
  });

  it("refuses a request larger than the context", async () => {
    const clock = new VirtualClock();
    const emu = new EmulatedGpu({ gpu, model, clock });
    await expect(run(emu, clock, 9000, 10)).rejects.toThrow(/exceed/);
  });

  it("refuses a model that does not fit", () => {
    expect(
      () => new EmulatedGpu({ gpu, model: MODELS["llama3-70b"]!, clock: new VirtualClock() }),
    ).toThrow(/does not fit/);
  });

  it("cancellation frees the KV cache", async () => {
    const clock = new VirtualClock();
    const emu = new EmulatedGpu({ gpu, model, clock });
    const cancel = emu.submit(
      { promptTokens: 100, outputTokens: 1000 },
      {
        onToken: () => {},
        onEnd: () => {},
        onError: () => {},
      },
    );
    await clock.runUntil(100);
    cancel();
    await clock.runUntil(1000);
    expect(emu.stats.running).toBe(0);
    const p = run(emu, clock, 10, 2);
    await clock.runUntil(2000);
    await p;
    expect(emu.stats.completed).toBe(1);
  });
});
