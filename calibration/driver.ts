/**
 * The load driver: runs one share of one load level (closed-loop clients, open-loop arrivals
 * or a trace replay) against a backend for a fixed duration, recording TTFT, inter-token and
 * end-to-end latency in HdrHistograms and counting tokens, completions, errors by kind and
 * retries. Memory is bounded: no per-request samples are kept.
 */
import { type Backend, ERROR_KINDS, type ErrorKind, type GenRequest } from "./backend.ts";
import { type HistogramData, LatencyHistogram } from "./histogram.ts";
import { RequestSampler, type TraceEntry, type Workload } from "./workload.ts";

/** One load level: closed loop at `value` clients, open loop at `value` requests/s, or a
 * trace replay at speed-up `value`. */
export interface LevelSpec {
  readonly mode: "closed" | "open" | "trace";
  readonly value: number;
}

/** This driver's part of a level split across `count` workers. */
export interface ShareSpec {
  readonly index: number;
  readonly count: number;
}

/** Options of {@link driveLevel}. */
export interface DriveOptions {
  readonly backend: Backend;
  readonly workload: Workload;
  readonly trace?: readonly TraceEntry[];
  readonly level: LevelSpec;
  readonly share?: ShareSpec;
  /** Length of the level, model ms. */
  readonly durationMs: number;
  /** Initial part of the level not counted in throughput/latency, model ms. */
  readonly warmupMs: number;
  readonly seed: string;
  /** Polled regularly; true ends the level early (results so far are returned). */
  readonly shouldStop?: () => boolean;
  /** Open loop: most requests in flight before new arrivals are dropped (default 10 000). */
  readonly maxOutstanding?: number;
  /** Closed loop: pause of a client after an error, model ms (default 50). */
  readonly errorPauseMs?: number;
}

/** What one driver measured (structured-clone and JSON safe). */
export interface LevelResult {
  readonly level: LevelSpec;
  /** Requests sent (all of the level, warm-up included). */
  readonly started: number;
  /** Requests completed (all of the level). */
  readonly completed: number;
  /** Requests completed inside the measurement window. */
  readonly completedInWindow: number;
  /** Output tokens received inside the measurement window. */
  readonly outputTokensInWindow: number;
  /** Length of the measurement window actually run, model ms. */
  readonly windowMs: number;
  /** Failed requests by kind (after retries). */
  readonly errors: Partial<Record<ErrorKind, number>>;
  /** Retried attempts by the kind of failure that caused them. */
  readonly retries: Partial<Record<ErrorKind, number>>;
  /** Requests still in flight when the level ended (cancelled, not counted as errors). */
  readonly cancelledAtEnd: number;
  /** Open-loop arrivals dropped because maxOutstanding requests were in flight. */
  readonly dropped: number;
  readonly ttft: HistogramData;
  readonly itl: HistogramData;
  readonly e2e: HistogramData;
  /** True when the level was cut short by a stop request. */
  readonly interrupted: boolean;
  /** GPU busy model time during the level (emulated backends), ms. */
  readonly gpuBusyMs?: number;
  /** Prometheus metrics scraped at the end of the level, when offered. */
  readonly prometheus?: Record<string, number>;
  /** How the output tokens of the level's requests were counted (absent: by the backend). */
  readonly tokenCounts?: TokenCounts;
  /** Requests whose prompt was shortened to fit the server's context window. */
  readonly resized?: number;
  /** The context window requests were sized to, tokens, when the backend knew it. */
  readonly contextTokens?: number;
}

/**
 * Requests by how their output tokens were counted. `exact`: the backend counted them (the
 * emulator, llama.cpp); `usage`: the server's `usage.completion_tokens` (or per-chunk usage),
 * spread over the SSE chunks; `chunks`: no usage came back, one token per SSE chunk;
 * `estimated`: failed or cancelled mid-stream, chunks times the tokens-per-chunk ratio of the
 * requests counted by usage.
 */
interface TokenCounts {
  readonly exact: number;
  readonly usage: number;
  readonly chunks: number;
  readonly estimated: number;
}

const TOKEN_COUNT_KEYS = ["exact", "usage", "chunks", "estimated"] as const;

