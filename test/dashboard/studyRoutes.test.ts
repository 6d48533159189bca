/**
 * The server's study and analysis routes (inject, no network): the list of
 * optimize and stress folders, one study shaped for its charts, a sweep's
 * analysis; path traversal, links out of the results and damaged files refused.
 */
import {
  cpSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  rmSync,
  symlinkSync,
  writeFileSync,
} from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { FastifyInstance } from "fastify";
import { afterEach, describe, expect, it } from "vitest";
import { buildApp, type DashboardApp } from "../../dashboard/server/app.ts";
import { HINDCAST, STUDIES, writeHindcastStudy, writeStudies } from "./studyFixtures.ts";
import { writeSyntheticSaltelli } from "./syntheticAnalysis.ts";
import { writeSyntheticSweep } from "./syntheticResult.ts";

const PAGE = { html: "<!doctype html><title>t</title>", js: "console.log(1)", css: "body{}" };

let current: DashboardApp | undefined;
afterEach(async () => {
  await current?.app.close();
  current = undefined;
});

function setup() {
  const root = mkdtempSync(join(tmpdir(), "tokensim-studies-server-"));
  const results = join(root, "results");
  mkdirSync(results);
  writeStudies(results);
  writeSyntheticSaltelli(join(results, "gsa"));
  writeSyntheticSweep(join(results, "syn"));
  current = buildApp({ resultsDir: results, page: PAGE, workers: 0, dataThreads: 0 });
  return { app: current.app, results, root };
}

const json = (r: { body: string }) => JSON.parse(r.body);

async function status(app: FastifyInstance, url: string) {
  const r = await app.inject(url);
  return { code: r.statusCode, message: String(json(r).message ?? "") };
}

