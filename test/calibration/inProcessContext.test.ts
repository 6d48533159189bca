/**
 * The in-process targets size requests to the model's context the way the HTTP target does
 * (one function, fitToContext): the emulator's context here, llama.cpp's in the optional suite.
 */
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import type { GenRequest, StreamSink } from "../../calibration/backend.ts";
import { fitToContext } from "../../calibration/contextFit.ts";
import { runCalibration } from "../../calibration/harness.ts";
import { EmulatedBackend } from "../../calibration/targets.ts";

describe("fitToContext", () => {
  it("shortens the prompt first, then halves an answer too long for the rest", () => {
    const req = { promptTokens: 100, outputTokens: 50 };
    expect(fitToContext(req, { contextTokens: 1024 })).toBe(req);
    expect(
      fitToContext({ promptTokens: 3000, outputTokens: 200 }, { contextTokens: 1024 }),
    ).toEqual({ promptTokens: 824, outputTokens: 200 });
    expect(
      fitToContext(
        { promptTokens: 3000, outputTokens: 2000 },
        { contextTokens: 1024, reservedTokens: 32 },
      ),
    ).toEqual({ promptTokens: 496, outputTokens: 496 });
    // a tokenizer making two tokens of a word: half as many words
    expect(
      fitToContext(
        { promptTokens: 3000, outputTokens: 24 },
        { contextTokens: 1024, tokensPerWord: 2 },
      ),
    ).toEqual({ promptTokens: 500, outputTokens: 24 });
    // a trace's own text is sent as it is
    const text: GenRequest = { promptTokens: 3000, outputTokens: 200, prompt: "the GPU" };
    expect(fitToContext(text, { contextTokens: 1024 })).toBe(text);
  });
});

describe("the emulated target sizes requests to the emulated model's context", () => {
  it("shortens a request longer than the context instead of refusing it", async () => {
    const backend = new EmulatedBackend({
      target: { kind: "emulated", gpu: "h100sxm", model: "llama3-8b" },
      timeScale: 0,
    });
    expect(backend.contextTokens).toBe(8192);
    let resized = 0;
    const ended = await new Promise<{ tokens: number; usage: unknown }>((resolve, reject) => {
      let tokens = 0;
      const sink: StreamSink = {
        onToken: (n) => {
          tokens += n;
        },
        onResized: () => resized++,
        onEnd: (usage) => resolve({ tokens, usage }),
        onError: (kind, message) => reject(new Error(`${kind}: ${message}`)),
      };
      backend.send({ promptTokens: 12_000, outputTokens: 64 }, sink);
      void backend.clock.runUntil(60_000);
    });
    expect(resized).toBe(1);
    expect(ended).toEqual({ tokens: 64, usage: { promptTokens: 8192 - 64, outputTokens: 64 } });
    await backend.close();
  });

  it("calibrates a workload whose prompts overflow the context without failures", async () => {
    const run = await runCalibration({
      target: "emulated:h100sxm:llama3-8b",
      workloadPath: join(import.meta.dirname, "fixtures", "overlong.json"),
      mode: "closed",
      levels: [4],
      durationMs: 20_000,
      warmupMs: 0,
      workers: 0,
    });
    const p = run.profile.points[0]!;
    expect(p.requests.completed).toBeGreaterThan(10);
    expect(p.requests.errors + p.requests.timeouts).toBe(0);
    // about half the mix is too long: every one of those was shortened, none refused
    expect(p.requests.resized).toBeGreaterThan(p.requests.started / 4);
    expect(p.requests.resized).toBeLessThan(p.requests.started);
    expect(run.profile.degraded).toBe(false);
    expect(run.profile.target.contextTokens).toBe(8192);
    expect(run.profile.notes.join("\n")).toMatch(
      /shortened to fit the model's context window of 8192 tokens/,
    );
  }, 60_000);
});
