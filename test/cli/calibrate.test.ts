import { mkdtempSync, readFileSync } from "node:fs";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { type EmulatorServer, startEmulatorServer } from "../../calibration/emulatorServer.ts";
import { GPUS } from "../../calibration/gpus.ts";
import { MODELS } from "../../calibration/models.ts";
import { cli } from "./inProcess.ts";

/**
 * `tokensim calibrate` in this process (through main(argv), issue 14) with `env`
 * added to the environment for the call, as a child process would see it.
 */
async function tokensim(env: Record<string, string>, ...args: string[]) {
  for (const [k, v] of Object.entries(env)) vi.stubEnv(k, v);
  try {
    return await cli(...args);
  } finally {
    vi.unstubAllEnvs();
  }
}

let srv: EmulatorServer;
const dir = mkdtempSync(join(tmpdir(), "tokensim-calibrate-cli-"));

beforeAll(async () => {
  srv = await startEmulatorServer({
    gpu: GPUS.h100sxm!,
    model: MODELS["llama3.2-1b"]!,
    port: 0,
    // 1 ms of wall time per 100 ms of model time: a request takes a few ms, and a
    // level lasts 3 s of wall time (300 s of model time), long enough for requests
    // to complete on a loaded machine.
    timeScale: 0.01,
    seed: "s1",
    apiKey: "secret",
  });
});
afterAll(async () => {
  await srv.close();
});

describe("tokensim calibrate against a server that wants an API key", () => {
  const args = (out: string, ...more: string[]) => [
    "calibrate",
    "--backend",
    srv.url,
    "--concurrency",
    "2",
    "--duration",
    "300s",
    // Stated, not discovered: without the key the server's /v1/models refuses to say.
    "--time-scale",
    "0.01",
    "--workers",
    "0",
    "--out",
    join(dir, out),
    ...more,
  ];

  it("exits 1 and says why when no request completes (no key)", async () => {
    const r = await tokensim({ TOKENSIM_API_KEY: "" }, ...args("nokey.json"));
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/no request completed and no token came back \(http_4xx=\d+\)/);
    expect(r.stderr).toMatch(/missing API key: set it in \$TOKENSIM_API_KEY/);
    // nothing lost: the profile with its error counts is still written
    const p = JSON.parse(readFileSync(join(dir, "nokey.json"), "utf8"));
    expect(p.points[0].errorsByKind.http_4xx).toBeGreaterThan(0);
    expect(p.points[0].outputTokensPerSec).toBe(0);
  });

  it("sends the key from the environment variable, on chat and on completions", async () => {
    for (const api of ["chat", "completions"]) {
      const r = await tokensim(
        { MY_KEY: "secret" },
        ...args(`${api}.json`, "--api-key-env", "MY_KEY", "--api", api),
      );
      expect(r.code, r.stderr).toBe(0);
      const p = JSON.parse(readFileSync(join(dir, `${api}.json`), "utf8"));
      const hw = Object.values(p.hardware)[0] as { throughputTokensPerSec: number };
      expect(hw.throughputTokensPerSec).toBeGreaterThan(0);
      expect(p.points[0].requests.errors).toBe(0);
    }
  });

  it("refuses an --out it cannot write before measuring anything", async () => {
    const r = await tokensim({}, ...args("nokey.json/sub.json"));
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/--out .*sub\.json: cannot write the profile there/);
    expect(r.stderr).not.toMatch(/concurrency=2:/); // no level was measured
  });
});

describe("tokensim calibrate against a server that refuses half of the requests", () => {
  let half: Server;
  let url: string;
  beforeAll(async () => {
    // every other completion is a 400 (as a context overflow without its limit would be)
    let n = 0;
    half = createServer((req, res) => {
      req.resume();
      if (req.method === "GET") {
        res.writeHead(req.url === "/v1/models" ? 200 : 404, { "content-type": "application/json" });
        return res.end(JSON.stringify({ data: [{ id: "m" }] }));
      }
      if (n++ % 2 === 0) {
        res.writeHead(400, { "content-type": "application/json" });
        return res.end('{"error":{"message":"no"}}');
      }
      res.writeHead(200, { "content-type": "text/event-stream" });
      const chunk = { choices: [{ index: 0, delta: { content: "a b " } }] };
      res.write(`data: ${JSON.stringify(chunk)}\n\n`);
      res.write(`data: ${JSON.stringify({ choices: [], usage: { completion_tokens: 2 } })}\n\n`);
      res.end("data: [DONE]\n\n");
    });
    await new Promise<void>((r) => half.listen(0, "127.0.0.1", r));
    url = `http://127.0.0.1:${(half.address() as AddressInfo).port}`;
  }, 60_000);
  afterAll(async () => {
    half.closeAllConnections();
    await new Promise<void>((r) => half.close(() => r()));
  }, 60_000);

  const args = (out: string, ...more: string[]) => [
    "calibrate",
    "--backend",
    url,
    "--concurrency",
    "2",
    "--duration",
    "1s",
    "--warmup",
    "0s",
    "--workers",
    "0",
    "--quiet",
    "--out",
    join(dir, out),
    ...more,
  ];

  it("exits 3 with one line naming the failure rate, and marks the profile degraded", async () => {
    const r = await tokensim({}, ...args("half.json"));
    expect(r.code, r.stderr).toBe(3);
    const lines = r.stderr.trim().split("\n");
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(
      /^tokensim calibrate: \d+\.\d% of requests failed at concurrency=2 \(http_4xx=\d+\), above --max-error-rate 0\.05; .*half\.json is marked "degraded": true$/,
    );
    const p = JSON.parse(readFileSync(join(dir, "half.json"), "utf8"));
    expect(p.degraded).toBe(true);
    expect(p.points[0].failureRate).toBeGreaterThan(0.3);
    expect(p.errorBudget.levelsOver).toEqual([2]);
  }, 60_000);

  it("exits 0 when --max-error-rate allows it", async () => {
    const r = await tokensim({}, ...args("half-ok.json", "--max-error-rate", "0.9"));
    expect(r.code, r.stderr).toBe(0);
    expect(JSON.parse(readFileSync(join(dir, "half-ok.json"), "utf8")).degraded).toBe(false);
  }, 60_000);

  it("refuses a --max-error-rate that is not a share", async () => {
    const r = await tokensim({}, ...args("x.json", "--max-error-rate", "5"));
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/--max-error-rate must be ≤ 1/);
  }, 60_000);
});