describe("study routes", () => {
  it("lists the optimize, stress and comparison folders, and no sweep", async () => {
    const { app } = setup();
    const list = json(await app.inject("/api/studies"));
    expect(list.map((s: { id: string; kind: string }) => [s.id, s.kind])).toEqual([
      ["opt-pareto", "optimize"],
      ["opt-single", "optimize"],
      ["stress", "stress"],
      ["stress-compare", "stress-compare"],
      ["stress-traj", "stress"],
    ]);
    expect(list[3].summary).toBe("breaking points by emission.policy: fixed, burnPegged");
    expect(list[3].scenario).toBe("crash-death-spiral");
    // the results list is unchanged: sweeps and runs only
    const results = json(await app.inject("/api/results"));
    expect(results.map((r: { id: string }) => r.id)).toEqual(["gsa", "syn"]);
  });

  it("serves an optimisation shaped for its charts: convergence, finalists, the chosen one", async () => {
    const { app } = setup();
    const single = json(await app.inject("/api/studies/opt-single"));
    expect(single.kind).toBe("optimize");
    expect(single.view.kind).toBe("optimize");
    expect(single.view.convergence[0]).toHaveLength(5);
    expect(single.view.candidates).toHaveLength(20);
    expect(single.view.chosen).toBe(0);
    const pareto = json(await app.inject("/api/studies/opt-pareto"));
    expect(pareto.view.objectives.map((o: { statistic: string }) => o.statistic)).toEqual([
      "median(priceEndUsd)",
      "quantile(maxDrawdownPct,0.9)",
    ]);
    expect(pareto.view.finalists.map((f: { dominated: boolean }) => f.dominated)).toEqual([
      false,
      true,
    ]);
  });

  it("serves a stress search and a comparison; a study still running has view null", async () => {
    const { app, results } = setup();
    const stress = json(await app.inject("/api/studies/stress"));
    expect(stress.view.kind).toBe("stress");
    expect(stress.view.breakingPoint).toBe(0);
    expect(stress.view.frontier.length).toBeGreaterThan(1);
    expect(stress.view.trajectories).toBeNull();
    const traj = json(await app.inject("/api/studies/stress-traj"));
    expect(traj.view.trajectories.series).toHaveLength(3);
    expect(traj.view.trajectories.days).toHaveLength(48);
    const compare = json(await app.inject("/api/studies/stress-compare"));
    expect(compare.view.values.map((v: { value: string }) => v.value)).toEqual([
      "fixed",
      "burnPegged",
    ]);
    expect(compare.view.values[0].view.kind).toBe("stress");
    mkdirSync(join(results, "running"));
    cpSync(join(STUDIES, "opt-single/study.json"), join(results, "running/study.json"));
    const running = json(await app.inject("/api/studies/running"));
    expect(running).toMatchObject({ kind: "optimize", complete: false, view: null });
  });

  it("refuses path traversal and links out of the results; 404 for a folder that is no study", async () => {
    const { app, results, root } = setup();
    mkdirSync(join(root, "secret"));
    cpSync(join(STUDIES, "opt-single"), join(root, "secret"), { recursive: true });
    symlinkSync(join(root, "secret"), join(results, "escape"));
    for (const url of [
      "/api/studies/..%2Fsecret",
      "/api/studies/.hidden",
      "/api/studies/a..b",
      "/api/studies/escape",
    ]) {
      const r = await status(app, url);
      expect(r.code, url).toBe(400);
      expect(r.message).not.toContain(root);
    }
    // an encoded ".." is a dot segment: resolved before routing, it reaches no study route
    expect(await status(app, "/api/studies/%2E%2E")).toEqual({
      code: 404,
      message: "no route GET /api/",
    });
    expect((await status(app, "/api/studies/syn")).code).toBe(404);
    expect((await status(app, "/api/studies/nothing")).code).toBe(404);
    const listed = json(await app.inject("/api/studies")).map((s: { id: string }) => s.id);
    expect(listed).not.toContain("escape");
    // a study's file linked out of its folder: refused, never read or quoted
    rmSync(join(results, "opt-single/history.arrow"));
    symlinkSync(join(root, "secret/history.arrow"), join(results, "opt-single/history.arrow"));
    const linked = await status(app, "/api/studies/opt-single");
    expect(linked.code).toBe(400);
    expect(linked.message).toMatch(/history.arrow links out of its result folder/);
    expect(linked.message).not.toContain(root);
    // a trajectory file that stress.json names out of the folder: refused
    const sj = join(results, "stress-traj/stress.json");
    const s = JSON.parse(readFileSync(sj, "utf8"));
    s.trajectories.baseline = "../../secret/history.arrow";
    writeFileSync(sj, JSON.stringify(s));
    const out = await status(app, "/api/studies/stress-traj");
    expect(out.code).toBe(400);
    expect(out.message).not.toContain(root);
    // a compared value's folder linked out: refused
    rmSync(join(results, "stress-compare/emission.policy=fixed"), { recursive: true });
    symlinkSync(join(root, "secret"), join(results, "stress-compare/emission.policy=fixed"));
    expect((await status(app, "/api/studies/stress-compare")).code).toBe(400);
  });

  it("answers a damaged study with 422 naming the file", async () => {
    const { app, results } = setup();
    writeFileSync(join(results, "stress/stress.json"), "{ not json");
    const r = await status(app, "/api/studies/stress");
    expect(r.code).toBe(422);
    expect(r.message).toMatch(/^stress\.json cannot be read/);
    writeFileSync(join(results, "opt-single/optimize.json"), JSON.stringify({ format: "x" }));
    expect((await status(app, "/api/studies/opt-single")).message).toBe(
      "optimize.json is not a tokensim optimisation result",
    );
    writeFileSync(join(results, "opt-pareto/history.arrow"), "not arrow");
    const h = await status(app, "/api/studies/opt-pareto");
    expect(h.code).toBe(422);
    expect(h.message).toMatch(/^history\.arrow cannot be read/);
  });
});

