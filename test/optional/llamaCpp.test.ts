// Needs the optional package node-llama-cpp: `npm install --no-save node-llama-cpp@3.22.1`,
// then `npm run test:llama-cpp` (.ci/run does both). Real llama.cpp inference on a tiny GGUF
// model that the test writes itself: no weights are downloaded.
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { ErrorKind, StreamSink, Usage } from "../../calibration/backend.ts";
import { runCalibration } from "../../calibration/harness.ts";
import { LlamaCppBackend } from "../../calibration/llamaCpp.ts";
import { validateCalibrationProfile } from "../../calibration/profile.ts";
import { writeTinyLlamaGguf } from "../../calibration/tinyGguf.ts";

const dir = mkdtempSync(join(tmpdir(), "tokensim-llama-"));
const modelPath = join(dir, "tiny.gguf");
writeTinyLlamaGguf(modelPath);

interface Outcome {
  tokens: number;
  usage?: Usage;
  error?: ErrorKind;
}
function collect(): { sink: StreamSink; done: Promise<Outcome> } {
  const o: Outcome = { tokens: 0 };
  let resolve!: (x: Outcome) => void;
  const done = new Promise<Outcome>((r) => {
    resolve = r;
  });
  return {
    done,
    sink: {
      onToken: (n) => {
        o.tokens += n;
      },
      onEnd: (usage) => {
        if (usage) o.usage = usage;
        resolve(o);
      },
      onError: (kind) => {
        o.error = kind;
        resolve(o);
      },
    },
  };
}

describe("llama-cpp backend (node-llama-cpp, tiny generated model)", () => {
  let backend: LlamaCppBackend;
  beforeAll(async () => {
    backend = await LlamaCppBackend.create({
      modelPath,
      sequences: 2,
      contextPerSequence: 256,
      threads: 1,
    });
  });
  afterAll(async () => {
    await backend.close();
  });

  it("generates exactly the requested tokens from a prompt of exactly the requested length", async () => {
    const runs = [
      { promptTokens: 40, outputTokens: 7 },
      { promptTokens: 5, outputTokens: 30, temperature: 0.7, topP: 0.9 },
      { promptTokens: 100, outputTokens: 1 },
    ].map((req) => {
      const c = collect();
      backend.send(req, c.sink);
      return c.done;
    });
    // three requests, two sequences: the third waits for a free one
    const [a, b, c] = await Promise.all(runs);
    expect(a).toEqual({ tokens: 7, usage: { promptTokens: 40, outputTokens: 7 } });
    expect(b).toEqual({ tokens: 30, usage: { promptTokens: 5, outputTokens: 30 } });
    expect(c).toEqual({ tokens: 1, usage: { promptTokens: 100, outputTokens: 1 } });
  });

  it("shortens a request longer than a sequence's context, refuses a trace's text that is, and cancels silently", async () => {
    expect(backend.contextPerSequence).toBe(256);
    expect(backend.contextTokens).toBe(256);
    // a synthetic prompt is sized to the context (contextFit.ts): the prompt gives way
    let resized = 0;
    const tooLong = collect();
    backend.send(
      { promptTokens: 250, outputTokens: 10 },
      { ...tooLong.sink, onResized: () => resized++ },
    );
    expect(await tooLong.done).toEqual({
      tokens: 10,
      usage: { promptTokens: 246, outputTokens: 10 },
    });
    expect(resized).toBe(1);
    // a trace's own text is sent as it is, and refused when it cannot fit
    const text = collect();
    backend.send({ promptTokens: 250, outputTokens: 10, prompt: "the GPU" }, text.sink);
    expect((await text.done).error).toBe("refused");
    // a cancelled request ends without an event; the sequence is free again afterwards
    let events = 0;
    const cancel = backend.send(
      { promptTokens: 10, outputTokens: 200 },
      { onToken: () => events++, onEnd: () => events++, onError: () => events++ },
    );
    cancel();
    const after = collect();
    backend.send({ promptTokens: 10, outputTokens: 3 }, after.sink);
    const first = collect();
    backend.send({ promptTokens: 10, outputTokens: 3 }, first.sink);
    expect((await after.done).tokens).toBe(3);
    expect((await first.done).tokens).toBe(3);
    expect(events).toBe(0);
  });
});

describe("tokensim calibrate against llama-cpp", () => {
  it("measures real inference in a worker thread and writes a valid profile", async () => {
    const run = await runCalibration({
      target: `llama-cpp:${modelPath}`,
      workloadPath: join(import.meta.dirname, "..", "calibration", "fixtures", "short.json"),
      mode: "closed",
      levels: [1, 3],
      durationMs: 1500,
      warmupMs: 200,
      workers: 1,
      threads: 1,
    });
    expect(run.threadIds.every((id) => id > 0)).toBe(true);
    const profile = validateCalibrationProfile(JSON.parse(JSON.stringify(run.profile)));
    expect(profile.target).toMatchObject({ kind: "llama-cpp", modelPath });
    expect(profile.model).toBe("tiny");
    expect(profile.partial).toBe(false);
    for (const p of profile.points) {
      expect(p.requests.completed).toBeGreaterThan(0);
      expect(p.requests.errors + p.requests.timeouts).toBe(0);
      expect(p.e2eMs.count).toBe(p.requests.completedInWindow);
      const requests = p.requests.completed + p.requests.cancelledAtEnd;
      expect(p.ttftMs.count).toBeGreaterThan(0);
      expect(p.ttftMs.count).toBeLessThanOrEqual(requests);
      // short.json asks for 16 tokens: at most 15 inter-token gaps per request
      expect(p.itlMs.count).toBeGreaterThan(0);
      expect(p.itlMs.count).toBeLessThanOrEqual(15 * requests);
      expect(p.outputTokensPerSec).toBeGreaterThan(0);
    }
    expect(profile.hardware.default!.throughputTokensPerSec!).toBeGreaterThan(0);
  });
});