/**
 * Splits `total` tokens over chunks in proportion to their `weights` (characters), in whole
 * tokens (largest remainder), at least one per chunk when there are enough tokens: a chunk
 * with text carried at least one token, and several-token chunks carry more text.
 */
export function apportion(total: number, weights: readonly number[]): number[] {
  const n = weights.length;
  const t = Math.max(0, Math.round(total));
  if (n === 0) return [];
  const w = weights.map((x) => (Number.isFinite(x) && x > 0 ? x : 0));
  const sumW = w.reduce((a, b) => a + b, 0);
  const ideal = w.map((x) => (sumW > 0 ? (t * x) / sumW : t / n));
  const atLeastOne = t >= n;
  const out = ideal.map((x) => (atLeastOne ? Math.max(1, Math.floor(x)) : Math.floor(x)));
  let rest = t - out.reduce((a, b) => a + b, 0);
  // Hand out what flooring left by largest remainder; take back what the minimum of one added
  // from the chunks furthest above their share.
  const order = ideal.map((_, i) => i);
  order.sort((a, b) => ideal[b]! - out[b]! - (ideal[a]! - out[a]!));
  for (let j = 0; rest > 0; j = (j + 1) % n, rest--) out[order[j]!]!++;
  while (rest < 0) {
    let k = -1;
    for (let i = 0; i < n; i++) {
      if (out[i]! > 1 && (k < 0 || out[i]! - ideal[i]! > out[k]! - ideal[k]!)) k = i;
    }
    if (k < 0) break;
    out[k]!--;
    rest++;
  }
  return out;
}

/** Adds results of several shares of the same level. */
export function mergeLevelResults(parts: readonly LevelResult[]): LevelResult {
  const first = parts[0];
  if (!first) throw new Error("no results to merge");
  const ttft = new LatencyHistogram();
  const itl = new LatencyHistogram();
  const e2e = new LatencyHistogram();
  const errors: Partial<Record<ErrorKind, number>> = {};
  const retries: Partial<Record<ErrorKind, number>> = {};
  let started = 0;
  let completed = 0;
  let completedInWindow = 0;
  let outputTokensInWindow = 0;
  let cancelledAtEnd = 0;
  let dropped = 0;
  let windowMs = 0;
  let interrupted = false;
  let gpuBusyMs: number | undefined;
  let counts: Record<keyof TokenCounts, number> | undefined;
  let resized: number | undefined;
  let contextTokens: number | undefined;
  for (const p of parts) {
    if (p.contextTokens !== undefined)
      contextTokens = Math.min(contextTokens ?? p.contextTokens, p.contextTokens);
    if (p.tokenCounts) {
      counts ??= { exact: 0, usage: 0, chunks: 0, estimated: 0 };
      for (const k of TOKEN_COUNT_KEYS) counts[k] += p.tokenCounts[k];
    }
    if (p.resized !== undefined) resized = (resized ?? 0) + p.resized;
    ttft.merge(p.ttft);
    itl.merge(p.itl);
    e2e.merge(p.e2e);
    for (const k of ERROR_KINDS) {
      if (p.errors[k]) errors[k] = (errors[k] ?? 0) + p.errors[k];
      if (p.retries[k]) retries[k] = (retries[k] ?? 0) + p.retries[k];
    }
    started += p.started;
    completed += p.completed;
    completedInWindow += p.completedInWindow;
    outputTokensInWindow += p.outputTokensInWindow;
    cancelledAtEnd += p.cancelledAtEnd;
    dropped += p.dropped;
    windowMs = Math.max(windowMs, p.windowMs);
    interrupted ||= p.interrupted;
    if (p.gpuBusyMs !== undefined) gpuBusyMs = (gpuBusyMs ?? 0) + p.gpuBusyMs;
  }
  return {
    level: first.level,
    started,
    completed,
    completedInWindow,
    outputTokensInWindow,
    windowMs,
    errors,
    retries,
    cancelledAtEnd,
    dropped,
    ttft: ttft.toJSON(),
    itl: itl.toJSON(),
    e2e: e2e.toJSON(),
    interrupted,
    ...(gpuBusyMs !== undefined ? { gpuBusyMs } : {}),
    ...(counts ? { tokenCounts: counts } : {}),
    ...(resized !== undefined ? { resized } : {}),
    ...(contextTokens !== undefined ? { contextTokens } : {}),
    ...(parts.find((p) => p.prometheus)?.prometheus
      ? { prometheus: parts.find((p) => p.prometheus)!.prometheus! }
      : {}),
  };
}

