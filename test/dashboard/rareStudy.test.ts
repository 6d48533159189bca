/**
 * A `tokensim rare` folder as a study: its view (rare.json and rare.arrow read
 * back), its line in the study list, the server's route with its guards (path
 * traversal, a folder or a file linked out of the results, damaged files), and
 * `tokensim plot`'s charts of it. The folder is made by `tokensim rare` itself,
 * at a tiny budget.
 */
import {
  cpSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  symlinkSync,
  writeFileSync,
} from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { tableFromIPC } from "apache-arrow";
import { parseHTML } from "linkedom";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { rareChartSet } from "../../dashboard/charts/rareCharts.ts";
import { rareLines, replicaTable } from "../../dashboard/data/rareTables.ts";
import { readRareView } from "../../dashboard/data/rareView.ts";
import { BadNameError, CorruptResultError } from "../../dashboard/data/resultStore.ts";
import { listStudies, studyKind } from "../../dashboard/data/studyFiles.ts";
import { buildApp, type DashboardApp } from "../../dashboard/server/app.ts";
import { cli } from "../cli/inProcess.ts";
import { validationSets } from "../rare/setting.ts";

const PAGE = { html: "<!doctype html><title>t</title>", js: "console.log(1)", css: "body{}" };

let root: string;
/** The rare folder `tokensim rare` wrote; copied into each test's own results folder. */
let made: string;

beforeAll(async () => {
  root = mkdtempSync(join(tmpdir(), "tokensim-rare-study-"));
  made = join(root, "made");
  const sets = [...validationSets(0.02), "sim.steps=300"].flatMap((s) => ["--set", s]);
  const r = await cli(
    "rare",
    "crash-death-spiral",
    "--event",
    "drawdown>0.3",
    ...sets,
    "--particles",
    "6",
    "--replicas",
    "2",
    "--seed",
    "4",
    "--out",
    made,
    "--quiet",
  );
  expect(r.code, r.stderr).toBe(0);
}, 180_000);
afterAll(() => rmSync(root, { recursive: true, force: true }), 30_000);

let current: DashboardApp | undefined;
afterEach(async () => {
  await current?.app.close();
  current = undefined;
}, 30_000);

let n = 0;
/** A fresh results folder holding the rare folder as `rare`. */
function results(): string {
  const dir = join(root, `results-${n++}`);
  mkdirSync(dir);
  cpSync(made, join(dir, "rare"), { recursive: true });
  return dir;
}

const json = (r: { body: string }) => JSON.parse(r.body);

