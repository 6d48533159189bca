/**
 * A small OpenAI-compatible HTTP server over real llama.cpp inference (node-llama-cpp, the
 * optional package: imported only when the server starts), so that `tokensim calibrate` can
 * measure a real server over HTTP, through the same client a vLLM user's calibration uses.
 *
 * `POST /v1/chat/completions` (streamed as SSE with `stream_options.include_usage`, or in one
 * piece), `GET /v1/models` (the model's id and per-request context as vLLM's `max_model_len`)
 * and `GET /health`. The prompt is the messages' text joined by newlines, tokenized without a
 * chat template; generation stops at `max_tokens` (default 16) or at an end-of-generation
 * token, unless the request asks `ignore_eos: true` (vLLM's extension). Requests run on
 * `sequences` parallel llama.cpp sequences (a server's slots), the rest wait in FIFO order. A
 * request whose prompt and `max_tokens` exceed a sequence's context is a 400
 * (`context_length_exceeded`, "maximum context length is N tokens", as vLLM says it).
 */
import Fastify, { type FastifyReply } from "fastify";
import {
  type LlamaLoadOptions,
  type LlamaSequence,
  type LoadedLlamaCpp,
  loadLlamaCpp,
} from "./llamaCpp.ts";

/** Options of {@link startLlamaCppServer}. */
export interface LlamaCppServerOptions extends LlamaLoadOptions {
  /** Port (0 = ephemeral). Default 8080. */
  readonly port?: number;
  /** Address to bind. Default 127.0.0.1. */
  readonly host?: string;
  /** Model id served (default: the file name without `.gguf`). */
  readonly modelName?: string;
}

/** A running server. */
export interface LlamaCppServer {
  /** Base URL, e.g. `http://127.0.0.1:8080`. */
  readonly url: string;
  readonly modelName: string;
  /** Most prompt + output tokens of one request. */
  readonly contextTokens: number;
  /** Completions served, and their output tokens (for tests and logs). */
  readonly stats: { completed: number; outputTokens: number };
  close(): Promise<void>;
}

interface Ask {
  readonly prompt: string;
  readonly maxTokens: number;
  readonly stream: boolean;
  readonly includeUsage: boolean;
  readonly ignoreEos: boolean;
  readonly temperature?: number;
  readonly topP?: number;
}

class BadRequest extends Error {
  constructor(
    message: string,
    readonly param: string | null = null,
    readonly code: string | null = null,
  ) {
    super(message);
  }
}

const isNum = (x: unknown): x is number => typeof x === "number" && Number.isFinite(x);

function parseAsk(body: unknown): Ask {
  if (!body || typeof body !== "object" || Array.isArray(body))
    throw new BadRequest("request body must be a JSON object");
  const b = body as Record<string, unknown>;
  if (!Array.isArray(b.messages) || b.messages.length === 0)
    throw new BadRequest("'messages' must be a non-empty array", "messages");
  const texts = b.messages.map((m: unknown) => {
    const content = (m as { content?: unknown } | null)?.content;
    if (typeof content !== "string")
      throw new BadRequest("each message needs a string 'content'", "messages");
    return content;
  });
  const maxTokens = b.max_completion_tokens ?? b.max_tokens ?? 16;
  if (!Number.isInteger(maxTokens) || (maxTokens as number) < 1)
    throw new BadRequest("'max_tokens' must be a positive integer", "max_tokens");
  if (b.temperature !== undefined && !(isNum(b.temperature) && b.temperature >= 0))
    throw new BadRequest("'temperature' must be a number ≥ 0", "temperature");
  if (b.top_p !== undefined && !(isNum(b.top_p) && b.top_p > 0 && b.top_p <= 1))
    throw new BadRequest("'top_p' must be a number in (0, 1]", "top_p");
  const options = b.stream_options as { include_usage?: unknown } | undefined;
  return {
    prompt: texts.join("\n"),
    maxTokens: maxTokens as number,
    stream: b.stream === true,
    includeUsage: options?.include_usage === true,
    ignoreEos: b.ignore_eos === true,
    ...(isNum(b.temperature) ? { temperature: b.temperature } : {}),
    ...(isNum(b.top_p) ? { topP: b.top_p } : {}),
  };
}

