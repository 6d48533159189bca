/**
 * Streaming client for OpenAI-compatible servers (`/v1/chat/completions`, `/v1/completions`
 * with `stream: true`), built on the global fetch. Every attempt has time limits (TTFT,
 * inter-token idle, total); failures before the first token are retried with bounded
 * exponential backoff (honouring Retry-After), and every failure is classified.
 */
import seedrandom from "seedrandom";
import {
  type Backend,
  DEFAULT_RETRIES,
  DEFAULT_TIMEOUTS,
  type ErrorKind,
  type GenRequest,
  type RetryPolicy,
  type StreamSink,
  syntheticPrompt,
  type Timeouts,
  type Usage,
} from "./backend.ts";
import { RealClock } from "./clock.ts";
import { CHAT_TEMPLATE_TOKENS, fitToContext } from "./contextFit.ts";
import { contextFromRefusal, discoverServer, promptTokensFromRefusal } from "./discover.ts";
import { SseParser } from "./sse.ts";

/** Options of {@link HttpBackend}. */
export interface HttpBackendOptions {
  /** Server base URL, e.g. `http://127.0.0.1:8000` (the `/v1/...` paths are appended). */
  readonly baseUrl: string;
  /** Which endpoint: chat completions (default) or legacy completions. */
  readonly api?: "chat" | "completions";
  /** Model name sent in the request body. */
  readonly model: string;
  /** Bearer token; omitted when undefined. */
  readonly apiKey?: string;
  readonly timeouts?: Timeouts;
  readonly retries?: RetryPolicy;
  /** Extra fields merged into every request body (e.g. `{ ignore_eos: true }` for vLLM). */
  readonly extraBody?: Record<string, unknown>;
  /**
   * Wall ms per model ms of the server (an emulator started with --time-scale); measured
   * times are divided by it. Default 1.
   */
  readonly timeScale?: number;
  /** Seed of the backoff jitter. */
  readonly seed?: string;
  /**
   * The server's context window, tokens (prompt + output per request): requests are shortened
   * to fit it. Default: asked of the server (`/v1/models`, `/props`) in the background and
   * learnt from its context-length refusals; null: never shortened.
   */
  readonly contextTokens?: number | null;
}

/** Most tokens a synthetic prompt word is taken to make (a byte-level tokenizer: about 8). */
const MAX_TOKENS_PER_WORD = 16;
/** Shortest synthetic prompt, words, whose usage teaches the tokens per word. */
const MIN_WORDS_TO_LEARN = 32;

type Attempt =
  | { ok: true }
  | { ok: false; kind: ErrorKind; message: string; retryable: boolean; retryAfterMs?: number };

class Failure extends Error {
  constructor(
    readonly kind: ErrorKind,
    message: string,
  ) {
    super(message);
  }
}

function causeCode(err: unknown): string {
  let e: unknown = err;
  for (let depth = 0; depth < 4 && e && typeof e === "object"; depth++) {
    const code = (e as { code?: unknown }).code;
    if (typeof code === "string") return code;
    e = (e as { cause?: unknown }).cause;
  }
  return "";
}

function describe(err: unknown): string {
  if (!(err instanceof Error)) return String(err);
  const code = causeCode(err);
  const cause = err.cause instanceof Error ? `: ${err.cause.message}` : "";
  return `${err.message}${cause}${code ? ` (${code})` : ""}`;
}

const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

/** A {@link Backend} that streams from an OpenAI-compatible HTTP server. */
export class HttpBackend implements Backend {
  readonly clock: RealClock;
  private readonly opts: HttpBackendOptions;
  private readonly timeouts: Timeouts;
  private readonly retries: RetryPolicy;
  private readonly rng: seedrandom.PRNG;
  private readonly url: string;
  private readonly inflight = new Set<AbortController>();
  /** Longest prompt + output the server takes, tokens, once known. */
  private context: number | undefined;
  /**
   * Server tokens per synthetic prompt word: learned from the prompt tokens the server counts
   * (its usage, or a refusal that states them), raised when a fitted request still overflowed.
   */
  private tokensPerWord = 1;
  private probed = false;

  constructor(opts: HttpBackendOptions) {
    this.opts = opts;
    this.clock = new RealClock(opts.timeScale ?? 1);
    this.timeouts = opts.timeouts ?? DEFAULT_TIMEOUTS;
    this.retries = opts.retries ?? DEFAULT_RETRIES;
    this.rng = seedrandom(opts.seed ?? "tokensim-http");
    const base = opts.baseUrl.replace(/\/+$/, "").replace(/\/v1$/, "");
    this.url = `${base}/v1/${opts.api === "completions" ? "completions" : "chat/completions"}`;
    if (typeof opts.contextTokens === "number") this.context = opts.contextTokens;
  }

