/**
 * The OpenAI-compatible server over llama.cpp (calibration/llamaCppServer.ts) with a stand-in
 * for node-llama-cpp, so that its HTTP behaviour is tested without the optional package
 * (test/optional/llamaCppServer.test.ts runs it on real llama.cpp): the official `openai`
 * SDK, errors before streaming, queueing on the sequences, and `calibrate` over HTTP with a
 * tokenizer that makes several tokens of a word.
 */
import { join } from "node:path";
import OpenAI from "openai";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runCalibration } from "../../calibration/harness.ts";
import type { Importer } from "../../calibration/llamaCpp.ts";
import { type LlamaCppServer, startLlamaCppServer } from "../../calibration/llamaCppServer.ts";

const CONTEXT = 128;
const EOG = 0;

/**
 * node-llama-cpp's surface, faked: one token per character (its code), answers cycling
 * through "a".."z" one token per event-loop turn, and an end-of-generation token after
 * three tokens when the prompt says "stop".
 */
function fakeNodeLlamaCpp(state: { evaluating: number; most: number }): Importer {
  const model = {
    trainContextSize: 4096,
    tokenize: (text: string) => [...text].map((c) => c.codePointAt(0)!),
    detokenize: (tokens: readonly number[]) => String.fromCodePoint(...tokens),
    isEogToken: (t: number | undefined) => t === EOG,
    createContext: async (o: { sequences: number; contextSize: { max?: number } }) => ({
      contextSize: Math.min(o.contextSize.max ?? 4096, CONTEXT),
      getSequence: () => ({
        async *evaluate(prompt: number[]) {
          state.evaluating++;
          state.most = Math.max(state.most, state.evaluating);
          try {
            const stop = String.fromCodePoint(...prompt).includes("stop");
            for (let i = 0; ; i++) {
              await new Promise((r) => setImmediate(r));
              yield stop && i === 3 ? EOG : 97 + (i % 26);
            }
          } finally {
            state.evaluating--;
          }
        },
        clearHistory: async () => {},
      }),
      dispose: async () => {},
    }),
    dispose: async () => {},
  };
  const lib = {
    LlamaLogLevel: { error: "error" },
    getLlama: async () => ({ gpu: false, loadModel: async () => model, dispose: async () => {} }),
  };
  return async () => lib;
}