/** Loads the model and starts serving it; resolves once the server listens. */
export async function startLlamaCppServer(o: LlamaCppServerOptions): Promise<LlamaCppServer> {
  const sequences = Math.max(1, Math.floor(o.sequences ?? 1));
  const loaded: LoadedLlamaCpp = await loadLlamaCpp({ ...o, sequences });
  const { model, contextPerSequence } = loaded;
  const modelName =
    o.modelName ??
    (o.modelPath
      .split(/[\\/]/)
      .pop()
      ?.replace(/\.gguf$/i, "") ||
      "model");
  const free: LlamaSequence[] = Array.from({ length: sequences }, () =>
    loaded.context.getSequence(),
  );
  const waiting: ((s: LlamaSequence) => void)[] = [];
  const acquire = () =>
    new Promise<LlamaSequence>((resolve) => {
      const s = free.pop();
      if (s) resolve(s);
      else waiting.push(resolve);
    });
  const release = async (s: LlamaSequence) => {
    await s.clearHistory().catch(() => {});
    const next = waiting.shift();
    if (next) next(s);
    else free.push(s);
  };
  const stats = { completed: 0, outputTokens: 0 };
  const running = new Set<Promise<void>>();
  let requestNo = 0;
  const created = Math.floor(Date.now() / 1000);

  const app = Fastify({ logger: false, bodyLimit: 4 << 20 });
  app.setErrorHandler((err: { statusCode?: number; message: string }, _req, reply) => {
    const status = err.statusCode && err.statusCode >= 400 ? err.statusCode : 500;
    void reply.code(status).send({
      error: { message: err.message, type: "invalid_request_error", param: null, code: null },
    });
  });
  app.get("/health", async () => ({ status: "ok" }));
  app.get("/v1/models", async () => ({
    object: "list",
    data: [
      {
        id: modelName,
        object: "model",
        created,
        owned_by: "tokensim-llama-cpp",
        max_model_len: contextPerSequence,
      },
    ],
  }));

  app.post("/v1/chat/completions", async (request, reply) => {
    let ask: Ask;
    try {
      ask = parseAsk(request.body);
    } catch (err) {
      if (!(err instanceof BadRequest)) throw err;
      return reply.code(400).send({
        error: {
          message: err.message,
          type: "invalid_request_error",
          param: err.param,
          code: err.code,
        },
      });
    }
    const asked = (request.body as { model?: unknown }).model;
    if (asked !== undefined && asked !== modelName) {
      return reply.code(404).send({
        error: {
          message: `The model '${String(asked)}' does not exist.`,
          type: "NotFoundError",
          param: "model",
          code: "model_not_found",
        },
      });
    }
    const tokens = model.tokenize(ask.prompt);
    if (tokens.length === 0) tokens.push(...model.tokenize(" "));
    if (tokens.length + ask.maxTokens > contextPerSequence) {
      return reply.code(400).send({
        error: {
          message: `This model's maximum context length is ${contextPerSequence} tokens. However, you requested ${tokens.length + ask.maxTokens} tokens (${tokens.length} in the messages, ${ask.maxTokens} in the completion).`,
          type: "invalid_request_error",
          param: "messages",
          code: "context_length_exceeded",
        },
      });
    }
    const run = generate(ask, tokens, reply, `chatcmpl-llama${requestNo++}`);
    running.add(run);
    try {
      await run;
    } catch (err) {
      if (!ask.stream) throw err;
      // streaming already began: the error is an event, and the stream ends without [DONE]
      const message = `llama.cpp: ${(err as Error).message}`;
      reply.raw.end(`data: ${JSON.stringify({ error: { message, type: "server_error" } })}\n\n`);
    } finally {
      running.delete(run);
    }
    return reply;
  });

  /** Generates on a free sequence, streaming each token's text as it comes. */
  async function generate(ask: Ask, tokens: number[], reply: FastifyReply, id: string) {
    const chunk = (body: Record<string, unknown>) =>
      `data: ${JSON.stringify({ id, object: "chat.completion.chunk", created: Math.floor(Date.now() / 1000), model: modelName, ...body })}\n\n`;
    let gone = false;
    const raw = reply.raw;
    if (ask.stream) {
      reply.hijack();
      raw.writeHead(200, {
        "content-type": "text/event-stream",
        "cache-control": "no-cache",
        connection: "keep-alive",
      });
      raw.write(
        chunk({
          choices: [{ index: 0, delta: { role: "assistant", content: "" }, finish_reason: null }],
        }),
      );
    }
    raw.on("close", () => {
      if (!raw.writableFinished) gone = true;
    });
    const seq = await acquire();
    let n = 0;
    let text = "";
    let pending: number[] = [];
    let finish = "length";
    const out: number[] = [];
    try {
      const gen = seq.evaluate(tokens, {
        ...(ask.temperature !== undefined ? { temperature: ask.temperature } : {}),
        ...(ask.topP !== undefined ? { topP: ask.topP } : {}),
      });
      for await (const t of gen) {
        if (gone) break;
        if (!ask.ignoreEos && model.isEogToken(t)) {
          finish = "stop";
          break;
        }
        n++;
        // a piece that is not yet text (part of a UTF-8 character) waits for the next token
        pending.push(t);
        const piece = model.detokenize(pending, false, out.slice(-8));
        if (piece.length > 0 && !piece.endsWith("\uFFFD")) {
          out.push(...pending);
          pending = [];
          text += piece;
          if (ask.stream)
            raw.write(
              chunk({ choices: [{ index: 0, delta: { content: piece }, finish_reason: null }] }),
            );
        }
        if (n >= ask.maxTokens) break;
      }
      if (pending.length > 0 && !gone) {
        const piece = model.detokenize(pending, false, out.slice(-8));
        text += piece;
        if (ask.stream && piece.length > 0)
          raw.write(
            chunk({ choices: [{ index: 0, delta: { content: piece }, finish_reason: null }] }),
          );
      }
    } finally {
      await release(seq);
    }
    if (gone) return;
    stats.completed++;
    stats.outputTokens += n;
    const usage = {
      prompt_tokens: tokens.length,
      completion_tokens: n,
      total_tokens: tokens.length + n,
    };
    if (!ask.stream) {
      void reply.send({
        id,
        object: "chat.completion",
        created: Math.floor(Date.now() / 1000),
        model: modelName,
        choices: [
          { index: 0, message: { role: "assistant", content: text }, finish_reason: finish },
        ],
        usage,
      });
      return;
    }
    raw.write(chunk({ choices: [{ index: 0, delta: {}, finish_reason: finish }] }));
    if (ask.includeUsage) raw.write(chunk({ choices: [], usage }));
    raw.end("data: [DONE]\n\n");
  }

  const host = o.host ?? "127.0.0.1";
  try {
    await app.listen({ port: o.port ?? 8080, host });
  } catch (err) {
    await loaded.dispose();
    throw err;
  }
  const address = app.server.address();
  const port = typeof address === "object" && address ? address.port : (o.port ?? 8080);
  return {
    url: `http://${host.includes(":") ? `[${host}]` : host}:${port}`,
    modelName,
    contextTokens: contextPerSequence,
    stats,
    async close() {
      // streams in flight stop at their next token once their connection closes
      await app.close();
      while (running.size > 0) await Promise.all([...running]).catch(() => {});
      await loaded.dispose();
    },
  };
}