describe("fit and counterfactual folders", () => {
  it("are listed as hindcast studies and served with their series; links out and damage refused", async () => {
    const { app, results, root } = setup();
    writeHindcastStudy(join(results, "fit-helium"));
    writeHindcastStudy(join(results, "cf-helium"), true);
    const list = json(await app.inject("/api/studies"));
    const kinds = Object.fromEntries(
      list.map((x: { id: string; kind: string; summary: string }) => [x.id, [x.kind, x.summary]]),
    );
    expect(kinds["fit-helium"]).toEqual([
      "hindcast",
      "fit: observed against simulated (providersActive)",
    ]);
    expect(kinds["cf-helium"]![1]).toMatch(/^counterfactual:/);
    const fit = json(await app.inject("/api/studies/fit-helium"));
    expect(fit.view.kind).toBe("hindcast");
    expect(fit.view.counterfactual).toBe(false);
    expect(fit.view.hindcast.series[0].observed).toEqual([10, 20, 30]);
    expect(json(await app.inject("/api/studies/cf-helium")).view.counterfactual).toBe(true);
    // bands that do not match the dates: 422 naming the file
    const bad = structuredClone(HINDCAST);
    bad.series[0]!.bands[0]!.p50 = [1];
    writeFileSync(join(results, "fit-helium/hindcast.json"), JSON.stringify(bad));
    const damaged = await status(app, "/api/studies/fit-helium");
    expect(damaged.code).toBe(422);
    expect(damaged.message).toMatch(/fit-helium\/hindcast.json: not a hindcast/);
    // hindcast.json linked out of its folder: refused, never read or quoted
    mkdirSync(join(root, "secret"));
    writeFileSync(join(root, "secret/hindcast.json"), JSON.stringify(HINDCAST));
    rmSync(join(results, "fit-helium/hindcast.json"));
    symlinkSync(join(root, "secret/hindcast.json"), join(results, "fit-helium/hindcast.json"));
    const linked = await status(app, "/api/studies/fit-helium");
    expect(linked.code).toBe(400);
    expect(linked.message).not.toContain(root);
  });
});

describe("analysis route", () => {
  it("serves a sweep's analysis with its axis names, and says so on the result", async () => {
    const { app } = setup();
    expect(json(await app.inject("/api/results/gsa")).analysis).toBe(true);
    expect(json(await app.inject("/api/results/syn")).analysis).toBe(false);
    const a = json(await app.inject("/api/results/gsa/analysis"));
    expect(a.analysis.format).toBe("tokensim-analysis/1");
    expect(a.points).toHaveLength(20);
    expect(Object.keys(a.params).sort()).toEqual([
      "emission.tokensPerEpoch",
      "verification.sampleRate",
      "verification.slashFraction",
    ]);
    expect(a.outcomes.pSpiral).toEqual({ name: "P(death spiral)", unit: "share of runs" });
    const none = await status(app, "/api/results/syn/analysis");
    expect(none.code).toBe(404);
    expect(none.message).toMatch(/has no analysis.json/);
  });

  it("reads only inside the result folder: traversal and a linked analysis.json refused", async () => {
    const { app, results, root } = setup();
    writeFileSync(join(root, "analysis.json"), JSON.stringify({ format: "tokensim-analysis/1" }));
    for (const url of ["/api/results/..%2Fgsa/analysis", "/api/results/.gsa/analysis"])
      expect((await status(app, url)).code, url).toBe(400);
    rmSync(join(results, "gsa/analysis.json"));
    symlinkSync(join(root, "analysis.json"), join(results, "gsa/analysis.json"));
    const linked = await status(app, "/api/results/gsa/analysis");
    expect(linked.code).toBe(400);
    expect(linked.message).toMatch(/analysis.json links out of its result folder: refused/);
    expect(linked.message).not.toContain(root);
    rmSync(join(results, "gsa/analysis.json"));
    writeFileSync(join(results, "gsa/analysis.json"), "[");
    const bad = await status(app, "/api/results/gsa/analysis");
    expect(bad.code).toBe(422);
    expect(bad.message).toMatch(/^analysis\.json cannot be read/);
    writeFileSync(join(results, "gsa/analysis.json"), JSON.stringify({ format: "other" }));
    expect((await status(app, "/api/results/gsa/analysis")).code).toBe(422);
  });
});