  /** Asks the server its context window once, without holding up the first requests. */
  private probeContext(): void {
    if (this.probed || this.opts.contextTokens !== undefined) return;
    this.probed = true;
    void discoverServer(this.opts.baseUrl, this.opts.apiKey, Math.min(5000, this.timeouts.ttftMs))
      .then((info) => {
        if (info?.contextTokens !== undefined && this.context === undefined)
          this.context = info.contextTokens;
      })
      .catch(() => {});
  }

  /** Longest prompt + output the server takes, tokens, once known. */
  get contextTokens(): number | undefined {
    return this.context;
  }

  /**
   * The request cut to the server's context ({@link fitToContext}), with room for the chat
   * template; unchanged while the context is unknown.
   */
  fit(req: GenRequest): GenRequest {
    if (this.context === undefined || this.opts.contextTokens === null) return req;
    return fitToContext(req, {
      contextTokens: this.context,
      reservedTokens: this.reservedTokens(),
      tokensPerWord: this.tokensPerWord,
    });
  }

  /** Tokens of the context allowed for what wraps the prompt (chat template, BOS). */
  private reservedTokens(): number {
    return this.opts.api === "completions" ? 1 : CHAT_TEMPLATE_TOKENS;
  }

  /**
   * Learns how many tokens the server makes of a synthetic prompt word from the prompt tokens
   * it counted for `sent`; only ever raised, at most 16. The count includes the chat template:
   * the ratio errs long, so that a prompt sized with it and the template allowance always fits
   * (a template of up to CHAT_TEMPLATE_TOKENS). A usage counts for prompts of 32 words or more,
   * where the template weighs little; a refusal always (the prompt did not fit).
   */
  private notePromptTokens(sent: GenRequest, promptTokens: number | undefined, refused = false) {
    if (sent.prompt !== undefined || promptTokens === undefined) return;
    if (sent.promptTokens < (refused ? 1 : MIN_WORDS_TO_LEARN)) return;
    const perWord = promptTokens / sent.promptTokens;
    if (perWord > this.tokensPerWord) this.tokensPerWord = Math.min(MAX_TOKENS_PER_WORD, perWord);
  }

  /**
   * Learns from a context-length refusal; true when the request is worth sending again (now
   * shortened further).
   */
  private learnContext(body: string, fittedTo: number | undefined, sent: GenRequest): boolean {
    if (this.opts.contextTokens === null) return false;
    const limit = contextFromRefusal(body);
    if (limit === undefined) return false;
    const perWord = this.tokensPerWord;
    // the refusal may say how many tokens the prompt made (vLLM, llama.cpp)
    this.notePromptTokens(sent, promptTokensFromRefusal(body), true);
    if (this.context === undefined || limit < this.context) this.context = limit;
    // Fitted to this very limit and still too long: the tokenizer makes more tokens of the
    // prompt's words than assumed. (A request sent before the limit was known says nothing.)
    else if (fittedTo === limit && this.tokensPerWord === perWord)
      this.tokensPerWord = Math.min(MAX_TOKENS_PER_WORD, this.tokensPerWord * 1.25);
    return true;
  }

  send(req: GenRequest, sink: StreamSink): () => void {
    const ac = new AbortController();
    this.inflight.add(ac);
    this.probeContext();
    let cancelled = false;
    let resized = false;
    void (async () => {
      try {
        for (let attempt = 0; ; attempt++) {
          const fittedTo = this.context;
          const sent = this.fit(req);
          if (sent !== req && !resized) {
            resized = true;
            sink.onResized?.();
          }
          const r = await this.attempt(sent, sink, ac.signal, fittedTo);
          if (cancelled) return;
          if (r.ok) return;
          if (!r.retryable || attempt >= this.retries.max) {
            sink.onError(r.kind, r.message);
            return;
          }
          sink.onRetry?.(r.kind);
          const backoff =
            Math.min(this.retries.maxDelayMs, this.retries.baseDelayMs * 2 ** attempt) *
            (0.5 + 0.5 * this.rng());
          await sleep(Math.min(this.retries.maxDelayMs, Math.max(backoff, r.retryAfterMs ?? 0)));
          if (cancelled) return;
        }
      } finally {
        this.inflight.delete(ac);
      }
    })();
    return () => {
      cancelled = true;
      ac.abort();
    };
  }

  private body(req: GenRequest): string {
    const prompt = req.prompt ?? syntheticPrompt(req.promptTokens);
    const common: Record<string, unknown> = {
      model: this.opts.model,
      max_tokens: req.outputTokens,
      stream: true,
      stream_options: { include_usage: true },
      ...(req.temperature !== undefined ? { temperature: req.temperature } : {}),
      ...(req.topP !== undefined ? { top_p: req.topP } : {}),
      ...this.opts.extraBody,
    };
    if (this.opts.api === "completions") return JSON.stringify({ ...common, prompt });
    return JSON.stringify({ ...common, messages: [{ role: "user", content: prompt }] });
  }

