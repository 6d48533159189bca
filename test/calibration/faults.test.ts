import { spawn } from "node:child_process";
import { existsSync, mkdirSync, readFileSync, rmSync } from "node:fs";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { ErrorKind } from "../../calibration/backend.ts";
import { runCalibration } from "../../calibration/harness.ts";
import { loadCalibrationProfile } from "../../calibration/profile.ts";

/**
 * A fault-injection server: the first path segment picks the misbehaviour, e.g.
 * `http://127.0.0.1:port/429/v1/chat/completions`.
 */
function faultServer(): Server {
  let flaky = 0;
  const chunk = (text: string) =>
    `data: ${JSON.stringify({ id: "x", object: "chat.completion.chunk", choices: [{ index: 0, delta: { content: text }, finish_reason: null }] })}\n\n`;
  const ok = (res: import("node:http").ServerResponse, n = 4) => {
    res.writeHead(200, { "content-type": "text/event-stream" });
    for (let i = 0; i < n; i++) res.write(chunk(`t${i} `));
    res.end("data: [DONE]\n\n");
  };
  return createServer((req, res) => {
    const mode = (req.url ?? "/").split("/")[1];
    req.resume();
    switch (mode) {
      case "ok":
        return ok(res);
      case "429":
        res.writeHead(429, { "retry-after": "0", "content-type": "application/json" });
        return res.end('{"error":{"message":"rate limited"}}');
      case "500":
        res.writeHead(503);
        return res.end("overloaded");
      case "400":
        res.writeHead(400);
        return res.end("bad request");
      case "flaky":
        if (flaky++ % 2 === 0) {
          res.writeHead(500);
          return res.end("flaky");
        }
        return ok(res);
      case "malformed":
        res.writeHead(200, { "content-type": "text/event-stream" });
        res.write(chunk("a"));
        return res.end("data: {this is not json\n\n");
      case "reset":
        return req.socket.destroy();
      case "midstream":
        res.writeHead(200, { "content-type": "text/event-stream" });
        res.write(chunk("a"));
        res.write(chunk("b"));
        setTimeout(() => req.socket.destroy(), 5);
        return;
      case "nodone":
        res.writeHead(200, { "content-type": "text/event-stream" });
        res.write(chunk("a"));
        return res.end();
      case "slow":
        return; // never answers
      case "stall":
        res.writeHead(200, { "content-type": "text/event-stream" });
        res.write(chunk("a")); // then nothing
        return;
      default:
        res.writeHead(404);
        res.end();
    }
  });
}

let server: Server;
let base: string;
let deadPort: number;

beforeAll(async () => {
  server = faultServer();
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  // a port with nothing listening: bind an ephemeral port, then close it
  const tmp = createServer();
  await new Promise<void>((r) => tmp.listen(0, "127.0.0.1", r));
  deadPort = (tmp.address() as AddressInfo).port;
  await new Promise<void>((r) => tmp.close(() => r()));
});
afterAll(async () => {
  server.closeAllConnections();
  await new Promise<void>((r) => server.close(() => r()));
});

const workload = join(import.meta.dirname, "fixtures", "short.json");

/** Timeouts short enough that /slow and /stall time out within the 700 ms level. */
const SHORT = { ttftMs: 250, idleMs: 150, totalMs: 2000 };
/**
 * Timeouts for the backends that answer at once: a loaded machine (two test files at a
 * time, other work) can stall this process past 250 ms, which would count a request
 * that got its 429 as a time-out instead (issue 14: no test may depend on speed).
 */
const LOADED = { ttftMs: 5000, idleMs: 5000, totalMs: 10_000 };

async function measure(url: string, concurrency = 2, timeouts = SHORT) {
  const run = await runCalibration({
    target: url,
    workloadPath: workload,
    mode: "closed",
    levels: [concurrency],
    durationMs: 700,
    warmupMs: 0,
    workers: 0,
    timeouts,
    retries: { max: 2, baseDelayMs: 5, maxDelayMs: 50 },
  });
  const p = run.profile.points[0]!;
  return { p, profile: run.profile };
}

