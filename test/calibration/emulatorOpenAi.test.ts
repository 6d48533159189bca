/**
 * `tokensim emulate` where OpenAI and vLLM differ, through the official `openai` SDK against a
 * real emulator server: errors come before any token, with the status and code a client
 * branches on.
 */
import OpenAI, { type APIError } from "openai";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type EmulatorServer, startEmulatorServer } from "../../calibration/emulatorServer.ts";
import { GPUS } from "../../calibration/gpus.ts";
import { MODELS } from "../../calibration/models.ts";
import { scrapePrometheus } from "../../calibration/openaiClient.ts";

const MODEL = "llama3.2-1b";
let srv: EmulatorServer;
let client: OpenAI;

beforeAll(async () => {
  srv = await startEmulatorServer({
    gpu: GPUS.h100sxm!,
    model: MODELS[MODEL]!,
    port: 0,
    timeScale: 0.05,
    seed: "s1",
  });
  client = new OpenAI({ baseURL: `${srv.url}/v1`, apiKey: "x", maxRetries: 0 });
});
afterAll(async () => {
  await srv.close();
});

/** The SDK's error for a call that should fail. */
async function failure(p: Promise<unknown>): Promise<APIError> {
  try {
    await p;
  } catch (err) {
    if (err instanceof OpenAI.APIError) return err;
    throw err;
  }
  throw new Error("expected the request to fail");
}

describe("emulator HTTP errors, as the openai SDK sees them", () => {
  it("a request over the context is a 400 context_length_exceeded before any streaming", async () => {
    // fits on its own, not with 500 tokens of answer
    const words = "w ".repeat(srv.emulator.maxRequestTokens - 100);
    for (const stream of [true, false]) {
      const err = await failure(
        client.chat.completions.create({
          model: MODEL,
          messages: [{ role: "user", content: words }],
          max_tokens: 500,
          stream,
        }),
      );
      expect(err).toBeInstanceOf(OpenAI.BadRequestError);
      expect(err.code).toBe("context_length_exceeded");
      expect(err.param).toBe("messages");
      expect(err.type).toBe("invalid_request_error");
      expect(err.message).toMatch(/maximum context length is \d+ tokens/);
    }
    const legacy = await failure(
      client.completions.create({ model: MODEL, prompt: words, max_tokens: 500, stream: true }),
    );
    expect(legacy).toBeInstanceOf(OpenAI.BadRequestError);
    expect(legacy.code).toBe("context_length_exceeded");
    expect(legacy.param).toBe("prompt");
  });

  it("an oversized body is a 413 JSON error, not a connection reset", async () => {
    const big = "w ".repeat(3 << 20); // 6 MiB
    const err = await failure(client.completions.create({ model: MODEL, prompt: big }));
    expect(err.status).toBe(413);
    expect(err.code).toBe("request_too_large");
    // the server is still there for the next request
    expect((await client.models.list()).data[0]?.id).toBe(MODEL);
  });

  it("an unknown model is a 404 model_not_found; GET /v1/models/{id} answers for the served one", async () => {
    const err = await failure(
      client.chat.completions.create({
        model: "gpt-4o",
        messages: [{ role: "user", content: "hi" }],
      }),
    );
    expect(err).toBeInstanceOf(OpenAI.NotFoundError);
    expect(err.code).toBe("model_not_found");
    const card = await client.models.retrieve(MODEL);
    expect(card).toMatchObject({ id: MODEL, object: "model", owned_by: "tokensim-emulator" });
    const missing = await failure(client.models.retrieve("gpt-4o"));
    expect(missing).toBeInstanceOf(OpenAI.NotFoundError);
    expect(missing.code).toBe("model_not_found");
  });

  it("mistyped max_tokens, temperature, n are 400 invalid_request_error naming the field", async () => {
    const cases: [string, Record<string, unknown>][] = [
      ["max_tokens", { max_tokens: "12" }],
      ["max_tokens", { max_tokens: 0 }],
      ["max_tokens", { max_tokens: 2.5 }],
      ["temperature", { temperature: "hot" }],
      ["temperature", { temperature: 3 }],
      ["n", { n: 0 }],
      ["top_p", { top_p: 2 }],
    ];
    for (const [param, extra] of cases) {
      const err = await failure(
        client.chat.completions.create({
          model: MODEL,
          messages: [{ role: "user", content: "hi" }],
          ...extra,
        } as unknown as OpenAI.ChatCompletionCreateParamsNonStreaming),
      );
      expect(err, JSON.stringify(extra)).toBeInstanceOf(OpenAI.BadRequestError);
      expect(err.type).toBe("invalid_request_error");
      expect(err.param).toBe(param);
      expect(err.message).toContain(param);
    }
  });
});

