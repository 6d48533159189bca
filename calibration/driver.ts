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
  for (const p of parts) {
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
  const inflight = new Set<() => void>();
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

  const issue = (req: GenRequest, done: () => void) => {
    started++;
    const tStart = clock.now();
    let last = -1;
    let cancel: (() => void) | undefined;
    const finish = () => {
      if (cancel) inflight.delete(cancel);
    };
    cancel = backend.send(req, {
      onToken: (count) => {
        if (stopped) return;
        const now = clock.now();
        if (last < 0) {
          if (now >= wStart) ttft.record(now - tStart);
        } else if (now >= wStart) {
          // a chunk of `count` tokens: attribute the gap evenly
          const gap = (now - last) / count;
          itl.record(gap, count);
        }
        if (now >= wStart && now <= tEnd) tokensInWindow += count;
        last = now;
      },
      onEnd: () => {
        if (stopped) return;
        finish();
        completed++;
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
        errors[kind] = (errors[kind] ?? 0) + 1;
        clock.setTimer(errorPause, done);
      },
      onRetry: (kind) => {
        retries[kind] = (retries[kind] ?? 0) + 1;
      },
    });
    if (!stopped) inflight.add(cancel);
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
  for (const c of inflight) c();
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
  };
}