describe("misbehaving backends are counted, classified, retried and never hang", () => {
  const cases: [string, ErrorKind, boolean][] = [
    ["429", "http_429", true],
    ["500", "http_5xx", true],
    ["400", "http_4xx", false],
    ["malformed", "malformed_sse", false],
    ["reset", "connection_reset", true],
    ["midstream", "disconnect_midstream", false],
    ["nodone", "disconnect_midstream", false],
    ["slow", "timeout_ttft", false],
    ["stall", "timeout_idle", false],
  ];
  it.each(cases)("/%s → %s", async (mode, kind, retried) => {
    const { p } = await measure(`${base}/${mode}`, 2, kind.startsWith("timeout_") ? SHORT : LOADED);
    expect(p.errorsByKind[kind]).toBeGreaterThan(0);
    expect(p.requests.completed).toBe(0);
    const failed = kind.startsWith("timeout_") ? p.requests.timeouts : p.requests.errors;
    expect(failed).toBeGreaterThan(0);
    expect(kind.startsWith("timeout_") ? p.timeoutRate : p.errorRate).toBe(1);
    if (retried) expect(p.retriesByKind[kind]).toBeGreaterThan(0);
    else expect(p.requests.retries).toBe(0);
  });

  it("absent server → connect_refused, retried", async () => {
    const { p } = await measure(`http://127.0.0.1:${deadPort}`, 2, LOADED);
    expect(p.errorsByKind.connect_refused).toBeGreaterThan(0);
    expect(p.retriesByKind.connect_refused).toBeGreaterThan(0);
  });

  it("transient 5xx are retried and the requests succeed", async () => {
    // one client: every first attempt fails with 500, every retry succeeds
    const { p, profile } = await measure(`${base}/flaky`, 1, LOADED);
    expect(p.requests.completed).toBeGreaterThan(0);
    expect(p.retriesByKind.http_5xx).toBeGreaterThan(0);
    expect(p.requests.errors).toBe(0);
    expect(p.outputTokensPerSec).toBeGreaterThan(0);
    expect(profile.partial).toBe(false);
  });
});

describe("Ctrl-C", () => {
  it("SIGINT writes the profile measured so far", async () => {
    const outDir = join(import.meta.dirname, "..", "output", "calibration");
    mkdirSync(outDir, { recursive: true });
    const out = join(outDir, "sigint.json");
    rmSync(out, { force: true });
    const root = join(import.meta.dirname, "..", "..");
    const child = spawn(
      process.execPath,
      [
        "bin/tokensim.js",
        "calibrate",
        "--backend",
        "emulated:rtx4090:llama3-8b",
        "--time-scale",
        "1",
        "--concurrency",
        "2,4",
        "--duration",
        "60s",
        "--warmup",
        "0s",
        "--workers",
        "1",
        "--workload",
        workload,
        "--out",
        out,
      ],
      { cwd: root, stdio: ["ignore", "pipe", "pipe"] },
    );
    let stderr = "";
    let stdout = "";
    child.stdout.on("data", (d) => (stdout += d));
    const started = new Promise<void>((resolve) => {
      child.stderr.on("data", (d) => {
        stderr += d;
        if (stderr.includes("levels")) resolve();
      });
    });
    await started;
    await new Promise((r) => setTimeout(r, 2500));
    child.kill("SIGINT");
    const code = await new Promise<number | null>((r) => child.on("exit", (c) => r(c)));
    expect(code).toBe(130);
    expect(stdout).toMatch(/partial/);
    expect(existsSync(out)).toBe(true);
    const profile = loadCalibrationProfile(out);
    expect(profile.partial).toBe(true);
    expect(profile.points).toHaveLength(1);
    expect(profile.points[0]!.interrupted).toBe(true);
    expect(profile.points[0]!.requests.completed).toBeGreaterThan(0);
    expect(JSON.parse(readFileSync(out, "utf8")).schemaVersion).toBe(1);
  });
});
