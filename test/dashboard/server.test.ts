import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  rmSync,
  symlinkSync,
  writeFileSync,
} from "node:fs";
import { get } from "node:http";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { FastifyInstance } from "fastify";
import { afterEach, describe, expect, it } from "vitest";
import { main } from "../../cli/main.ts";
import { readArrow } from "../../dashboard/data/arrowTable.ts";
import { buildApp, type DashboardApp } from "../../dashboard/server/app.ts";
import { sweepPaths } from "../../engine/sweep/manifest.ts";
import { writeSyntheticSweep } from "./syntheticResult.ts";

const PAGE = { html: "<!doctype html><title>t</title>", js: "console.log(1)", css: "body{}" };

let current: DashboardApp | undefined;
afterEach(async () => {
  await current?.app.close();
  current = undefined;
});

function setup(opts: { maxActive?: number; calibrationDir?: string; workers?: number } = {}) {
  const root = mkdtempSync(join(tmpdir(), "tokensim-server-"));
  const results = join(root, "results");
  mkdirSync(results);
  writeSyntheticSweep(join(results, "syn"));
  current = buildApp({ resultsDir: results, page: PAGE, workers: opts.workers ?? 0, ...opts });
  return { app: current.app, sweeps: current.sweeps, results, root };
}

const json = (r: { body: string }) => JSON.parse(r.body);

async function expect400(
  app: FastifyInstance,
  method: "GET" | "POST",
  url: string,
  payload?: unknown,
  text?: RegExp,
) {
  const r = await app.inject({
    method,
    url,
    ...(payload !== undefined ? { payload: payload as object } : {}),
  });
  expect(r.statusCode, `${method} ${url}: ${r.body}`).toBe(400);
  const body = json(r);
  expect(body.error).toBe("Bad Request");
  if (text) expect(body.message).toMatch(text);
  return body;
}

const small = { scenario: "crash-death-spiral", runs: 1, sets: { "sim.steps": 24 } };

/** Launches a 20-run sweep and resolves once `done` runs have finished (the sweep goes on). */
async function launchAndWait(app: FastifyInstance, sweeps: DashboardApp["sweeps"], done: number) {
  const state = json(
    await app.inject({
      method: "POST",
      url: "/api/sweeps",
      payload: { ...small, runs: 20, sets: { "sim.steps": 240 } },
    }),
  );
  await new Promise<void>((resolve) => {
    const off = sweeps.subscribe(state.id, (_e, s) => {
      if (s.done >= done) {
        off();
        resolve();
      }
    });
  });
  return state;
}