  private async attempt(
    req: GenRequest,
    sink: StreamSink,
    outer: AbortSignal,
    fittedTo?: number,
  ): Promise<Attempt> {
    const ac = new AbortController();
    const onOuter = () => ac.abort();
    outer.addEventListener("abort", onOuter);
    let timedOut: ErrorKind | undefined;
    const fire = (kind: ErrorKind) => () => {
      timedOut = kind;
      ac.abort();
    };
    const total = setTimeout(fire("timeout_total"), this.timeouts.totalMs);
    let idle = setTimeout(fire("timeout_ttft"), this.timeouts.ttftMs);
    let tokens = 0;
    let finished = false;
    let usage: Usage | undefined;
    const chat = this.opts.api !== "completions";
    try {
      const headers: Record<string, string> = {
        "content-type": "application/json",
        accept: "text/event-stream",
      };
      if (this.opts.apiKey) headers.authorization = `Bearer ${this.opts.apiKey}`;
      let res: Response;
      try {
        res = await fetch(this.url, {
          method: "POST",
          headers,
          body: this.body(req),
          signal: ac.signal,
        });
      } catch (err) {
        if (timedOut) return { ok: false, kind: timedOut, message: timedOut, retryable: false };
        const code = causeCode(err);
        const kind: ErrorKind = code === "ECONNREFUSED" ? "connect_refused" : "connection_reset";
        return { ok: false, kind, message: describe(err), retryable: !outer.aborted };
      }
      if (res.status !== 200) {
        const text = await res.text().catch(() => "");
        const msg = `HTTP ${res.status}: ${text.slice(0, 200)}`;
        if (res.status === 429) {
          const ra = Number(res.headers.get("retry-after"));
          return {
            ok: false,
            kind: "http_429",
            message: msg,
            retryable: true,
            ...(Number.isFinite(ra) && ra > 0 ? { retryAfterMs: ra * 1000 } : {}),
          };
        }
        if (res.status >= 500)
          return { ok: false, kind: "http_5xx", message: msg, retryable: true };
        // A context-length refusal tells the context: sent again, shortened to fit.
        return {
          ok: false,
          kind: "http_4xx",
          message: msg,
          retryable: this.learnContext(text, fittedTo, req),
        };
      }
      if ((res.headers.get("content-type") ?? "").includes("application/json")) {
        // A server that answered in one piece despite `stream: true`.
        return this.whole(await res.text().catch(() => ""), sink, chat, req);
      }
      if (!res.body)
        return { ok: false, kind: "malformed_sse", message: "no body", retryable: false };
      const parser = new SseParser((ev) => {
        if (finished && ev.data !== "[DONE]") return;
        if (ev.data === "[DONE]") {
          finished = true;
          return;
        }
        let msg: {
          choices?: { delta?: { content?: unknown }; text?: unknown; finish_reason?: unknown }[];
          usage?: Record<string, unknown> | null;
          error?: { message?: string };
        };
        try {
          msg = JSON.parse(ev.data);
        } catch {
          throw new Failure("malformed_sse", `unparseable SSE data: ${ev.data.slice(0, 80)}`);
        }
        if (msg === null || typeof msg !== "object") {
          throw new Failure("malformed_sse", `unexpected SSE data: ${ev.data.slice(0, 80)}`);
        }
        if (msg.error) throw new Failure("stream_error", msg.error.message ?? "error in stream");
        const before = usage?.outputTokens ?? 0;
        if (msg.usage) usage = usageOf(msg.usage);
        const choice = msg.choices?.[0];
        if (!choice && !msg.usage) {
          throw new Failure("malformed_sse", `SSE chunk without choices: ${ev.data.slice(0, 80)}`);
        }
        if (choice) {
          const content = chat ? choice.delta?.content : choice.text;
          if (typeof content === "string" && content.length > 0) {
            tokens++;
            clearTimeout(idle);
            idle = setTimeout(fire("timeout_idle"), this.timeouts.idleMs);
            // One chunk may carry several tokens: the usage settles how many. Servers that
            // report usage on every chunk (vLLM's continuous_usage_stats) say it here.
            const stated =
              msg.usage && usage?.outputTokens !== undefined
                ? usage.outputTokens - before
                : undefined;
            if (sink.onChunk) sink.onChunk(content.length, stated);
            else sink.onToken(stated ?? 1);
          }
        }
      });
      const reader = res.body.getReader();
      const decoder = new TextDecoder();
      try {
        for (;;) {
          const { value, done } = await reader.read();
          if (done) break;
          parser.feed(decoder.decode(value, { stream: true }));
          if (finished) break;
        }
      } catch (err) {
        void reader.cancel().catch(() => {});
        if (err instanceof Failure) {
          return { ok: false, kind: err.kind, message: err.message, retryable: false };
        }
        if (timedOut) return { ok: false, kind: timedOut, message: timedOut, retryable: false };
        if (outer.aborted)
          return { ok: false, kind: "other", message: "cancelled", retryable: false };
        return {
          ok: false,
          kind: tokens > 0 ? "disconnect_midstream" : "connection_reset",
          message: describe(err),
          retryable: tokens === 0,
        };
      }
      if (finished) void reader.cancel().catch(() => {});
      if (!finished) {
        return {
          ok: false,
          kind: tokens > 0 ? "disconnect_midstream" : "connection_reset",
          message: `stream ended without [DONE] after ${tokens} tokens`,
          retryable: tokens === 0,
        };
      }
      this.notePromptTokens(req, usage?.promptTokens);
      sink.onEnd(usage);
      return { ok: true };
    } finally {
      clearTimeout(total);
      clearTimeout(idle);
      outer.removeEventListener("abort", onOuter);
    }
  }