describe("llamaCppServer (node-llama-cpp faked)", () => {
  const state = { evaluating: 0, most: 0 };
  let server: LlamaCppServer;
  let client: OpenAI;
  beforeAll(async () => {
    server = await startLlamaCppServer({
      modelPath: "/models/fake-model.gguf",
      importer: fakeNodeLlamaCpp(state),
      port: 0,
      sequences: 2,
    });
    client = new OpenAI({ baseURL: `${server.url}/v1`, apiKey: "none", maxRetries: 0 });
  }, 120_000);
  afterAll(async () => {
    await server?.close();
  }, 120_000);

  it("names the model after its file and states the context as vLLM does", async () => {
    expect(server.modelName).toBe("fake-model");
    expect(server.contextTokens).toBe(CONTEXT);
    const models = await client.models.list();
    expect(models.data).toMatchObject([{ id: "fake-model", object: "model" }]);
    expect((models.data[0] as unknown as { max_model_len: number }).max_model_len).toBe(CONTEXT);
    expect(await (await fetch(`${server.url}/health`)).json()).toEqual({ status: "ok" });
  });

  it("streams max_tokens tokens with usage, and stops at end-of-generation unless ignore_eos", async () => {
    const stream = async (content: string, extra: Record<string, unknown> = {}) => {
      const s = await client.chat.completions.create({
        model: "fake-model",
        messages: [{ role: "user", content }],
        max_tokens: 5,
        stream: true,
        stream_options: { include_usage: true },
        ...extra,
      } as OpenAI.ChatCompletionCreateParamsStreaming);
      let text = "";
      let finish: string | null | undefined;
      let usage: OpenAI.CompletionUsage | undefined;
      for await (const chunk of s) {
        text += chunk.choices[0]?.delta.content ?? "";
        finish = chunk.choices[0]?.finish_reason ?? finish;
        if (chunk.usage) usage = chunk.usage;
      }
      return { text, finish, usage };
    };
    expect(await stream("hello")).toEqual({
      text: "abcde",
      finish: "length",
      usage: { prompt_tokens: 5, completion_tokens: 5, total_tokens: 10 },
    });
    expect(await stream("please stop")).toMatchObject({
      text: "abc",
      finish: "stop",
      usage: { completion_tokens: 3 },
    });
    // the end-of-generation token counts as a token, as vLLM's ignore_eos generates it
    expect(await stream("please stop", { ignore_eos: true })).toMatchObject({
      finish: "length",
      usage: { completion_tokens: 5 },
    });
    const whole = await client.chat.completions.create({
      model: "fake-model",
      messages: [
        { role: "system", content: "s" },
        { role: "user", content: "u" },
      ],
      max_tokens: 2,
    });
    expect(whole.choices[0]).toMatchObject({
      message: { role: "assistant", content: "ab" },
      finish_reason: "length",
    });
    // the messages joined by a newline: three tokens
    expect(whole.usage).toEqual({ prompt_tokens: 3, completion_tokens: 2, total_tokens: 5 });
  });

  it("refuses before streaming: too long for the context, an unknown model, bad fields", async () => {
    const fail = (body: Record<string, unknown>) =>
      client.chat.completions
        .create({
          model: "fake-model",
          messages: [{ role: "user", content: "hi" }],
          ...body,
        } as OpenAI.ChatCompletionCreateParamsNonStreaming)
        .then(
          () => undefined,
          (err: unknown) => err as InstanceType<typeof OpenAI.APIError>,
        );
    const tooLong = await fail({ max_tokens: CONTEXT, stream: true });
    expect(tooLong).toBeInstanceOf(OpenAI.BadRequestError);
    expect(tooLong?.code).toBe("context_length_exceeded");
    expect(tooLong?.message).toMatch(
      /maximum context length is 128 tokens\. However, you requested 130 tokens \(2 in the messages, 128 in the completion\)/,
    );
    const unknown = await fail({ model: "other", max_tokens: 1 });
    expect(unknown).toBeInstanceOf(OpenAI.NotFoundError);
    expect(unknown?.code).toBe("model_not_found");
    for (const bad of [{ max_tokens: 0 }, { max_tokens: 1.5 }, { temperature: -1 }, { top_p: 2 }]) {
      const e = await fail({ max_tokens: 1, ...bad });
      expect(e, JSON.stringify(bad)).toBeInstanceOf(OpenAI.BadRequestError);
    }
    const noMessages = await fetch(`${server.url}/v1/chat/completions`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ messages: [] }),
    });
    expect(noMessages.status).toBe(400);
    expect(((await noMessages.json()) as { error: { param: string } }).error.param).toBe(
      "messages",
    );
  });

  it("runs as many requests at once as it has sequences; the rest wait their turn", async () => {
    state.most = 0;
    const answers = await Promise.all(
      Array.from({ length: 5 }, () =>
        client.chat.completions.create({
          model: "fake-model",
          messages: [{ role: "user", content: "x" }],
          max_tokens: 20,
        }),
      ),
    );
    expect(answers.map((a) => a.usage?.completion_tokens)).toEqual([20, 20, 20, 20, 20]);
    expect(state.most).toBe(2);
  });

  it("frees the sequence of a client that goes away mid-stream", async () => {
    const ac = new AbortController();
    const res = await fetch(`${server.url}/v1/chat/completions`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({
        messages: [{ role: "user", content: "x" }],
        max_tokens: 100,
        stream: true,
      }),
      signal: ac.signal,
    });
    const reader = res.body!.getReader();
    await reader.read();
    ac.abort();
    await reader.read().catch(() => {});
    const before = server.stats.completed;
    // both sequences serve again: two long answers at once complete
    const two = await Promise.all(
      [1, 2].map(() =>
        client.chat.completions.create({
          model: "fake-model",
          messages: [{ role: "user", content: "y" }],
          max_tokens: 50,
        }),
      ),
    );
    expect(two.map((a) => a.usage?.completion_tokens)).toEqual([50, 50]);
    expect(server.stats.completed).toBe(before + 2);
  });

  it("is calibrated over HTTP without failures, prompts sized to its context", async () => {
    // overlong.json asks for 12,000-token prompts; this tokenizer makes ~5 tokens of a word
    const run = await runCalibration({
      target: server.url,
      workloadPath: join(import.meta.dirname, "fixtures", "overlong.json"),
      mode: "closed",
      levels: [2],
      durationMs: 1500,
      warmupMs: 0,
      workers: 0,
      modelName: "fake-model",
      contextTokens: CONTEXT,
    });
    const p = run.profile.points[0]!;
    expect(p.requests.completed).toBeGreaterThan(2);
    expect(p.requests.errors + p.requests.timeouts).toBe(0);
    expect(p.requests.resized).toBeGreaterThan(0);
    expect(p.tokenCounting?.source).toBe("usage");
    expect(run.profile.degraded).toBe(false);
  }, 60_000);
});