function shareOf(total: number, share: ShareSpec): number {
  return Math.floor(total / share.count) + (share.index < total % share.count ? 1 : 0);
}

/** Runs one share of one level; resolves when the level's duration has passed or it stops. */
export async function driveLevel(o: DriveOptions): Promise<LevelResult> {
  const { backend, level } = o;
  const clock = backend.clock;
  const share = o.share ?? { index: 0, count: 1 };
  const sampler = new RequestSampler(
    o.workload,
    `${o.seed}:${level.mode}:${level.value}:${share.index}`,
  );
  const shouldStop = o.shouldStop ?? (() => false);
  const maxOutstanding = o.maxOutstanding ?? 10_000;
  const errorPause = o.errorPauseMs ?? 50;
  const t0 = clock.now();
  const wStart = t0 + o.warmupMs;
  const tEnd = t0 + o.durationMs;
  const ttft = new LatencyHistogram();
  const itl = new LatencyHistogram();
  const e2e = new LatencyHistogram();
  const errors: Partial<Record<ErrorKind, number>> = {};
  const retries: Partial<Record<ErrorKind, number>> = {};
  // in-flight requests: their cancel function -> what settles their tokens if cut short
  const inflight = new Map<() => void, () => void>();
  const counts = { exact: 0, usage: 0, chunks: 0, estimated: 0 };
  // tokens per SSE chunk among requests counted by the server's usage, for the estimates
  let usageTokens = 0;
  let usageChunks = 0;
  let resized = 0;
  let started = 0;
  let completed = 0;
  let completedInWindow = 0;
  let tokensInWindow = 0;
  let dropped = 0;
  let stopped = false;
  const busy0 =
    "emulator" in backend
      ? (backend as { emulator: { stats: { busyMs: number } } }).emulator.stats.busyMs
      : undefined;

  /** Records tokens arriving at `now` after the previous token arrived at `last` (< 0: none). */
  const tokensAt = (now: number, last: number, count: number) => {
    if (count <= 0) return;
    // a chunk of `count` tokens: spread its gap evenly over them
    if (last >= 0 && now >= wStart) itl.record((now - last) / count, count);
    if (now >= wStart && now <= tEnd) tokensInWindow += count;
  };

  const issue = (req: GenRequest, done: () => void) => {
    started++;
    const tStart = clock.now();
    let last = -1;
    let exact = false;
    // SSE chunks whose token counts wait for the server's usage (HTTP backends)
    const times: number[] = [];
    const chars: number[] = [];
    const stated: (number | undefined)[] = [];
    const settle = (total: number | undefined, ended: boolean) => {
      if (times.length === 0) return;
      let how: keyof TokenCounts;
      let per: number[];
      if (stated.every((x) => x !== undefined)) {
        how = "usage";
        per = stated as number[];
      } else if (total !== undefined) {
        how = "usage";
        per = apportion(total, chars);
      } else if (ended) {
        how = "chunks";
        per = times.map(() => 1);
      } else {
        how = "estimated";
        const ratio = usageChunks > 0 ? usageTokens / usageChunks : 1;
        per = apportion(times.length * ratio, chars);
      }
      counts[how]++;
      if (how === "usage") {
        usageTokens += per.reduce((a, b) => a + b, 0);
        usageChunks += times.length;
      }
      let prev = -1;
      for (let i = 0; i < times.length; i++) {
        // a chunk that carried no token merges its gap into the next one
        if (per[i]! <= 0) continue;
        tokensAt(times[i]!, prev, per[i]!);
        prev = times[i]!;
      }
      times.length = 0;
    };
    let cancel: (() => void) | undefined;
    const finish = () => {
      if (cancel) inflight.delete(cancel);
    };
    cancel = backend.send(req, {
      onToken: (count) => {
        if (stopped) return;
        const now = clock.now();
        if (last < 0 && now >= wStart) ttft.record(now - tStart);
        exact = true;
        tokensAt(now, last, count);
        last = now;
      },
      onChunk: (n, tokens) => {
        if (stopped) return;
        const now = clock.now();
        if (last < 0 && now >= wStart) ttft.record(now - tStart);
        times.push(now);
        chars.push(n);
        stated.push(tokens);
        last = now;
      },
      onResized: () => {
        if (!stopped) resized++;
      },
      onEnd: (usage) => {
        if (stopped) return;
        finish();
        completed++;
        if (exact) counts.exact++;
        settle(usage?.outputTokens, true);
        const now = clock.now();
        if (now >= wStart && now <= tEnd) {
          completedInWindow++;
          e2e.record(now - tStart);
        }
        done();
      },
      onError: (kind) => {
        if (stopped) return;
        finish();
        if (exact) counts.exact++;
        settle(undefined, false);
        errors[kind] = (errors[kind] ?? 0) + 1;
        clock.setTimer(errorPause, done);
      },
      onRetry: (kind) => {
        retries[kind] = (retries[kind] ?? 0) + 1;
      },
    });
    if (!stopped) inflight.set(cancel, () => settle(undefined, false));
  };

  const active = () => !stopped && clock.now() < tEnd;

  if (level.mode === "closed") {
    const users = shareOf(Math.round(level.value), share);
    const loop = () => {
      if (!active()) return;
      issue(sampler.next(), () => {
        const think =
          o.workload.arrival?.kind === "closed" ? (o.workload.arrival.thinkTimeMs ?? 0) : 0;
        if (think > 0) clock.setTimer(think, loop);
        else loop();
      });
    };
    for (let i = 0; i < users; i++) loop();
  } else if (level.mode === "open") {
    const rate = level.value / share.count;
    const arrive = () => {
      if (!active()) return;
      if (inflight.size >= maxOutstanding) dropped++;
      else issue(sampler.next(), () => {});
      clock.setTimer(sampler.gapMs(rate), arrive);
    };
    if (rate > 0) clock.setTimer(sampler.gapMs(rate), arrive);
  } else {
    const entries = (o.trace ?? []).filter((_, i) => i % share.count === share.index);
    const speed = level.value > 0 ? level.value : 1;
    for (const e of entries) {
      const at = e.atMs / speed;
      if (at >= o.durationMs) break;
      clock.setTimer(at, () => {
        if (!active()) return;
        if (inflight.size >= maxOutstanding) {
          dropped++;
          return;
        }
        issue(
          {
            promptTokens: e.promptTokens,
            outputTokens: e.outputTokens,
            ...(e.prompt !== undefined ? { prompt: e.prompt } : {}),
          },
          () => {},
        );
      });
    }
  }

  await clock.runUntil(tEnd, shouldStop);
  const interrupted = shouldStop() && clock.now() < tEnd;
  const reached = Math.min(clock.now(), tEnd);
  stopped = true;
  const cancelledAtEnd = inflight.size;
  for (const [cancel, settle] of inflight) {
    cancel();
    // their tokens streamed inside the window count, estimated as no usage will come
    settle();
  }
  inflight.clear();
  const busy1 =
    busy0 === undefined
      ? undefined
      : (backend as unknown as { emulator: { stats: { busyMs: number } } }).emulator.stats.busyMs;
  const prometheus = backend.scrapeMetrics ? await backend.scrapeMetrics() : undefined;
  return {
    level,
    started,
    completed,
    completedInWindow,
    outputTokensInWindow: tokensInWindow,
    windowMs: Math.max(0, reached - wStart),
    errors,
    retries,
    cancelledAtEnd,
    dropped,
    ttft: ttft.toJSON(),
    itl: itl.toJSON(),
    e2e: e2e.toJSON(),
    interrupted,
    ...(busy0 !== undefined && busy1 !== undefined
      ? { gpuBusyMs: Math.min(busy1 - busy0, reached - t0) }
      : {}),
    ...(prometheus ? { prometheus } : {}),
    tokenCounts: counts,
    ...(resized > 0 ? { resized } : {}),
    ...(backend.contextTokens !== undefined ? { contextTokens: backend.contextTokens } : {}),
  };
}
