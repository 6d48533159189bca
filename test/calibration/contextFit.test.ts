/**
 * Prompts are sized to the served model's context, and a profile whose levels mostly failed
 * says so: the default chat workload's long prompts overflow a small model's context.
 */
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { StreamSink, Usage } from "../../calibration/backend.ts";
import {
  contextFromRefusal,
  discoverServer,
  promptTokensFromRefusal,
} from "../../calibration/discover.ts";
import type { LevelResult } from "../../calibration/driver.ts";
import { type EmulatorServer, startEmulatorServer } from "../../calibration/emulatorServer.ts";
import { GPUS } from "../../calibration/gpus.ts";
import { runCalibration } from "../../calibration/harness.ts";
import { LatencyHistogram } from "../../calibration/histogram.ts";
import { MODELS } from "../../calibration/models.ts";
import { HttpBackend } from "../../calibration/openaiClient.ts";
import { buildProfile, validateCalibrationProfile } from "../../calibration/profile.ts";
import { defaultWorkloadPath } from "../../calibration/workload.ts";

describe("what a server says about its context", () => {
  it("reads vLLM's and the emulator's refusal, and llama.cpp's", () => {
    expect(
      contextFromRefusal(
        JSON.stringify({
          error: {
            message:
              "This model's maximum context length is 2048 tokens. However, you requested 4400 tokens (4144 in the messages, 256 in the completion).",
            code: "context_length_exceeded",
          },
        }),
      ),
    ).toBe(2048);
    expect(
      contextFromRefusal(
        JSON.stringify({
          error: {
            code: 400,
            message: "the request exceeds the available context size, try increasing it",
            type: "exceed_context_size_error",
            n_prompt_tokens: 5000,
            n_ctx: 4096,
          },
        }),
      ),
    ).toBe(4096);
    expect(contextFromRefusal('{"error":{"message":"bad request"}}')).toBeUndefined();
    expect(contextFromRefusal("bad request")).toBeUndefined();
  });

  it("reads the prompt's tokens a refusal states (vLLM, the emulator, llama.cpp)", () => {
    expect(
      promptTokensFromRefusal(
        "This model's maximum context length is 2048 tokens. However, you requested 4400 tokens (4144 in the messages, 256 in the completion).",
      ),
    ).toBe(4144);
    expect(promptTokensFromRefusal("(77 in the prompt, 3 in the completion)")).toBe(77);
    expect(
      promptTokensFromRefusal(
        JSON.stringify({ error: { type: "exceed_context_size_error", n_prompt_tokens: 5000 } }),
      ),
    ).toBe(5000);
    expect(promptTokensFromRefusal("bad request")).toBeUndefined();
  });

  let srv: Server;
  let base: string;
  beforeAll(async () => {
    // /vllm: max_model_len in /v1/models; /llama: /props with the slot's n_ctx
    srv = createServer((req, res) => {
      const url = req.url ?? "";
      res.setHeader("content-type", "application/json");
      if (url === "/vllm/v1/models")
        return res.end(JSON.stringify({ data: [{ id: "m", max_model_len: 8192 }] }));
      if (url === "/llama/v1/models") return res.end(JSON.stringify({ data: [{ id: "g" }] }));
      if (url === "/llama/props")
        return res.end(JSON.stringify({ default_generation_settings: { n_ctx: 2048 } }));
      res.statusCode = 404;
      res.end("{}");
    });
    await new Promise<void>((r) => srv.listen(0, "127.0.0.1", r));
    base = `http://127.0.0.1:${(srv.address() as AddressInfo).port}`;
  }, 60_000);
  afterAll(async () => {
    await new Promise<void>((r) => srv.close(() => r()));
  }, 60_000);

  it("discovers it from /v1/models (vLLM) or /props (llama.cpp)", async () => {
    expect((await discoverServer(`${base}/vllm`))?.contextTokens).toBe(8192);
    expect((await discoverServer(`${base}/llama`))?.contextTokens).toBe(2048);
  });

  it("shortens the prompt first, keeping the answer's length where it can", () => {
    const b = new HttpBackend({ baseUrl: base, model: "m", contextTokens: 1024 });
    expect(b.fit({ promptTokens: 100, outputTokens: 50 })).toEqual({
      promptTokens: 100,
      outputTokens: 50,
    });
    // 1024 less 32 for the chat template
    expect(b.fit({ promptTokens: 3000, outputTokens: 200 })).toEqual({
      promptTokens: 792,
      outputTokens: 200,
    });
    expect(b.fit({ promptTokens: 3000, outputTokens: 2000 })).toEqual({
      promptTokens: 496,
      outputTokens: 496,
    });
    const off = new HttpBackend({ baseUrl: base, model: "m", contextTokens: null });
    expect(off.fit({ promptTokens: 3000, outputTokens: 200 }).promptTokens).toBe(3000);
  });
});