  /** A non-streamed answer: one chunk with all its text, its usage the token count. */
  private whole(text: string, sink: StreamSink, chat: boolean, req: GenRequest): Attempt {
    let msg: {
      choices?: { message?: { content?: unknown }; text?: unknown }[];
      usage?: Record<string, unknown> | null;
      error?: { message?: string };
    };
    try {
      msg = JSON.parse(text);
    } catch {
      return {
        ok: false,
        kind: "malformed_sse",
        message: "unparseable JSON answer",
        retryable: false,
      };
    }
    if (msg?.error)
      return {
        ok: false,
        kind: "stream_error",
        message: msg.error.message ?? "error",
        retryable: false,
      };
    const choice = msg?.choices?.[0];
    const content = chat ? choice?.message?.content : choice?.text;
    const usage = msg?.usage ? usageOf(msg.usage) : undefined;
    if (typeof content === "string" && content.length > 0) {
      if (sink.onChunk) sink.onChunk(content.length);
      else sink.onToken(usage?.outputTokens ?? 1);
    }
    this.notePromptTokens(req, usage?.promptTokens);
    sink.onEnd(usage);
    return { ok: true };
  }

  async scrapeMetrics(): Promise<Record<string, number> | undefined> {
    const origin = new URL(this.url).origin;
    return scrapePrometheus(`${origin}/metrics`, Math.min(5000, this.timeouts.ttftMs));
  }

  async close(): Promise<void> {
    for (const ac of this.inflight) ac.abort();
    this.inflight.clear();
  }
}

/** OpenAI's `usage` object as a {@link Usage}; fields of the wrong type are left out. */
function usageOf(u: Record<string, unknown>): Usage {
  const n = (x: unknown) => (typeof x === "number" && Number.isFinite(x) && x >= 0 ? x : undefined);
  const promptTokens = n(u.prompt_tokens);
  const outputTokens = n(u.completion_tokens);
  return {
    ...(promptTokens !== undefined ? { promptTokens } : {}),
    ...(outputTokens !== undefined ? { outputTokens } : {}),
  };
}

/**
 * Fetches a Prometheus text-format endpoint and returns `series -> value` (at most
 * `maxSeries` series; histogram buckets are skipped). Undefined when absent or unreadable.
 */
export async function scrapePrometheus(
  url: string,
  timeoutMs = 5000,
  maxSeries = 500,
): Promise<Record<string, number> | undefined> {
  try {
    const res = await fetch(url, { signal: AbortSignal.timeout(timeoutMs) });
    if (res.status !== 200) {
      await res.body?.cancel();
      return undefined;
    }
    return parsePrometheusText(await res.text(), maxSeries);
  } catch {
    return undefined;
  }
}

/** Parses Prometheus text exposition format into `series -> value`. */
export function parsePrometheusText(text: string, maxSeries = 500): Record<string, number> {
  const out: Record<string, number> = {};
  let n = 0;
  for (const raw of text.split("\n")) {
    const line = raw.trim();
    if (line === "" || line.startsWith("#")) continue;
    const m = /^([a-zA-Z_:][a-zA-Z0-9_:]*(?:\{[^}]*\})?)\s+(\S+)/.exec(line);
    if (!m) continue;
    const series = m[1]!;
    if (series.includes("_bucket{")) continue;
    const v = Number(m[2]);
    if (!Number.isFinite(v)) continue;
    out[series] = v;
    if (++n >= maxSeries) break;
  }
  return out;
}
