/**
 * The roofline emulator behind an OpenAI-compatible HTTP API: `POST /v1/chat/completions`
 * and `POST /v1/completions` (streaming SSE or not), `GET /v1/models`, `GET /v1/models/{id}`,
 * `GET /health` and Prometheus `GET /metrics`. Prompt length is counted as whitespace-separated
 * words (one word = one token; a token-id prompt counts its ids); the output has exactly
 * `max_tokens` tokens (default 64), each a word drawn from a seeded generator, so the text is
 * deterministic given the seed and request order.
 *
 * Where OpenAI and vLLM differ, it answers as a client needs to tell what went wrong before
 * any token: requests that cannot fit the context are a 400 (`context_length_exceeded`), an
 * unknown model a 404 (`model_not_found`), a body over 4 MiB a 413, a mistyped field a 400
 * naming it. `n` and prompt arrays give one choice each, every choice its own sequence on the
 * emulated GPU (no prefix sharing).
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import seedrandom from "seedrandom";
import { RealClock } from "./clock.ts";
import { EmulatedGpu } from "./emulator.ts";
import { ApiError, type Ask, type AskLimits, parseAsk } from "./emulatorRequests.ts";
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

/** Largest request body accepted, bytes; a larger one is answered 413. */
const MAX_BODY = 4 << 20;
/** A larger upload is cut off (connection reset) rather than read to the end to answer 413. */
const MAX_DRAIN = 64 << 20;