describe("a tokenizer that makes several tokens of a word", () => {
  // 512 tokens of context; 4 tokens per word, as a byte-level tokenizer might make; no chat
  // template. Refuses like vLLM, stating the prompt's tokens; otherwise one chunk and usage.
  const CONTEXT = 512;
  let srv: Server;
  let base: string;
  beforeAll(async () => {
    srv = createServer((req, res) => {
      let body = "";
      req.on("data", (c) => {
        body += c;
      });
      req.on("end", () => {
        const ask = JSON.parse(body) as { messages: { content: string }[]; max_tokens: number };
        const prompt = 4 * ask.messages[0]!.content.split(" ").length;
        if (prompt + ask.max_tokens > CONTEXT) {
          res.writeHead(400, { "content-type": "application/json" });
          return res.end(
            JSON.stringify({
              error: {
                message: `This model's maximum context length is ${CONTEXT} tokens. However, you requested ${prompt + ask.max_tokens} tokens (${prompt} in the messages, ${ask.max_tokens} in the completion).`,
                code: "context_length_exceeded",
              },
            }),
          );
        }
        res.writeHead(200, { "content-type": "text/event-stream" });
        const usage = { prompt_tokens: prompt, completion_tokens: ask.max_tokens };
        res.write(`data: ${JSON.stringify({ choices: [{ delta: { content: "x" } }] })}\n\n`);
        res.write(`data: ${JSON.stringify({ choices: [], usage })}\n\n`);
        res.end("data: [DONE]\n\n");
      });
    });
    await new Promise<void>((r) => srv.listen(0, "127.0.0.1", r));
    base = `http://127.0.0.1:${(srv.address() as AddressInfo).port}`;
  }, 60_000);
  afterAll(async () => {
    await new Promise<void>((r) => srv.close(() => r()));
  }, 60_000);

  const send = (b: HttpBackend, promptTokens: number, outputTokens: number) =>
    new Promise<{ usage?: Usage; error?: string; retried: number }>((resolve) => {
      let retried = 0;
      const sink: StreamSink = {
        onToken: () => {},
        onRetry: () => retried++,
        onEnd: (usage) => resolve({ ...(usage ? { usage } : {}), retried }),
        onError: (kind, message) => resolve({ error: `${kind}: ${message}`, retried }),
      };
      b.send({ promptTokens, outputTokens }, sink);
    });

  it("learns the tokens per word from a refusal that states them, and fits the retry", async () => {
    const b = new HttpBackend({ baseUrl: base, model: "m", contextTokens: CONTEXT });
    // fitted as one token a word (448 words), refused as 1,792 tokens, sent again fitted
    const r = await send(b, 2000, 64);
    expect(r.error).toBeUndefined();
    expect(r.retried).toBe(1);
    expect(r.usage!.promptTokens! + 64).toBeLessThanOrEqual(CONTEXT);
    // 1792 / 448 = 4 tokens a word from now on: (512 - 32 for the template - 64) / 4 words
    expect(b.fit({ promptTokens: 2000, outputTokens: 64 })).toEqual({
      promptTokens: 104,
      outputTokens: 64,
    });
    await b.close();
  });

  it("learns them from the usage of a request that fitted", async () => {
    const b = new HttpBackend({ baseUrl: base, model: "m", contextTokens: CONTEXT });
    const r = await send(b, 100, 16);
    expect(r.usage).toEqual({ promptTokens: 400, outputTokens: 16 });
    // 400 / 100 = 4 tokens a word: 1,000 words are cut to (512 - 32 - 16) / 4
    const fitted = b.fit({ promptTokens: 1000, outputTokens: 16 });
    expect(fitted).toEqual({ promptTokens: 116, outputTokens: 16 });
    const again = await send(b, 1000, 16);
    expect(again.error).toBeUndefined();
    expect(again.retried).toBe(0);
    await b.close();
  });
});

