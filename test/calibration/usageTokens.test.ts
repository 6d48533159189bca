/**
 * Output tokens are counted from the server's `usage`, not from SSE chunks: a server that
 * packs several tokens into one chunk (llama.cpp does) must not look slower than it is, and
 * a chunk's gap is spread over its tokens for inter-token latency.
 */
import { createServer, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Backend, GenRequest, StreamSink } from "../../calibration/backend.ts";
import { VirtualClock } from "../../calibration/clock.ts";
import { apportion, driveLevel } from "../../calibration/driver.ts";
import { runCalibration } from "../../calibration/harness.ts";
import { LatencyHistogram } from "../../calibration/histogram.ts";

describe("apportion", () => {
  it("splits tokens by characters, in whole tokens, at least one per chunk", () => {
    expect(apportion(9, [4, 8, 12, 12])).toEqual([1, 2, 3, 3]);
    expect(apportion(10, [1, 1, 1])).toEqual([4, 3, 3]);
    // enough tokens: every chunk with text carried at least one
    expect(apportion(4, [1, 100, 1, 1])).toEqual([1, 1, 1, 1]);
    expect(apportion(5, [1, 100, 1, 1])).toEqual([1, 2, 1, 1]);
    // fewer tokens than chunks (a token split over chunks): some carry none
    expect(apportion(2, [5, 5, 5]).reduce((a, b) => a + b, 0)).toBe(2);
    expect(apportion(0, [3])).toEqual([0]);
    expect(apportion(3, [])).toEqual([]);
  });
});

/**
 * A backend on a virtual clock that streams like llama.cpp: a first chunk of one token, then
 * chunks of `perChunk` tokens every `gapMs`, then the usage.
 */
class ChunkyBackend implements Backend {
  readonly clock = new VirtualClock();
  constructor(
    private readonly perChunk: number,
    private readonly gapMs: number,
    private readonly reportUsage: boolean,
  ) {}
  send(req: GenRequest, sink: StreamSink): () => void {
    const chunks = 1 + Math.ceil((req.outputTokens - 1) / this.perChunk);
    let live = true;
    let sent = 0;
    const next = (i: number) => {
      if (!live) return;
      if (i === chunks) {
        sink.onEnd(this.reportUsage ? { outputTokens: sent } : undefined);
        return;
      }
      const n = i === 0 ? 1 : Math.min(this.perChunk, req.outputTokens - sent);
      sent += n;
      sink.onChunk?.(4 * n); // four characters a token
      this.clock.setTimer(this.gapMs, () => next(i + 1));
    };
    this.clock.setTimer(50, () => next(0));
    return () => {
      live = false;
    };
  }
  async close(): Promise<void> {}
}

describe("the driver counts usage tokens and spreads chunk gaps (virtual clock)", () => {
  const workload = { name: "t", mix: [{ promptTokens: 8, outputTokens: 13 }] };
  const drive = (backend: Backend) =>
    driveLevel({
      backend,
      workload,
      level: { mode: "closed", value: 1 },
      durationMs: 10_000,
      warmupMs: 0,
      seed: "s",
      errorPauseMs: 0,
    });

  it("with usage: every token counted, ITL = gap / tokens per chunk", async () => {
    // 13 tokens: 1 + 3 chunks of 4, 40 ms apart; a request lasts 50 + 4·40 = 210 ms
    const r = await drive(new ChunkyBackend(4, 40, true));
    expect(r.tokenCounts).toEqual({ exact: 0, usage: r.completed, chunks: 0, estimated: 1 });
    const itl = LatencyHistogram.from(r.itl).summary();
    expect(itl.p50).toBeCloseTo(10, 1);
    expect(itl.max).toBeCloseTo(10, 1);
    // 47 done in 10 s (210 ms each), the 48th cut at 9,870 + 50 ms with its first 3 chunks:
    // estimated at the measured 13 tokens per 4 chunks
    expect(r.completed).toBe(47);
    expect(r.outputTokensInWindow).toBe(47 * 13 + 10);
    const ttft = LatencyHistogram.from(r.ttft).summary();
    expect(ttft.p50).toBeCloseTo(50, 1);
  });

  it("without usage: one token a chunk, as before (the undercount the usage fixes)", async () => {
    const r = await drive(new ChunkyBackend(4, 40, false));
    expect(r.tokenCounts?.chunks).toBe(r.completed);
    expect(r.outputTokensInWindow).toBe(47 * 4 + 3);
    expect(LatencyHistogram.from(r.itl).summary().p50).toBeCloseTo(40, 1);
  });
});

/**
 * An OpenAI-compatible server that packs `PER_CHUNK` tokens into each SSE chunk after the
 * first. The first path segment picks how it reports usage: `usage` (a final usage chunk, as
 * with stream_options.include_usage), `continuous` (cumulative usage on every chunk), `none`,
 * `json` (not streamed at all).
 */
const PER_CHUNK = 4;
const CHUNKS = 4;
const TOKENS = 1 + (CHUNKS - 1) * PER_CHUNK; // 13
const GAP_MS = 20;