/** Reads the body; undefined when it is over {@link MAX_BODY} (the rest is read and dropped). */
function readBody(req: IncomingMessage): Promise<string | undefined> {
  return new Promise((resolve, reject) => {
    let size = 0;
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => {
      size += c.length;
      // Reading the rest lets the client finish its upload and read the 413; closing the
      // socket under it would show as a connection reset instead.
      if (size > MAX_DRAIN) {
        reject(new Error("request body too large"));
        req.destroy();
      } else if (size <= MAX_BODY) chunks.push(c);
    });
    req.on("end", () =>
      resolve(size > MAX_BODY ? undefined : Buffer.concat(chunks).toString("utf8")),
    );
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

function sendError(res: ServerResponse, e: ApiError): void {
  sendJson(res, e.status, {
    error: { message: e.message, type: e.type, param: e.param, code: e.code },
  });
}

function apiError(res: ServerResponse, status: number, message: string, type: string): void {
  sendError(res, new ApiError(status, message, null, null, type));
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
  const limits: AskLimits = {
    modelName,
    defaultMaxTokens: opts.defaultMaxTokens ?? 64,
    maxRequestTokens: emulator.maxRequestTokens,
  };
  let requestCounter = 0;
  let httpRequests = 0;
  let active = 0;
  const startedAt = Math.floor(Date.now() / 1000);
  const modelCard = {
    id: modelName,
    object: "model",
    created: startedAt,
    owned_by: "tokensim-emulator",
    // read by `tokensim calibrate` (calibration/discover.ts); clients ignore it
    tokensim: { gpu: opts.gpu.id, model: modelName, timeScale: opts.timeScale ?? 1 },
  };

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
      // model time lost to stalls of the machine: non-zero means it could not keep pace
      ["tokensim_emulator_schedule_slip_seconds_total", "counter", s.slipMs / 1000],
      ["tokensim_emulator_burst_steps_total", "counter", s.burstSteps],
    ] as const;
    return `${lines.map(([n, t, v]) => `# TYPE ${n} ${t}\n${n}{gpu="${opts.gpu.id}",model="${modelName}"} ${v}`).join("\n")}\n`;
  };

  const complete = async (req: IncomingMessage, res: ServerResponse, chat: boolean) => {
    const text = await readBody(req);
    if (text === undefined) {
      sendError(
        res,
        new ApiError(413, `request body over ${MAX_BODY} bytes`, null, "request_too_large"),
      );
      return;
    }
    let ask: Ask;
    try {
      let body: unknown;
      try {
        body = JSON.parse(text);
      } catch {
        body = undefined;
      }
      if (!body || typeof body !== "object" || Array.isArray(body)) {
        throw new ApiError(400, "request body must be a JSON object");
      }
      ask = parseAsk(body as Record<string, unknown>, chat, limits);
    } catch (err) {
      if (err instanceof ApiError) {
        sendError(res, err);
        return;
      }
      throw err;
    }
    serve(res, chat, ask);
  };

  /** Runs a valid request's choices on the emulated GPU and streams or returns them. */
  const serve = (res: ServerResponse, chat: boolean, ask: Ask): void => {
    const reqNo = requestCounter++;
    const id = `${chat ? "chatcmpl" : "cmpl"}-emu${reqNo}`;
    const created = Math.floor(Date.now() / 1000);
    const object = chat ? "chat.completion.chunk" : "text_completion";
    const completionTokens = ask.choices.reduce((a, c) => a + c.outputTokens, 0);
    const usage = {
      prompt_tokens: ask.promptTokens,
      completion_tokens: completionTokens,
      total_tokens: ask.promptTokens + completionTokens,
    };
    const { stream } = ask;
    const pieces: string[][] = ask.choices.map(() => []);
    const cancels: (() => void)[] = [];
    let left = ask.choices.length;
    let closed = false;
    active++;
    const done = () => {
      if (!closed) {
        closed = true;
        active--;
      }
    };
    const chunk = (index: number, choice: Record<string, unknown>) =>
      `data: ${JSON.stringify({ id, object, created, model: modelName, choices: [{ index, ...choice }] })}\n\n`;
    const finish = () => {
      done();
      if (!stream) {
        sendJson(res, 200, {
          id,
          object: chat ? "chat.completion" : "text_completion",
          created,
          model: modelName,
          choices: pieces.map((p, index) => {
            const content = p.join("");
            return chat
              ? { index, message: { role: "assistant", content }, finish_reason: "length" }
              : { index, text: content, finish_reason: "length" };
          }),
          usage,
        });
        return;
      }
      if (ask.includeUsage)
        res.write(
          `data: ${JSON.stringify({ id, object, created, model: modelName, choices: [], usage })}\n\n`,
        );
      res.end("data: [DONE]\n\n");
    };

    if (stream) {
      res.writeHead(200, {
        "content-type": "text/event-stream",
        "cache-control": "no-cache",
        connection: "keep-alive",
      });
      if (chat)
        for (let i = 0; i < ask.choices.length; i++)
          res.write(chunk(i, { delta: { role: "assistant", content: "" }, finish_reason: null }));
    }
    ask.choices.forEach((c, index) => {
      // choice 0 keeps the seed of single-choice requests, so their text is unchanged
      const rng = seedrandom(index === 0 ? `${seed}:${reqNo}` : `${seed}:${reqNo}:${index}`);
      const cancel = emulator.submit(
        { promptTokens: c.promptTokens, outputTokens: c.outputTokens },
        {
          onToken: (i) => {
            const word = VOCAB[Math.floor(rng() * VOCAB.length)]!;
            const text = i === 0 ? word : ` ${word}`;
            if (!stream) {
              pieces[index]!.push(text);
              return;
            }
            const finish_reason = i === c.outputTokens - 1 ? "length" : null;
            res.write(
              chat
                ? chunk(index, { delta: { content: text }, finish_reason })
                : chunk(index, { text, finish_reason }),
            );
          },
          onEnd: () => {
            if (--left === 0) finish();
          },
          // Not reached: parseAsk refuses what the GPU would (context_length_exceeded).
          onError: (_code, message) => {
            for (const cancelOther of cancels) cancelOther();
            done();
            if (res.headersSent) res.destroy(new Error(message));
            else sendError(res, new ApiError(400, message));
          },
        },
      );
      cancels.push(cancel);
    });
    res.on("close", () => {
      if (!closed) {
        for (const cancel of cancels) cancel();
        done();
      }
    });
  };

  const server = createServer((req, res) => {
    httpRequests++;
    const url = req.url ?? "/";
    const path = url.split("?")[0] ?? "/";
    if (opts.apiKey && path.startsWith("/v1/")) {
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
      sendJson(res, 200, { object: "list", data: [modelCard] });
    } else if (req.method === "GET" && path.startsWith("/v1/models/")) {
      const raw = path.slice("/v1/models/".length);
      let asked = raw;
      try {
        asked = decodeURIComponent(raw);
      } catch {} // a malformed escape is just an unknown id
      if (asked === modelName) sendJson(res, 200, modelCard);
      else
        sendError(
          res,
          new ApiError(404, `The model \`${asked}\` does not exist.`, "model", "model_not_found"),
        );
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