describe("calibrating a server whose context the chat workload overflows", () => {
  let emu: EmulatorServer;
  beforeAll(async () => {
    // A small model's context: about half of the chat workload's requests do not fit.
    emu = await startEmulatorServer({
      gpu: GPUS.h100sxm!,
      model: { ...MODELS["llama3.2-1b"]!, maxContextTokens: 512 },
      port: 0,
      timeScale: 0.01,
      seed: "s1",
    });
  }, 60_000);
  afterAll(async () => {
    await emu.close();
  }, 60_000);

  it("learns the context from the refusals and sizes the prompts to it", async () => {
    const run = await runCalibration({
      target: emu.url,
      workloadPath: defaultWorkloadPath(),
      mode: "closed",
      levels: [4],
      // 200 s of model time, 2 s of wall time: long enough for many requests however slow
      durationMs: 200_000,
      warmupMs: 0,
      workers: 0,
      timeScale: 0.01,
      modelName: "llama3.2-1b",
    });
    const p = run.profile.points[0]!;
    expect(p.requests.completed).toBeGreaterThan(10);
    // the first requests of each client were refused, then sent again shortened
    expect(p.retriesByKind.http_4xx).toBeGreaterThan(0);
    expect(p.requests.resized).toBeGreaterThan(p.requests.completed / 4);
    expect(p.failureRate).toBeLessThanOrEqual(0.05);
    expect(run.profile.degraded).toBe(false);
    expect(run.profile.notes.join("\n")).toMatch(/shortened to fit the server's context/);
    expect(p.tokenCounting?.source).toBe("usage");
    validateCalibrationProfile(run.profile);
  }, 120_000);
});

describe("a profile whose levels mostly failed is marked degraded", () => {
  const empty = new LatencyHistogram().toJSON();
  const level = (value: number, completed: number, failed: number): LevelResult => ({
    level: { mode: "closed", value },
    started: completed + failed,
    completed,
    completedInWindow: completed,
    outputTokensInWindow: completed * 100,
    windowMs: 10_000,
    errors: failed > 0 ? { http_4xx: failed } : {},
    retries: {},
    cancelledAtEnd: 0,
    dropped: 0,
    ttft: empty,
    itl: empty,
    e2e: empty,
    interrupted: false,
  });
  const build = (maxErrorRate?: number) =>
    buildProfile({
      results: [level(1, 100, 0), level(4, 90, 10), level(16, 45, 55)],
      target: { kind: "http", url: "http://x", timeScale: 1 },
      hardwareClass: "default",
      model: "m",
      workload: { name: "chat", path: "chat.ts" },
      settings: {
        mode: "closed",
        levels: [1, 4, 16],
        durationMs: 10_000,
        warmupMs: 0,
        workers: 1,
        seed: "s",
      },
      power: {},
      toolVersion: "0",
      partial: false,
      ...(maxErrorRate !== undefined ? { maxErrorRate } : {}),
      now: new Date(0),
    });

  it("records each level's failure rate and the levels over the limit", () => {
    const p = build();
    expect(p.points.map((x) => x.failureRate)).toEqual([0, 0.1, 0.55]);
    expect(p.errorBudget).toEqual({
      maxErrorRate: 0.05,
      worstFailureRate: 0.55,
      levelsOver: [4, 16],
    });
    expect(p.degraded).toBe(true);
    expect(p.notes.join("\n")).toMatch(/degraded: 55\.0% of requests failed at worst/);
    validateCalibrationProfile(p);
  });

  it("takes a stated limit", () => {
    const p = build(0.6);
    expect(p.degraded).toBe(false);
    expect(p.errorBudget?.levelsOver).toEqual([]);
  });
});