describe("emulator HTTP features where OpenAI and vLLM differ", () => {
  it("n > 1 gives n choices, streaming or not", async () => {
    const full = await client.chat.completions.create({
      model: MODEL,
      messages: [{ role: "user", content: "one two three" }],
      max_tokens: 4,
      n: 3,
    });
    expect(full.choices.map((c) => c.index)).toEqual([0, 1, 2]);
    for (const c of full.choices) expect(c.message.content?.split(" ")).toHaveLength(4);
    expect(full.usage).toMatchObject({ prompt_tokens: 3, completion_tokens: 12 });
    const stream = await client.chat.completions.create({
      model: MODEL,
      messages: [{ role: "user", content: "one two three" }],
      max_tokens: 5,
      n: 2,
      stream: true,
    });
    const perChoice = [0, 0];
    for await (const chunk of stream) {
      for (const c of chunk.choices) if (c.delta.content) perChoice[c.index]!++;
    }
    expect(perChoice).toEqual([5, 5]);
  });

  it("/v1/completions takes prompt arrays: strings and token ids, one choice each", async () => {
    const r = await client.completions.create({
      model: MODEL,
      prompt: ["a b c", "d e"],
      max_tokens: 3,
    });
    expect(r.choices.map((c) => c.index)).toEqual([0, 1]);
    expect(r.usage).toMatchObject({ prompt_tokens: 5, completion_tokens: 6 });
    const ids = await client.completions.create({
      model: MODEL,
      prompt: [1, 2, 3, 4],
      max_tokens: 2,
    });
    expect(ids.choices).toHaveLength(1);
    expect(ids.usage?.prompt_tokens).toBe(4);
    const batch = await client.completions.create({
      model: MODEL,
      prompt: [[1, 2], [3]],
      max_tokens: 2,
      n: 2,
    });
    expect(batch.choices).toHaveLength(4);
    expect(batch.usage).toMatchObject({ prompt_tokens: 3, completion_tokens: 8 });
  });

  it("created is the time of each request, not of the server's start", async () => {
    const before = Math.floor(Date.now() / 1000);
    const r = await client.completions.create({ model: MODEL, prompt: "x", max_tokens: 1 });
    expect(r.created).toBeGreaterThanOrEqual(before);
    expect(r.created).toBeLessThanOrEqual(Math.ceil(Date.now() / 1000));
  });

  it("the KV-cache gauge returns to 0 when idle", async () => {
    await Promise.all(
      Array.from({ length: 4 }, () =>
        client.completions.create({ model: MODEL, prompt: "a b c", max_tokens: 8 }),
      ),
    );
    const m = await scrapePrometheus(`${srv.url}/metrics`);
    const gauge = (name: string) => m![Object.keys(m!).find((k) => k.startsWith(name))!];
    expect(gauge("tokensim_emulator_requests_completed_total")).toBeGreaterThanOrEqual(4);
    expect(gauge("tokensim_emulator_kv_cache_usage_ratio")).toBe(0);
    expect(gauge("tokensim_emulator_requests_running")).toBe(0);
    expect(gauge("tokensim_emulator_requests_waiting")).toBe(0);
  });

  it("a stream cut by the client frees its KV cache", async () => {
    const stream = await client.completions.create({
      model: MODEL,
      prompt: "a",
      max_tokens: 5000,
      stream: true,
    });
    let n = 0;
    for await (const _ of stream) if (++n === 3) break; // the SDK aborts the request
    expect(n).toBe(3);
    // the server notices the closed socket soon; a loaded machine may take a while
    for (let i = 0; i < 3000 && srv.emulator.stats.kvReservedTokens > 0; i++) {
      await new Promise((r) => setTimeout(r, 10));
    }
    expect(srv.emulator.stats.kvReservedTokens).toBe(0);
  });
});
