/**
 * The roofline emulator behind an OpenAI-compatible HTTP API: `POST /v1/chat/completions`
 * and `POST /v1/completions` (streaming SSE or not), `GET /v1/models`, `GET /health` and
 * Prometheus `GET /metrics`. Prompt length is counted as whitespace-separated words (one word
 * = one token); the output has exactly `max_tokens` tokens (default 64), each a word drawn
 * from a seeded generator, so the text is deterministic given the seed and request order.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import seedrandom from "seedrandom";
import { RealClock } from "./clock.ts";
import { EmulatedGpu } from "./emulator.ts";
import type { GpuSpec } from "./gpus.ts";
import type { ModelShape } from "./models.ts";
import type { RooflineEfficiency } from "./roofline.ts";

/** Options of {@link startEmulatorServer}. */
export interface EmulatorServerOptions {
  readonly gpu: GpuSpec;
  readonly model: ModelShape;
  /** Port (0 = ephemeral). Default 8000. */
  readonly port?: number;
  /** Address to bind. Default 127.0.0.1. */
  readonly host?: string;
  /** Wall ms per model ms (0.1 = ten times faster than the emulated GPU). Default 1. */
  readonly timeScale?: number;
  /** Seed of the generated text. Default "tokensim". */
  readonly seed?: string;
  /** When set, requests must carry `Authorization: Bearer <apiKey>`. */
  readonly apiKey?: string;
  readonly efficiency?: RooflineEfficiency;
  readonly memoryUtilisation?: number;
  readonly maxBatch?: number;
  /** Default output length when a request gives no max_tokens, tokens. */
  readonly defaultMaxTokens?: number;
}

/** A running emulator server. */
export interface EmulatorServer {
  /** Base URL, e.g. `http://127.0.0.1:8000`. */
  readonly url: string;
  readonly port: number;
  readonly emulator: EmulatedGpu;
  readonly server: Server;
  close(): Promise<void>;
}

const VOCAB = (
  "the a of to and in is on for with as by at from that this it be are was node token " +
  "stake reward GPU market price supply demand block chain compute network provider job " +
  "queue batch cache memory model latency power energy fee burn mint epoch validator"
).split(" ");

const MAX_BODY = 4 << 20;

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    let size = 0;
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => {
      size += c.length;
      if (size > MAX_BODY) {
        reject(new Error("request body too large"));
        req.destroy();
        return;
      }
      chunks.push(c);
    });
    req.on("end", () => resolve(Buffer.concat(chunks).toString("utf8")));
    req.on("error", reject);
  });
}

function sendJson(res: ServerResponse, status: number, body: unknown): void {
  const text = JSON.stringify(body);
  res.writeHead(status, {
    "content-type": "application/json",
    "content-length": Buffer.byteLength(text),
  });
  res.end(text);
}

function apiError(res: ServerResponse, status: number, message: string, type: string): void {
  sendJson(res, status, { error: { message, type, param: null, code: null } });
}

function countWords(text: string): number {
  let n = 0;
  let inWord = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    const space = c === 32 || c === 10 || c === 9 || c === 13;
    if (!space && !inWord) n++;
    inWord = !space;
  }
  return n;
}

function promptText(body: Record<string, unknown>, chat: boolean): string | undefined {
  if (!chat) {
    const p = body.prompt;
    if (typeof p === "string") return p;
    if (Array.isArray(p) && p.every((x) => typeof x === "string")) return p.join(" ");
    return undefined;
  }
  const msgs = body.messages;
  if (!Array.isArray(msgs) || msgs.length === 0) return undefined;
  const parts: string[] = [];
  for (const m of msgs) {
    if (!m || typeof m !== "object") return undefined;
    const content = (m as { content?: unknown }).content;
    if (typeof content === "string") parts.push(content);
    else if (Array.isArray(content)) {
      for (const part of content) {
        const t = (part as { text?: unknown } | null)?.text;
        if (typeof t === "string") parts.push(t);
      }
    }
  }
  return parts.join(" ");
}