function chunkyServer(): Server {
  const sse = (res: ServerResponse, body: unknown) =>
    res.write(`data: ${JSON.stringify(body)}\n\n`);
  const delta = (text: string, usage?: unknown) => ({
    object: "chat.completion.chunk",
    choices: [{ index: 0, delta: { content: text }, finish_reason: null }],
    ...(usage ? { usage } : {}),
  });
  return createServer((req, res) => {
    const mode = (req.url ?? "/").split("/")[1];
    req.resume();
    if (!(req.url ?? "").endsWith("/chat/completions")) {
      res.writeHead(404);
      return res.end();
    }
    if (mode === "json") {
      res.writeHead(200, { "content-type": "application/json" });
      return res.end(
        JSON.stringify({
          object: "chat.completion",
          choices: [{ index: 0, message: { role: "assistant", content: "tok ".repeat(TOKENS) } }],
          usage: { prompt_tokens: 8, completion_tokens: TOKENS, total_tokens: 8 + TOKENS },
        }),
      );
    }
    res.writeHead(200, { "content-type": "text/event-stream" });
    let sent = 0;
    const next = (i: number) => {
      if (res.destroyed) return;
      if (i === CHUNKS) {
        if (mode === "usage") sse(res, { choices: [], usage: { completion_tokens: sent } });
        return res.end("data: [DONE]\n\n");
      }
      const n = i === 0 ? 1 : PER_CHUNK;
      sent += n;
      sse(
        res,
        delta("tok ".repeat(n), mode === "continuous" ? { completion_tokens: sent } : undefined),
      );
      setTimeout(() => next(i + 1), GAP_MS);
    };
    next(0);
  });
}

let server: Server;
let base: string;
beforeAll(async () => {
  server = chunkyServer();
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}, 60_000);
afterAll(async () => {
  server.closeAllConnections();
  await new Promise<void>((r) => server.close(() => r()));
}, 60_000);

async function measure(mode: string) {
  const run = await runCalibration({
    target: `${base}/${mode}`,
    workloadPath: join(import.meta.dirname, "fixtures", "short.json"),
    mode: "closed",
    levels: [2],
    // Long enough that a loaded machine still completes requests in it (each
    // request is a few chunks GAP_MS apart); the assertions hold at any length.
    durationMs: 3000,
    warmupMs: 0,
    workers: 0,
    timeouts: { ttftMs: 5000, idleMs: 5000, totalMs: 10_000 },
  });
  return run.profile.points[0]!;
}

describe("calibrating a server that sends several tokens per SSE chunk", () => {
  for (const mode of ["usage", "continuous"]) {
    it(`counts the server's tokens (${mode}) and spreads each chunk's gap over its tokens`, async () => {
      const p = await measure(mode);
      expect(p.requests.errors).toBe(0);
      expect(p.requests.completed).toBeGreaterThan(0);
      // requests cut at the end of the level count here too when their chunks stated tokens
      expect(p.tokenCounting?.source).toBe("usage");
      expect(p.tokenCounting?.usage).toBeGreaterThanOrEqual(p.requests.completed);
      // every token of every completed request (not CHUNKS per request), plus the streamed
      // part of the requests cut at the end of the level
      const tokens = Math.round((p.outputTokensPerSec * p.windowMs) / 1000);
      expect(tokens).toBeGreaterThanOrEqual(p.requests.completedInWindow * TOKENS);
      expect(tokens).toBeLessThanOrEqual(p.requests.started * TOKENS);
      // one ITL sample per token after the first of each request (per chunk: CHUNKS - 1)
      expect(p.itlMs.count).toBeGreaterThanOrEqual(p.requests.completed * (TOKENS - 1));
      // at most that for every request started (the window's token count and its samples
      // may attribute a request cut at the level's end differently under load)
      expect(p.itlMs.count).toBeLessThanOrEqual(p.requests.started * (TOKENS - 1));
      // The samples of a request add up to its first-to-last chunk time, at least
      // (CHUNKS - 1)·GAP_MS at the server; the client sees less only when the first chunk is
      // read late (server and client share this process's event loop, so a stall delays
      // both): this allows for up to two gaps of stall (no upper bound: a loaded machine
      // stretches gaps). Samples of zero (a gap not spread) fail it, and the count above
      // fails a gap given to one token only.
      expect(p.itlMs.mean!).toBeGreaterThanOrEqual(((CHUNKS - 3) * GAP_MS) / (TOKENS - 1));
    }, 60_000);
  }

  it("falls back to one token per chunk, and says so, when the server reports no usage", async () => {
    const p = await measure("none");
    expect(p.tokenCounting).toMatchObject({ source: "chunks", chunks: p.requests.completed });
    const tokens = Math.round((p.outputTokensPerSec * p.windowMs) / 1000);
    expect(tokens).toBeLessThanOrEqual(p.requests.started * CHUNKS);
    expect(p.itlMs.count).toBeLessThanOrEqual(p.requests.started * (CHUNKS - 1));
  }, 60_000);

  it("takes the usage of a server that answers in one piece despite stream: true", async () => {
    const p = await measure("json");
    expect(p.requests.errors).toBe(0);
    expect(p.tokenCounting).toMatchObject({ source: "usage", usage: p.requests.completed });
    const tokens = Math.round((p.outputTokensPerSec * p.windowMs) / 1000);
    // Each answer's usage counts whole, when its one piece arrives: every completed
    // request's tokens, plus those of a request whose piece arrived just before the
    // level ended but that had not completed by then (CI on 2026-12-03: 27,755 =
    // 2,135 × 13 tokens with 2,134 completed in the window).
    expect(tokens % TOKENS).toBe(0);
    expect(tokens).toBeGreaterThanOrEqual(p.requests.completedInWindow * TOKENS);
    expect(tokens).toBeLessThanOrEqual(p.requests.started * TOKENS);
  }, 120_000);
});