describe("dashboard server", () => {
  it("serves the page, the bundle and the stylesheet", async () => {
    const { app } = setup();
    const page = await app.inject("/");
    expect(page.statusCode).toBe(200);
    expect(page.headers["content-type"]).toMatch(/text\/html/);
    expect((await app.inject("/app.js")).headers["content-type"]).toMatch(/javascript/);
    expect((await app.inject("/app.css")).body).toBe("body{}");
    expect(json(await app.inject("/api/health"))).toEqual({ ok: true });
    const missing = await app.inject("/nope");
    expect(missing.statusCode).toBe(404);
    expect(json(missing).message).toMatch(/no route GET \/nope/);
  });

  it("lists scenarios and a scenario's parameter schema; bad or unknown names are 400/404", async () => {
    const { app } = setup();
    const list = json(await app.inject("/api/scenarios"));
    expect(list.map((s: { name: string }) => s.name)).toContain("baseline");
    const base = json(await app.inject("/api/scenarios/baseline"));
    const rate = base.params.find((p: { key: string }) => p.key === "verification.sampleRate");
    expect(rate).toMatchObject({ kind: "number", unit: "fraction", minimum: 0, maximum: 1 });
    expect(base.params.find((p: { key: string }) => p.key === "emission.policy").options).toContain(
      "burnPegged",
    );
    expect((await app.inject("/api/scenarios/nope")).statusCode).toBe(404);
    await expect400(app, "GET", "/api/scenarios/..%2Fengine%2Fscenario");
  });

  it("lists results and describes one", async () => {
    const { app } = setup();
    const list = json(await app.inject("/api/results"));
    expect(list).toEqual([
      expect.objectContaining({ id: "syn", kind: "sweep", runsDone: 6, complete: true }),
    ]);
    const syn = json(await app.inject("/api/results/syn"));
    expect(syn.runs).toHaveLength(6);
    expect(syn.runs[5]).toMatchObject({ point: 1, run: 2, deathSpirals: 1 });
    expect((await app.inject("/api/results/nothing")).statusCode).toBe(404);
  });

  it("refuses path traversal through result ids and file names", async () => {
    const { app, results, root } = setup();
    mkdirSync(join(root, "secret"));
    writeFileSync(join(root, "secret", "summary.json"), "{}");
    symlinkSync(join(root, "secret"), join(results, "escape"));
    // a URL's dot segments are resolved before routing: nothing outside /api/results is reached
    expect((await app.inject("/api/results/..")).statusCode).toBe(404);
    for (const url of [
      "/api/results/..%2Fsecret",
      "/api/results/.hidden",
      "/api/results/escape",
      "/api/results/syn/tables/..%2F..%2Fsecret",
      "/api/results/syn/tables/manifest",
      "/api/results/%2Fetc%2Fpasswd/tables/runs",
      "/api/calibration/..%2Fprofile",
    ])
      await expect400(app, "GET", url);
  });

  it("answers damaged result folders, malformed bodies and odd numbers with clear 4xx", async () => {
    const { app, results } = setup();
    mkdirSync(join(results, "broken"));
    writeFileSync(join(results, "broken", "manifest.json"), "{");
    mkdirSync(join(results, "halfsum"));
    writeFileSync(join(results, "halfsum", "summary.json"), "{}");
    for (const url of ["/api/results/broken", "/api/results/broken/points/0"]) {
      const r = await app.inject(url);
      expect(r.statusCode, url).toBe(422);
      expect(json(r).message).toMatch(/broken\/manifest\.json cannot be read/);
    }
    // a summary without death-spiral events is read as a run without any
    expect((await app.inject("/api/results/halfsum/points/0")).statusCode).toBe(200);
    // the listing leaves out what it cannot read, and keeps the rest
    const ids = json(await app.inject("/api/results")).map((r: { id: string }) => r.id);
    expect(ids).toContain("syn");
    expect(ids).not.toContain("broken");
    const bad = await app.inject({
      method: "POST",
      url: "/api/sweeps",
      headers: { "content-type": "application/json" },
      payload: "not json",
    });
    expect(bad.statusCode).toBe(400);
    expect(json(bad).error).toBe("Bad Request");
    for (const url of [
      "/api/results/syn/points/0x1",
      "/api/results/syn/points/%20",
      "/api/results/syn/points/1e0/fan.arrow",
      "/api/results/syn/points/0/runs/-1/steps",
    ])
      await expect400(app, "GET", url, undefined, /whole number written in decimal/);
  });

  it("serves a single run's result (tokensim run) like a one-point sweep", async () => {
    const { app, results } = setup();
    expect(
      await main([
        "run",
        "baseline",
        "--steps",
        "48",
        "--set",
        "providers.initial=100",
        "--out",
        join(results, "single"),
        "--quiet",
      ]),
    ).toBe(0);
    const info = json(await app.inject("/api/results/single"));
    expect(info).toMatchObject({ id: "single", kind: "run", scenario: "baseline", runsDone: 1 });
    const point = await app.inject("/api/results/single/points/0");
    expect(point.statusCode).toBe(200);
    const fan = await app.inject("/api/results/single/points/0/fan.arrow");
    expect(readArrow(fan.rawPayload).numRows).toBe(48);
    const csv = await app.inject("/api/results/single/points/0/runs/0/steps?format=csv");
    expect(csv.body.trim().split("\n")).toHaveLength(49);
    const table = await app.inject("/api/results/single/tables/steps");
    expect(table.headers["content-type"]).toMatch(/arrow/);
  });

  it("serves a point's spirals (JSON) and fan bands (Arrow IPC)", async () => {
    const { app } = setup();
    const meta = json(await app.inject("/api/results/syn/points/1"));
    expect(meta.shocks).toEqual([]); // its scenario cannot be loaded: no shocks drawn
    expect(meta).toMatchObject({
      point: 1,
      runs: 3,
      spiralledRuns: 1,
      stepHours: 1,
      values: { "emission.tokensPerEpoch": 2000 },
    });
    const fan = await app.inject("/api/results/syn/points/1/fan.arrow");
    expect(fan.headers["content-type"]).toBe("application/vnd.apache.arrow.file");
    const cols = readArrow(fan.rawPayload);
    expect(cols.numRows).toBe(48);
    expect(cols.names).toContain("priceUsd:p95");
    expect(cols.get("spiralActive:mean")![30]).toBeCloseTo(1 / 3);
    expect((await app.inject("/api/results/syn/points/9/fan.arrow")).statusCode).toBe(404);
    await expect400(app, "GET", "/api/results/syn/points/x/fan.arrow", undefined, /point/);
    await expect400(app, "GET", "/api/results/syn/points/-1");
  });

  it("serves the heatmap table: sweep.arrow plus the median provider profit at the end", async () => {
    const { app } = setup();
    const r = await app.inject("/api/results/syn/heatmap.arrow");
    expect(r.statusCode).toBe(200);
    const cols = readArrow(r.rawPayload);
    expect(cols.names).toEqual([
      "point",
      "param.emission.tokensPerEpoch",
      "pDeathSpiral",
      "priceEndUsd_p50",
      "providerProfitEndUsdPerHour_p50",
    ]);
    expect(Array.from(cols.get("providerProfitEndUsdPerHour_p50")!)).toEqual([0.35, 0.5]);
    await expect400(app, "GET", "/api/results/.x/heatmap.arrow");
    expect((await app.inject("/api/results/none/heatmap.arrow")).statusCode).toBe(404);
  });

  it("downloads tables and per-run steps as Arrow or CSV", async () => {
    const { app } = setup();
    const arrow = await app.inject("/api/results/syn/tables/sweep");
    expect(arrow.headers["content-disposition"]).toBe('attachment; filename="syn-sweep.arrow"');
    expect(readArrow(arrow.rawPayload).names).toContain("pDeathSpiral");
    const csv = await app.inject("/api/results/syn/tables/sweep?format=csv");
    expect(csv.headers["content-type"]).toMatch(/text\/csv/);
    expect(csv.body.split("\n")[0]).toBe(
      "point,param.emission.tokensPerEpoch,pDeathSpiral,priceEndUsd_p50",
    );
    expect(csv.body.split("\n")[1]).toBe("0,1000,0,1.5");
    const steps = await app.inject("/api/results/syn/points/1/runs/2/steps?format=csv");
    expect(steps.body.split("\n")).toHaveLength(50);
    expect((await app.inject("/api/results/syn/points/1/runs/7/steps")).statusCode).toBe(404);
    expect((await app.inject("/api/results/syn/tables/runs")).statusCode).toBe(404);
    await expect400(app, "GET", "/api/results/syn/tables/sweep?format=xml", undefined, /format/);
    await expect400(app, "GET", "/api/results/syn/tables/sweep?extra=1");
  });

  it("lists calibration profiles and serves one", async () => {
    const calib = mkdtempSync(join(tmpdir(), "tokensim-calib-"));
    writeFileSync(join(calib, "not-a-profile.json"), "{}");
    const args = [
      "calibrate",
      "--backend",
      "emulated:rtx4090:llama3-8b",
      "--concurrency",
      "1,8,32",
    ];
    expect(await main([...args, "--duration", "5s", "--out", join(calib, "rtx4090.json")])).toBe(0);
    const { app } = setup({ calibrationDir: calib });
    const list = json(await app.inject("/api/calibration"));
    expect(list).toEqual([
      { name: "rtx4090", hardwareClass: "rtx4090", model: "llama3-8b", points: 3 },
    ]);
    const one = json(await app.inject(`/api/calibration/${list[0].name}`));
    expect(one.schemaVersion).toBe(1);
    expect(one.points.length).toBe(list[0].points);
    expect((await app.inject("/api/calibration/none")).statusCode).toBe(404);
  });

  it("rejects bad launches with clear 400s, in the schema and in the engine's check", async () => {
    const { app } = setup();
    await expect400(app, "POST", "/api/sweeps", {}, /runs|scenario/);
    await expect400(app, "POST", "/api/sweeps", { scenario: "baseline" }, /runs/);
    await expect400(
      app,
      "POST",
      "/api/sweeps",
      { scenario: "baseline", runs: 0 },
      /runs must be >= 1/,
    );
    await expect400(
      app,
      "POST",
      "/api/sweeps",
      { scenario: "baseline", runs: 1, extra: 1 },
      /additional/,
    );
    await expect400(app, "POST", "/api/sweeps", { scenario: "../x", runs: 1 }, /scenario/);
    await expect400(
      app,
      "POST",
      "/api/sweeps",
      { ...small, sets: { "verification.sampleRate": 2 } },
      /verification.sampleRate=2/,
    );
    await expect400(
      app,
      "POST",
      "/api/sweeps",
      { ...small, sets: { "verification.sampelRate": 0.1 } },
      /unknown parameter/,
    );
    await expect400(
      app,
      "POST",
      "/api/sweeps",
      { ...small, grid: [{ key: "emission.policy", values: ["nope"] }] },
      /point 0/,
    );
    await expect400(
      app,
      "POST",
      "/api/sweeps",
      { ...small, runs: 200, grid: [{ key: "a.b", values: [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11] }] },
      /at most 2000/,
    );
    await expect400(app, "POST", "/api/sweeps", { ...small, sets: { "sim.steps": "1;rm" } });
    expect(
      (
        await app.inject({
          method: "POST",
          url: "/api/sweeps",
          payload: { ...small, scenario: "nope" },
        })
      ).statusCode,
    ).toBe(404);
    await expect400(app, "GET", "/api/sweeps/..%2Fx");
    expect((await app.inject("/api/sweeps/none")).statusCode).toBe(404);
    expect((await app.inject("/api/sweeps/none/events")).statusCode).toBe(404);
  });

  it("runs a sweep, reports progress by server-sent events, and writes the result", async () => {
    const { app, sweeps, results } = setup();
    const r = await app.inject({
      method: "POST",
      url: "/api/sweeps",
      payload: {
        ...small,
        runs: 2,
        grid: [{ key: "emission.policy", values: ["fixed", "burnPegged"] }],
      },
    });
    expect(r.statusCode).toBe(202);
    const state = json(r);
    expect(state).toMatchObject({ id: "crash-death-spiral-001", status: "running", total: 4 });
    expect(r.headers.location).toBe("/api/sweeps/crash-death-spiral-001");
    const events = await app.inject(`/api/sweeps/${state.id}/events`);
    expect(events.headers["content-type"]).toBe("text/event-stream");
    expect(events.body).toMatch(/^event: progress\ndata: \{/);
    expect(events.body).toContain("event: done");
    const done = await sweeps.wait(state.id);
    expect(done).toMatchObject({ status: "done", done: 4, failedRuns: 0 });
    expect(json(await app.inject(`/api/sweeps/${state.id}`)).status).toBe("done");
    expect(json(await app.inject("/api/sweeps"))).toHaveLength(1);
    expect(existsSync(join(results, state.id, "sweep.arrow"))).toBe(true);
    const info = json(await app.inject(`/api/results/${state.id}`));
    expect(info).toMatchObject({ complete: true, runsDone: 4, axes: ["emission.policy"] });
    // the scenario's shock, resolved from the runs' parameters, for the charts
    const point = json(await app.inject(`/api/results/${state.id}/points/1`));
    expect(point.values).toEqual({ "emission.policy": "burnPegged" });
    expect(point.shocks).toEqual([{ label: "market crash −70%", startStep: 720, endStep: 887 }]);
    // a finished sweep's stream sends its end at once
    expect((await app.inject(`/api/sweeps/${state.id}/events`)).body).toContain("event: done");
  });

  it("bounds concurrent sweeps: 429 with Retry-After when full", async () => {
    const { app, sweeps } = setup({ maxActive: 1 });
    // long enough (4 runs of 480 steps) to be still running when the second arrives
    const long = { ...small, runs: 4, sets: { "sim.steps": 480 } };
    const first = await app.inject({ method: "POST", url: "/api/sweeps", payload: long });
    expect(first.statusCode).toBe(202);
    const second = await app.inject({ method: "POST", url: "/api/sweeps", payload: small });
    expect(second.statusCode).toBe(429);
    expect(Number(second.headers["retry-after"])).toBeGreaterThan(0);
    expect(json(second).message).toMatch(/too many sweeps/);
    // bad input is still a 400 while busy, not "retry later"
    await expect400(
      app,
      "POST",
      "/api/sweeps",
      { ...small, sets: { "sim.steps": -5 } },
      /sim\.steps/,
    );
    await sweeps.wait(json(first).id);
    expect(
      (await app.inject({ method: "POST", url: "/api/sweeps", payload: small })).statusCode,
    ).toBe(202);
  });

  it("keeps a sweep going when a watching client disconnects", async () => {
    const { app, sweeps } = setup({ workers: 1 });
    await app.listen({ host: "127.0.0.1", port: 0 });
    const port = (app.server.address() as { port: number }).port;
    const payload = { ...small, runs: 4, sets: { "sim.steps": 240 } };
    const state = json(await app.inject({ method: "POST", url: "/api/sweeps", payload }));
    const firstChunk = await new Promise<string>((resolve, reject) => {
      const req = get(
        { host: "127.0.0.1", port, path: `/api/sweeps/${state.id}/events` },
        (res) => {
          res.once("data", (d: Buffer) => {
            req.destroy(); // the watcher leaves
            resolve(d.toString());
          });
        },
      );
      req.on("error", reject);
    });
    expect(firstChunk).toContain("event: progress");
    expect(sweeps.get(state.id)?.status).toBe("running");
    // the runs are on the worker thread: the server answers at once meanwhile
    const t0 = performance.now();
    expect((await app.inject("/api/health")).statusCode).toBe(200);
    expect(performance.now() - t0).toBeLessThan(500);
    expect(sweeps.get(state.id)?.status).toBe("running");
    const done = await sweeps.wait(state.id);
    expect(done).toMatchObject({ status: "done", done: 4 });
  });

  it("shuts down gracefully: runs in flight finish and every finished run is kept", async () => {
    // on a worker thread, as `tokensim serve` runs them
    const { app, sweeps, results } = setup({ workers: 1 });
    const state = await launchAndWait(app, sweeps, 2);
    await app.close();
    current = undefined;
    const end = await sweeps.wait(state.id);
    expect(end?.status).toBe("interrupted");
    expect(end!.done).toBeGreaterThanOrEqual(2);
    expect(end!.done).toBeLessThan(20);
    const dir = join(results, state.id);
    const kept = readdirSync(sweepPaths(dir).summaries).filter((f) => f.endsWith(".json"));
    expect(kept).toHaveLength(end!.done);
    for (let run = 0; run < end!.done; run++)
      expect(existsSync(sweepPaths(dir).steps(0, run))).toBe(true);
  });

  it("never serves or quotes a file through a link out of the results, and lists no linked folder", async () => {
    const { app, results, root } = setup();
    const secret = join(root, "secret.txt");
    writeFileSync(secret, "root:x:0:0:secret");
    // A table, a run record and a manifest that link out of their result folder.
    const dir = join(results, "syn");
    rmSync(join(dir, "sweep.arrow"));
    symlinkSync(secret, join(dir, "sweep.arrow"));
    const leak = await app.inject("/api/results/syn/tables/sweep");
    expect(leak.statusCode).toBe(400);
    expect(leak.body).not.toMatch(/secret|root:x/);
    expect(json(leak).message).toMatch(/links out of its result folder: refused/);
    // A folder linked in from outside the results is not listed, nor read.
    mkdirSync(join(root, "outside"));
    writeSyntheticSweep(join(root, "outside", "sweep"));
    symlinkSync(join(root, "outside", "sweep"), join(results, "linked"));
    // A dangling link is not a result either, and breaks nothing.
    symlinkSync(join(root, "nowhere"), join(results, "dangling"));
    const ids = json(await app.inject("/api/results")).map((r: { id: string }) => r.id);
    expect(ids).toContain("syn");
    expect(ids).not.toContain("linked");
    expect(ids).not.toContain("dangling");
    const summaries = sweepPaths(dir).summaries;
    const first = readdirSync(summaries).find((f) => f.endsWith(".json"))!;
    rmSync(join(summaries, first));
    symlinkSync(secret, join(summaries, first));
    const point = await app.inject("/api/results/syn/points/0/fan.arrow");
    expect(point.statusCode).toBe(400);
    expect(point.body).not.toMatch(/root:x/);
  });

  it("refuses a launch over the budget with 422 before anything runs", async () => {
    const root = mkdtempSync(join(tmpdir(), "tokensim-budget-"));
    current = buildApp({
      resultsDir: root,
      page: PAGE,
      workers: 0,
      maxProviderSteps: 1e6,
      maxOutputBytes: 5e4,
    });
    const { app } = current;
    const big = await app.inject({
      method: "POST",
      url: "/api/sweeps",
      payload: { scenario: "baseline", runs: 10, sets: { "sim.steps": 8760 } },
    });
    expect(big.statusCode).toBe(422);
    expect(json(big).message).toMatch(
      /provider-steps \(runs × steps × providers\).*allows 1\.00e\+6/,
    );
    const wide = await app.inject({
      method: "POST",
      url: "/api/sweeps",
      payload: {
        scenario: "baseline",
        runs: 1,
        sets: { "sim.steps": 100, "providers.initial": 10, "providers.maxTotal": 10 },
      },
    });
    expect(wide.statusCode).toBe(422);
    expect(json(wide).message).toMatch(/GB of per-step output/);
    expect(readdirSync(root)).toEqual([]); // nothing started, nothing written
  });

  it("cancels a running sweep: runs in flight finish, finished runs are kept", async () => {
    const { app, sweeps, results } = setup({ workers: 1 });
    const state = await launchAndWait(app, sweeps, 1);
    const r = await app.inject({ method: "POST", url: `/api/sweeps/${state.id}/cancel` });
    expect(r.statusCode).toBe(202);
    const end = await sweeps.wait(state.id);
    expect(end?.status).toBe("cancelled");
    expect(end!.message).toMatch(/cancelled at \d+\/20 runs; every finished run is kept/);
    expect(end!.done).toBeLessThan(20);
    const kept = readdirSync(sweepPaths(join(results, state.id)).summaries);
    expect(kept.filter((f) => f.endsWith(".json"))).toHaveLength(end!.done);
    expect((await app.inject({ method: "POST", url: "/api/sweeps/nope/cancel" })).statusCode).toBe(
      404,
    );
  });

  it("answers only to its own host and origin, with security headers", async () => {
    const { app } = setup();
    const ok = await app.inject({ url: "/api/health", headers: { host: "127.0.0.1:8080" } });
    expect(ok.statusCode).toBe(200);
    expect(ok.headers["content-security-policy"]).toMatch(
      /default-src 'self'.*frame-ancestors 'none'/,
    );
    expect(ok.headers["x-content-type-options"]).toBe("nosniff");
    expect(ok.headers["x-frame-options"]).toBe("DENY");
    // DNS rebinding: a page on another site that resolves its name to 127.0.0.1.
    const rebound = await app.inject({
      url: "/api/results",
      headers: { host: "evil.example:8080" },
    });
    expect(rebound.statusCode).toBe(403);
    expect(json(rebound).message).toMatch(/not this server/);
    // A launch posted by another origin's page is refused; the page's own is not.
    const cross = await app.inject({
      method: "POST",
      url: "/api/sweeps",
      headers: { host: "localhost:8080", origin: "http://evil.example" },
      payload: small,
    });
    expect(cross.statusCode).toBe(403);
    const own = await app.inject({
      method: "POST",
      url: "/api/sweeps",
      headers: { host: "localhost:8080", origin: "http://localhost:8080" },
      payload: small,
    });
    expect(own.statusCode).toBe(202);
  });

  it("beyond loopback, needs its token: bearer, or the cookie the printed URL sets", async () => {
    const root = mkdtempSync(join(tmpdir(), "tokensim-token-"));
    const token = "t0ken-of-the-test-0123";
    expect(() =>
      buildApp({ resultsDir: root, page: PAGE, workers: 0, access: { host: "0.0.0.0" } }),
    ).toThrow(/needs an access token/);
    current = buildApp({
      resultsDir: root,
      page: PAGE,
      workers: 0,
      access: { host: "0.0.0.0", token },
    });
    const { app } = current;
    const host = { host: "server.lan:8080" };
    expect((await app.inject({ url: "/api/results", headers: host })).statusCode).toBe(401);
    const wrong = { ...host, authorization: "Bearer nope" };
    expect((await app.inject({ url: "/api/results", headers: wrong })).statusCode).toBe(401);
    const bearer = { ...host, authorization: `Bearer ${token}` };
    expect((await app.inject({ url: "/api/results", headers: bearer })).statusCode).toBe(200);
    const opened = await app.inject({ url: `/?token=${token}`, headers: host });
    expect(opened.statusCode).toBe(303);
    const cookie = String(opened.headers["set-cookie"]).split(";")[0]!;
    expect(String(opened.headers["set-cookie"])).toMatch(/HttpOnly; SameSite=Strict/);
    const page = await app.inject({ url: "/", headers: { ...host, cookie } });
    expect(page.statusCode).toBe(200);
    expect((await app.inject({ url: "/?token=wrong", headers: host })).statusCode).toBe(401);
  });

  it("answers a table that is not Arrow, or a profile that is not a profile, with 422", async () => {
    const root = mkdtempSync(join(tmpdir(), "tokensim-422-"));
    const results = join(root, "results");
    const calib = join(root, "calib");
    mkdirSync(results);
    mkdirSync(calib);
    writeSyntheticSweep(join(results, "syn"));
    writeFileSync(join(results, "syn", "sweep.arrow"), "not arrow at all");
    writeFileSync(join(calib, "junk.json"), JSON.stringify({ hello: "world" }));
    current = buildApp({ resultsDir: results, calibrationDir: calib, page: PAGE, workers: 0 });
    const { app } = current;
    for (const url of [
      "/api/results/syn/tables/sweep",
      "/api/results/syn/tables/sweep?format=csv",
      "/api/calibration/junk",
    ]) {
      const r = await app.inject(url);
      expect(r.statusCode, url).toBe(422);
      expect(r.body).not.toContain(root); // no server paths in messages
    }
  });
});