/** Starts the emulator HTTP server; resolves once it listens. */
export async function startEmulatorServer(opts: EmulatorServerOptions): Promise<EmulatorServer> {
  const clock = new RealClock(opts.timeScale ?? 1);
  const emulator = new EmulatedGpu({
    gpu: opts.gpu,
    model: opts.model,
    clock,
    ...(opts.efficiency ? { efficiency: opts.efficiency } : {}),
    ...(opts.memoryUtilisation !== undefined ? { memoryUtilisation: opts.memoryUtilisation } : {}),
    ...(opts.maxBatch !== undefined ? { maxBatch: opts.maxBatch } : {}),
  });
  const seed = opts.seed ?? "tokensim";
  const modelName = opts.model.id;
  const defaultMax = opts.defaultMaxTokens ?? 64;
  let requestCounter = 0;
  let httpRequests = 0;
  let active = 0;
  const created = Math.floor(Date.now() / 1000);

  const metrics = (): string => {
    const s = emulator.stats;
    const lines = [
      ["tokensim_emulator_steps_total", "counter", s.steps],
      ["tokensim_emulator_busy_seconds_total", "counter", s.busyMs / 1000],
      ["tokensim_emulator_output_tokens_total", "counter", s.outputTokens],
      ["tokensim_emulator_prompt_tokens_total", "counter", s.promptTokens],
      ["tokensim_emulator_requests_completed_total", "counter", s.completed],
      ["tokensim_emulator_http_requests_total", "counter", httpRequests],
      ["tokensim_emulator_requests_running", "gauge", s.running],
      ["tokensim_emulator_requests_waiting", "gauge", s.queued],
      ["tokensim_emulator_kv_cache_usage_ratio", "gauge", s.kvReservedTokens / emulator.kvCapacity],
      ["tokensim_emulator_gpu_utilisation_ratio", "gauge", emulator.utilisation()],
    ] as const;
    return `${lines.map(([n, t, v]) => `# TYPE ${n} ${t}\n${n}{gpu="${opts.gpu.id}",model="${modelName}"} ${v}`).join("\n")}\n`;
  };

  const complete = async (req: IncomingMessage, res: ServerResponse, chat: boolean) => {
    let body: Record<string, unknown>;
    try {
      const parsed: unknown = JSON.parse(await readBody(req));
      if (!parsed || typeof parsed !== "object" || Array.isArray(parsed)) throw new Error();
      body = parsed as Record<string, unknown>;
    } catch {
      apiError(res, 400, "request body must be a JSON object", "invalid_request_error");
      return;
    }
    const prompt = promptText(body, chat);
    if (prompt === undefined) {
      apiError(
        res,
        400,
        chat ? "messages is required" : "prompt is required",
        "invalid_request_error",
      );
      return;
    }
    const maxRaw = body.max_tokens ?? body.max_completion_tokens;
    const maxTokens = maxRaw === undefined || maxRaw === null ? defaultMax : Number(maxRaw);
    if (!Number.isInteger(maxTokens) || maxTokens < 1) {
      apiError(res, 400, "max_tokens must be a positive integer", "invalid_request_error");
      return;
    }
    const promptTokens = Math.max(1, countWords(prompt));
    const stream = body.stream === true;
    const includeUsage =
      (body.stream_options as { include_usage?: unknown } | undefined)?.include_usage === true;
    const n = requestCounter++;
    const rng = seedrandom(`${seed}:${n}`);
    const id = `${chat ? "chatcmpl" : "cmpl"}-emu${n}`;
    const object = chat ? "chat.completion.chunk" : "text_completion";
    const usage = {
      prompt_tokens: promptTokens,
      completion_tokens: maxTokens,
      total_tokens: promptTokens + maxTokens,
    };
    const pieces: string[] = [];
    let closed = false;
    active++;
    const done = () => {
      if (!closed) {
        closed = true;
        active--;
      }
    };
    const chunk = (choice: Record<string, unknown>, extra?: Record<string, unknown>) =>
      `data: ${JSON.stringify({ id, object, created, model: modelName, choices: [{ index: 0, ...choice }], ...extra })}\n\n`;

    if (stream) {
      res.writeHead(200, {
        "content-type": "text/event-stream",
        "cache-control": "no-cache",
        connection: "keep-alive",
      });
      if (chat)
        res.write(chunk({ delta: { role: "assistant", content: "" }, finish_reason: null }));
    }
    const cancel = emulator.submit(
      { promptTokens, outputTokens: maxTokens },
      {
        onToken: (i) => {
          const word = VOCAB[Math.floor(rng() * VOCAB.length)]!;
          const text = i === 0 ? word : ` ${word}`;
          if (!stream) {
            pieces.push(text);
            return;
          }
          const last = i === maxTokens - 1;
          res.write(
            chat
              ? chunk({ delta: { content: text }, finish_reason: last ? "length" : null })
              : chunk({ text, finish_reason: last ? "length" : null }),
          );
        },
        onEnd: () => {
          done();
          if (!stream) {
            const text = pieces.join("");
            sendJson(res, 200, {
              id,
              object: chat ? "chat.completion" : "text_completion",
              created,
              model: modelName,
              choices: [
                chat
                  ? {
                      index: 0,
                      message: { role: "assistant", content: text },
                      finish_reason: "length",
                    }
                  : { index: 0, text, finish_reason: "length" },
              ],
              usage,
            });
            return;
          }
          if (includeUsage)
            res.write(
              `data: ${JSON.stringify({ id, object, created, model: modelName, choices: [], usage })}\n\n`,
            );
          res.end("data: [DONE]\n\n");
        },
        onError: (_code, message) => {
          done();
          if (stream) {
            res.end(
              `data: ${JSON.stringify({ error: { message, type: "invalid_request_error" } })}\n\n`,
            );
          } else {
            apiError(res, 400, message, "invalid_request_error");
          }
        },
      },
    );
    res.on("close", () => {
      if (!closed) {
        cancel();
        done();
      }
    });
  };

  const server = createServer((req, res) => {
    httpRequests++;
    const url = req.url ?? "/";
    const path = url.split("?")[0];
    if (opts.apiKey && path?.startsWith("/v1/")) {
      if (req.headers.authorization !== `Bearer ${opts.apiKey}`) {
        apiError(res, 401, "invalid API key", "invalid_request_error");
        return;
      }
    }
    if (req.method === "GET" && path === "/health") {
      sendJson(res, 200, { status: "ok", active });
    } else if (req.method === "GET" && path === "/metrics") {
      res.writeHead(200, { "content-type": "text/plain; version=0.0.4" });
      res.end(metrics());
    } else if (req.method === "GET" && path === "/v1/models") {
      sendJson(res, 200, {
        object: "list",
        data: [
          {
            id: modelName,
            object: "model",
            created,
            owned_by: "tokensim-emulator",
            // read by `tokensim calibrate` (calibration/discover.ts); clients ignore it
            tokensim: { gpu: opts.gpu.id, model: modelName, timeScale: opts.timeScale ?? 1 },
          },
        ],
      });
    } else if (
      req.method === "POST" &&
      (path === "/v1/chat/completions" || path === "/v1/completions")
    ) {
      complete(req, res, path === "/v1/chat/completions").catch((err: unknown) => {
        if (!res.headersSent) apiError(res, 500, String(err), "server_error");
        else res.destroy();
      });
    } else {
      apiError(res, 404, `no route ${req.method} ${path}`, "invalid_request_error");
    }
  });
  server.keepAliveTimeout = 5000;
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(opts.port ?? 8000, opts.host ?? "127.0.0.1", () => {
      server.off("error", reject);
      resolve();
    });
  });
  const addr = server.address() as AddressInfo;
  const host = addr.family === "IPv6" ? `[${addr.address}]` : addr.address;
  return {
    url: `http://${host}:${addr.port}`,
    port: addr.port,
    emulator,
    server,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
