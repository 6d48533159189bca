/**
 * The interface between the load driver and an inference backend (HTTP server or in-process
 * emulator), and the classification of what goes wrong.
 */
import type { Clock } from "./clock.ts";
// for {@link} in the docs
import type { fitToContext } from "./contextFit.ts";

/** One generation request, as the workload generated it. */
export interface GenRequest {
  /** Prompt length, tokens. */
  readonly promptTokens: number;
  /** Output tokens requested (`max_tokens`). */
  readonly outputTokens: number;
  /** Prompt text; generated from promptTokens when absent. */
  readonly prompt?: string;
  readonly temperature?: number;
  readonly topP?: number;
}

/** How a request failed. `timeout_*` kinds count as timeouts, the rest as errors. */
export type ErrorKind =
  | "http_429"
  | "http_5xx"
  | "http_4xx"
  | "connect_refused"
  | "connection_reset"
  | "disconnect_midstream"
  | "malformed_sse"
  | "stream_error"
  | "timeout_ttft"
  | "timeout_idle"
  | "timeout_total"
  | "refused"
  | "other";

/** Every {@link ErrorKind}, for reports. */
export const ERROR_KINDS: readonly ErrorKind[] = [
  "http_429",
  "http_5xx",
  "http_4xx",
  "connect_refused",
  "connection_reset",
  "disconnect_midstream",
  "malformed_sse",
  "stream_error",
  "timeout_ttft",
  "timeout_idle",
  "timeout_total",
  "refused",
  "other",
];

/** Token usage reported by the server at the end of a stream. */
export interface Usage {
  readonly promptTokens?: number;
  readonly outputTokens?: number;
}

/** Receives the events of one request. Exactly one of onEnd / onError ends it. */
export interface StreamSink {
  /** `count` more output tokens arrived now. */
  onToken(count: number): void;
  /**
   * A chunk of output text of `chars` characters arrived now, carrying an unknown number of
   * tokens (a server may pack several tokens into one SSE chunk): onEnd's `usage` settles
   * how many. `tokens` is given when the chunk itself says (cumulative usage on every chunk).
   * Backends that know their token counts call onToken instead; a sink without onChunk gets
   * onToken(1) per chunk.
   */
  onChunk?(chars: number, tokens?: number): void;
  /** The request was shortened to fit the server's context window before it was sent. */
  onResized?(): void;
  onEnd(usage?: Usage): void;
  onError(kind: ErrorKind, message: string): void;
  /** A failed attempt (kind) will be retried. */
  onRetry?(kind: ErrorKind): void;
}

/** An inference backend. */
export interface Backend {
  /** Clock that timestamps this backend's events (model time, ms). */
  readonly clock: Clock;
  /** Starts a request; returns a function that cancels it silently. */
  send(req: GenRequest, sink: StreamSink): () => void;
  /**
   * Longest prompt + output one request may have, tokens, when known: requests are sized to it
   * ({@link fitToContext} in contextFit.ts) before they are sent.
   */
  readonly contextTokens?: number | undefined;
  /** Prometheus metrics scraped from the server, when it offers them. */
  scrapeMetrics?(): Promise<Record<string, number> | undefined>;
  /** Frees resources (connections, timers). */
  close(): Promise<void>;
}

/** Per-request time limits, wall ms. */
export interface Timeouts {
  /** Request start to first token (includes connecting and queueing). */
  readonly ttftMs: number;
  /** Longest gap between tokens. */
  readonly idleMs: number;
  /** Whole request. */
  readonly totalMs: number;
}

/** Bounded retry policy (exponential backoff with jitter, before the first token only). */
export interface RetryPolicy {
  /** Retries after the first attempt. */
  readonly max: number;
  /** First backoff, wall ms (doubles each retry). */
  readonly baseDelayMs: number;
  /** Cap on one backoff (and on a server's Retry-After), wall ms. */
  readonly maxDelayMs: number;
}

export const DEFAULT_TIMEOUTS: Timeouts = { ttftMs: 30_000, idleMs: 10_000, totalMs: 120_000 };
export const DEFAULT_RETRIES: RetryPolicy = { max: 2, baseDelayMs: 100, maxDelayMs: 2_000 };

/** Builds a prompt of roughly `tokens` tokens (one short word per token). */
export function syntheticPrompt(tokens: number): string {
  const words = ["the", "GPU", "token", "node", "stake", "reward", "market", "price"];
  const out: string[] = [];
  for (let i = 0; i < tokens; i++) out.push(words[i % words.length]!);
  return out.join(" ");
}
