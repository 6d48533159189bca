import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import OpenAI from "openai";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { discoverServer } from "../../calibration/discover.ts";
import { type EmulatorServer, startEmulatorServer } from "../../calibration/emulatorServer.ts";
import { GPUS } from "../../calibration/gpus.ts";
import { MODELS } from "../../calibration/models.ts";
import { parsePrometheusText, scrapePrometheus } from "../../calibration/openaiClient.ts";
import { type SseEvent, SseParser } from "../../calibration/sse.ts";

let srv: EmulatorServer;
let client: OpenAI;

beforeAll(async () => {
  srv = await startEmulatorServer({
    gpu: GPUS.h100sxm!,
    model: MODELS["llama3.2-1b"]!,
    port: 0,
    timeScale: 0.05,
    seed: "s1",
    apiKey: "secret",
  });
  client = new OpenAI({ baseURL: `${srv.url}/v1`, apiKey: "secret", maxRetries: 0 });
});
afterAll(async () => {
  await srv.close();
});

describe("SseParser", () => {
  it("handles split chunks, CRLF, comments and multi-line data", () => {
    const events: SseEvent[] = [];
    const p = new SseParser((e) => events.push(e));
    const text =
      ': comment\r\ndata: {"a"\r\ndata: :1}\r\n\r\nevent: x\ndata: two\n\ndata: [DONE]\r\r';
    for (const ch of text) p.feed(ch); // one character at a time
    expect(events).toEqual([
      { event: "message", data: '{"a"\n:1}' },
      { event: "x", data: "two" },
      { event: "message", data: "[DONE]" },
    ]);
    expect(p.pending).toBe(false);
  });
});

describe("emulator HTTP server", () => {
  it("binds 127.0.0.1 on an ephemeral port", () => {
    expect(srv.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect(srv.port).toBeGreaterThan(0);
  });

  it("streams chat completions to the official openai client", async () => {
    const stream = await client.chat.completions.create({
      model: "llama3.2-1b",
      messages: [{ role: "user", content: "one two three four five" }],
      max_tokens: 12,
      stream: true,
      stream_options: { include_usage: true },
    });
    const pieces: string[] = [];
    let finish: string | null = null;
    let usage: OpenAI.CompletionUsage | undefined;
    for await (const chunk of stream) {
      const c = chunk.choices[0];
      if (c?.delta.content) pieces.push(c.delta.content);
      if (c?.finish_reason) finish = c.finish_reason;
      if (chunk.usage) usage = chunk.usage;
    }
    expect(pieces).toHaveLength(12);
    expect(finish).toBe("length");
    expect(usage).toMatchObject({ prompt_tokens: 5, completion_tokens: 12 });
    expect(pieces.join("").split(" ")).toHaveLength(12);
  });

  it("streams legacy completions and answers non-streaming requests", async () => {
    const stream = await client.completions.create({
      model: "llama3.2-1b",
      prompt: "hello world",
      max_tokens: 5,
      stream: true,
    });
    let n = 0;
    for await (const chunk of stream) if (chunk.choices[0]?.text) n++;
    expect(n).toBe(5);
    const full = await client.chat.completions.create({
      model: "llama3.2-1b",
      messages: [{ role: "user", content: "hi" }],
      max_tokens: 7,
    });
    expect(full.choices[0]?.message.content?.split(" ")).toHaveLength(7);
    expect(full.usage?.completion_tokens).toBe(7);
  });

  it("text is deterministic given the seed and request order", async () => {
    const other = await startEmulatorServer({
      gpu: GPUS.h100sxm!,
      model: MODELS["llama3.2-1b"]!,
      port: 0,
      timeScale: 0.05,
      seed: "s1",
    });
    try {
      const c2 = new OpenAI({ baseURL: `${other.url}/v1`, apiKey: "x", maxRetries: 0 });
      const ask = (c: OpenAI) =>
        c.completions
          .create({ model: "llama3.2-1b", prompt: "x", max_tokens: 6 })
          .then((r) => r.choices[0]?.text);
      // request #0 on a fresh server with the same seed gives the same text
      const fresh = await startEmulatorServer({
        gpu: GPUS.h100sxm!,
        model: MODELS["llama3.2-1b"]!,
        port: 0,
        timeScale: 0.05,
        seed: "s1",
      });
      const c3 = new OpenAI({ baseURL: `${fresh.url}/v1`, apiKey: "x", maxRetries: 0 });
      const [a, b] = [await ask(c2), await ask(c3)];
      await fresh.close();
      expect(a).toBe(b);
      expect(a?.length).toBeGreaterThan(0);
    } finally {
      await other.close();
    }
  });

  it("rejects bad requests and a wrong API key with OpenAI-style errors", async () => {
    await expect(
      client.chat.completions.create({ model: "llama3.2-1b", messages: [], max_tokens: 1 }),
    ).rejects.toMatchObject({ status: 400 });
    const bad = new OpenAI({ baseURL: `${srv.url}/v1`, apiKey: "wrong", maxRetries: 0 });
    await expect(bad.models.list()).rejects.toMatchObject({ status: 401 });
    const models = await client.models.list();
    expect(models.data[0]?.id).toBe("llama3.2-1b");
  });

  it("exposes Prometheus metrics", async () => {
    const m = await scrapePrometheus(`${srv.url}/metrics`);
    expect(m).toBeDefined();
    const key = Object.keys(m!).find((k) => k.startsWith("tokensim_emulator_output_tokens_total"));
    expect(key).toBeDefined();
    expect(m![key!]).toBeGreaterThan(0);
    expect(parsePrometheusText('# HELP x\nfoo{a="b"} 3\nbar 1e3\nh_bucket{le="1"} 2\n')).toEqual({
      'foo{a="b"}': 3,
      bar: 1000,
    });
  });

  it("describes itself at /v1/models, so that calibrate finds its GPU, model and time scale", async () => {
    const emulator = { gpu: "h100sxm", model: "llama3.2-1b", timeScale: 0.05 };
    expect(await discoverServer(srv.url, "secret")).toEqual({ models: ["llama3.2-1b"], emulator });
    expect(await discoverServer(`${srv.url}/v1/`, "secret")).toMatchObject({ emulator });
    expect(await discoverServer(srv.url, "wrong")).toBeUndefined();
    // another OpenAI-compatible server (vLLM answers like this): model ids only
    const vllm = createServer((_req, res) => {
      res.writeHead(200, { "content-type": "application/json" });
      res.end('{"object":"list","data":[{"id":"meta-llama/Meta-Llama-3-8B","object":"model"}]}');
    });
    await new Promise<void>((r) => vllm.listen(0, "127.0.0.1", r));
    const port = (vllm.address() as AddressInfo).port;
    expect(await discoverServer(`http://127.0.0.1:${port}`)).toEqual({
      models: ["meta-llama/Meta-Llama-3-8B"],
    });
    await new Promise<void>((r) => vllm.close(() => r()));
    expect(await discoverServer(`http://127.0.0.1:${port}`, undefined, 2000)).toBeUndefined();
  });
});