describe("a rare-event folder as a study", () => {
  it("reads rare.json and rare.arrow into its view", () => {
    const dir = join(results(), "rare");
    const file = JSON.parse(readFileSync(join(dir, "rare.json"), "utf8"));
    const arrow = tableFromIPC(readFileSync(join(dir, "rare.arrow")));
    expect(studyKind(dir)).toBe("rare");
    const v = readRareView(dir)!;
    expect(v).toMatchObject({
      kind: "rare",
      scenario: "crash-death-spiral",
      event: "drawdown>0.3",
      particles: 6,
      replicas: 2,
      runs: file.runs,
      steps: file.steps,
      method: file.method,
    });
    expect(v.estimate).toBe(file.estimate);
    expect(v.lower).toBe(file.lower);
    expect(v.upper).toBe(file.upper);
    expect(v.perReplica).toHaveLength(2);
    expect(v.iterations).toHaveLength(arrow.numRows);
    expect(arrow.numRows).toBeGreaterThan(0);
    const logW = arrow.getChild("logWeight")!.toArray() as Float64Array;
    v.iterations.forEach((it, i) => {
      expect(it.probability).toBeCloseTo(Math.exp(logW[i]!), 12);
    });
    // per replica: the killed level climbs and the running estimate falls
    for (const r of [0, 1]) {
      const rows = v.iterations.filter((it) => it.replica === r);
      expect(rows.length).toBe(v.perReplica[r]!.iterations);
      for (let i = 1; i < rows.length; i++) {
        expect(rows[i]!.level).toBeGreaterThanOrEqual(rows[i - 1]!.level);
        expect(rows[i]!.probability).toBeLessThanOrEqual(rows[i - 1]!.probability);
      }
    }
    const lines = rareLines(v);
    expect(lines[0]).toMatch(/^crash-death-spiral: P\(drawdown>0\.3\) = \S+, 95% CI \[/);
    expect(lines.join(" ")).toContain(`seed 4`);
    expect(replicaTable(v).rows.map((r) => r[3])).toEqual(
      file.perReplica.map((p: { status: string }) => p.status),
    );
  });

  it("lists it with its estimate, interval, relative error, cost and method", () => {
    const dir = results();
    const file = JSON.parse(readFileSync(join(dir, "rare/rare.json"), "utf8"));
    const [info] = listStudies(dir);
    const sig = (x: number) => Number(x.toPrecision(3)).toString();
    expect(info).toEqual({
      id: "rare",
      kind: "rare",
      scenario: "crash-death-spiral",
      complete: true,
      summary: `P(drawdown>0.3) = ${sig(file.estimate)}, 95% CI [${sig(file.lower)}, ${sig(file.upper)}], relative error ${sig(file.relativeError)}; ${file.runs} runs, ${file.steps} steps; multilevel splitting, 2 replicas of 6 particles`,
    });
  });

  it("without rare.arrow: no iterations; damaged files are named", () => {
    const dir = join(results(), "rare");
    rmSync(join(dir, "rare.arrow"));
    expect(readRareView(dir)!.iterations).toEqual([]);
    writeFileSync(join(dir, "rare.arrow"), "not arrow");
    expect(() => readRareView(dir)).toThrow(CorruptResultError);
    expect(() => readRareView(dir)).toThrow(/rare\.arrow cannot be read/);
    writeFileSync(join(dir, "rare.json"), JSON.stringify({ format: "other" }));
    expect(() => readRareView(dir)).toThrow(/rare\.json is not a tokensim rare-event result/);
    writeFileSync(join(dir, "rare.json"), "{");
    expect(() => readRareView(dir)).toThrow(/rare\.json cannot be read/);
  });

  it("refuses rare.arrow linked out of its folder", () => {
    const res = results();
    const dir = join(res, "rare");
    rmSync(join(dir, "rare.arrow"));
    symlinkSync(join(made, "rare.arrow"), join(dir, "rare.arrow"));
    expect(() => readRareView(dir)).toThrow(BadNameError);
  });

  it("draws the splitting levels and the running estimate, one line per replica", () => {
    const v = readRareView(join(results(), "rare"))!;
    const doc = parseHTML("<!doctype html><html><body></body></html>")
      .document as unknown as Document;
    const [levels, tail] = rareChartSet(v).map((c) => c.draw({ document: doc }));
    expect(levels!.querySelector("text")!.textContent).toBe("Splitting levels");
    expect(tail!.querySelector("text")!.textContent).toBe("Running estimate by level");
    const lines = (svg: SVGSVGElement) => svg.querySelectorAll('g[aria-label="line"] path').length;
    expect(lines(levels!)).toBe(2);
    expect(lines(tail!)).toBe(2);
  });
  it("with no replica at the event: the upper bound drawn, no estimate dot", () => {
    const dir = join(results(), "rare");
    const file = JSON.parse(readFileSync(join(dir, "rare.json"), "utf8"));
    writeFileSync(
      join(dir, "rare.json"),
      JSON.stringify({ ...file, estimate: 0, lower: 0, upper: 0.004, relativeError: "NaN" }),
    );
    const v = readRareView(dir)!;
    expect(v.relativeError).toBeNull();
    const doc = parseHTML("<!doctype html><html><body></body></html>")
      .document as unknown as Document;
    const tail = rareChartSet(v)[1]!.draw({ document: doc });
    expect(tail.textContent).toContain("red: the 95% upper bound of P(drawdown>0.3) (dashed)");
    expect(tail.textContent).toContain(
      "no replica reached the event: the estimate is 0, below 0.004",
    );
    // the bound's open circle (white fill) and no filled estimate dot (Plot sets a constant
    // fill on the mark's group and leaves out an empty mark)
    const dots = [...tail.querySelectorAll('g[aria-label="dot"]')].map((g) => [
      g.getAttribute("fill"),
      g.querySelectorAll("circle").length,
    ]);
    expect(dots).toEqual([["white", 1]]);
  });
});

describe("the study route of a rare folder", () => {
  it("lists and serves it, shaped for its charts", async () => {
    const res = results();
    current = buildApp({ resultsDir: res, page: PAGE, workers: 0, dataThreads: 0 });
    const list = json(await current.app.inject("/api/studies"));
    expect(list.map((s: { id: string; kind: string }) => [s.id, s.kind])).toEqual([
      ["rare", "rare"],
    ]);
    const one = json(await current.app.inject("/api/studies/rare"));
    expect(one.kind).toBe("rare");
    expect(one.view.kind).toBe("rare");
    expect(one.view.iterations).toHaveLength(readRareView(join(res, "rare"))!.iterations.length);
    // the results list (sweeps and runs) does not show it
    expect(json(await current.app.inject("/api/results"))).toEqual([]);
  });

  it("refuses traversal, a folder linked out of the results and a file linked out of its folder", async () => {
    const res = results();
    const secret = join(root, `secret-${n}`);
    cpSync(made, secret, { recursive: true });
    symlinkSync(secret, join(res, "escape"));
    current = buildApp({ resultsDir: res, page: PAGE, workers: 0, dataThreads: 0 });
    const app = current.app;
    for (const url of ["/api/studies/..%2Fmade", "/api/studies/.hidden", "/api/studies/escape"]) {
      const r = await app.inject(url);
      expect(r.statusCode, url).toBe(400);
      expect(r.body).not.toContain(root);
    }
    expect(json(await app.inject("/api/studies")).map((s: { id: string }) => s.id)).toEqual([
      "rare",
    ]);
    expect((await app.inject("/api/studies/nothing")).statusCode).toBe(404);
    rmSync(join(res, "rare/rare.arrow"));
    symlinkSync(join(secret, "rare.arrow"), join(res, "rare/rare.arrow"));
    const linked = await app.inject("/api/studies/rare");
    expect(linked.statusCode).toBe(400);
    expect(json(linked).message).toMatch(/rare\.arrow links out of its result folder/);
    expect(linked.body).not.toContain(root);
    rmSync(join(res, "rare/rare.json"));
    symlinkSync(join(secret, "rare.json"), join(res, "rare/rare.json"));
    const json2 = await app.inject("/api/studies/rare");
    expect(json2.statusCode).toBe(400);
    expect(json2.body).not.toContain(root);
  });

  it("a damaged rare.json is a damaged result (422), left out of the list", async () => {
    const res = results();
    writeFileSync(join(res, "rare/rare.json"), JSON.stringify({ format: "tokensim-rare/0" }));
    current = buildApp({ resultsDir: res, page: PAGE, workers: 0, dataThreads: 0 });
    const r = await current.app.inject("/api/studies/rare");
    expect(r.statusCode).toBe(422);
    expect(json(r).message).toMatch(/not a tokensim rare-event result/);
    writeFileSync(join(res, "rare/rare.json"), "{");
    expect(json(await current.app.inject("/api/studies"))).toEqual([]);
  });
});

describe("tokensim plot of a rare folder", () => {
  it("writes the splitting levels and the running estimate as SVG and PNG, and index.html", async () => {
    const dir = join(results(), "rare");
    const out = join(root, `plot-${n}`);
    const r = await cli("plot", dir, "--out", out);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toContain("wrote 2 charts (SVG and PNG)");
    expect(readdirSync(out).sort()).toEqual([
      "index.html",
      "rare-levels.png",
      "rare-levels.svg",
      "rare-tail.png",
      "rare-tail.svg",
    ]);
    const png = readFileSync(join(out, "rare-tail.png"));
    expect(png.subarray(1, 4).toString("latin1")).toBe("PNG");
    const svg = readFileSync(join(out, "rare-levels.svg"), "utf8");
    expect(svg).toContain("Splitting levels");
    expect(svg).toContain("2 replicas of 6 particles");
    const tail = readFileSync(join(out, "rare-tail.svg"), "utf8");
    expect(tail).toContain("event: drawdown&gt;0.3 (level 0.3)");
    const html = readFileSync(join(out, "index.html"), "utf8");
    const v = readRareView(dir)!;
    expect(html).toContain("<h2>Rare-event estimate</h2>");
    expect(html).toContain(
      rareLines(v)[0]!.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;"),
    );
    expect(html).toContain("<caption>Replicas</caption>");
  }, 60_000);
});
