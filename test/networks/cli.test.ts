import {
  copyFileSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  rmSync,
  symlinkSync,
} from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { parseHTML } from "linkedom";
import { afterAll, describe, expect, it } from "vitest";
import { networksChartSet } from "../../dashboard/charts/networksCharts.ts";
import { readNetworksView } from "../../dashboard/data/networksView.ts";
import { describeStudy, studyKind } from "../../dashboard/data/studyFiles.ts";
import { buildApp } from "../../dashboard/server/app.ts";
import { cli } from "../cli/inProcess.ts";

const root = mkdtempSync(join(tmpdir(), "tokensim-compete-cli-"));
afterAll(() => rmSync(root, { recursive: true, force: true }), 60_000);
const FILE = "test/networks/twins.networks.ts";

describe("tokensim compete", () => {
  it("writes each network's run folder and the networks table", async () => {
    const out = join(root, "twins");
    const r = await cli(
      "compete",
      FILE,
      "--seed",
      "3",
      "--out",
      out,
      "--quiet",
      "--set",
      "a.emission.tokensPerEpoch=1840",
    );
    expect(r.code).toBe(0);
    for (const f of [
      "a/steps.arrow",
      "a/summary.json",
      "b/steps.arrow",
      "b/summary.json",
      "networks.arrow",
    ])
      expect(existsSync(join(out, f)), f).toBe(true);
    const record = JSON.parse(readFileSync(join(out, "networks.json"), "utf8"));
    expect(record.networks[0].sets).toContain("emission.tokensPerEpoch=1840");
    const summary = JSON.parse(readFileSync(join(out, "a", "summary.json"), "utf8"));
    expect(summary.params.emission.tokensPerEpoch).toBe(1840);
  });

  it("is a networks study for the dashboard, and tokensim plot draws its charts", async () => {
    const out = join(root, "twins");
    expect(studyKind(out)).toBe("networks");
    expect(describeStudy(out, "twins").summary).toMatch(
      /^GPUs a 100 → \d+, b 100 → \d+, outside 0 → \d+$/,
    );
    const view = readNetworksView(out)!;
    expect(view.places.map((p) => p.name)).toEqual(["a", "b", "outside"]);
    expect(view.days).toHaveLength(10);
    expect(
      view.places[0]!.owners.at(-1)! +
        view.places[1]!.owners.at(-1)! +
        view.places[2]!.owners.at(-1)!,
    ).toBe(200);
    const doc = parseHTML("<!doctype html><html><body></body></html>")
      .document as unknown as Document;
    for (const c of networksChartSet(view))
      expect(c.draw({ document: doc }).querySelectorAll("path").length).toBeGreaterThan(0);
    const r = await cli("plot", out, "--out", join(root, "report"), "--no-png");
    expect(r.code).toBe(0);
    for (const name of ["networks-gpus", "networks-return", "networks-active", "networks-price"])
      expect(existsSync(join(root, "report", `${name}.svg`)), name).toBe(true);
  });

  it("is served by the dashboard's study routes", async () => {
    const { app } = buildApp({
      resultsDir: root,
      page: { html: "<!doctype html><title>t</title>", js: "", css: "" },
      workers: 0,
      dataThreads: 0,
    });
    try {
      const list = JSON.parse((await app.inject("/api/studies")).body) as {
        id: string;
        kind: string;
      }[];
      expect(list.find((x) => x.id === "twins")?.kind).toBe("networks");
      const r = await app.inject("/api/studies/twins");
      expect(r.statusCode).toBe(200);
      const body = JSON.parse(r.body);
      expect(body.view.kind).toBe("networks");
      expect(body.view.places.map((p: { name: string }) => p.name)).toEqual(["a", "b", "outside"]);
    } finally {
      await app.close();
    }
  });

  it("serves nothing outside a study's folder: traversal and files linked out are refused", async () => {
    // A copy of the study whose networks.arrow, then networks.json, links to the original's.
    const linked = join(root, "linked");
    mkdirSync(linked);
    copyFileSync(join(root, "twins", "networks.json"), join(linked, "networks.json"));
    symlinkSync(join(root, "twins", "networks.arrow"), join(linked, "networks.arrow"));
    const { app } = buildApp({
      resultsDir: root,
      page: { html: "<!doctype html><title>t</title>", js: "", css: "" },
      workers: 0,
      dataThreads: 0,
    });
    try {
      for (const url of [
        "/api/studies/..%2Ftwins",
        "/api/studies/twins%2F..%2F..",
        "/api/studies/.hidden",
      ])
        expect((await app.inject(url)).statusCode, url).toBe(400);
      const arrow = await app.inject("/api/studies/linked");
      expect(arrow.statusCode).toBe(400);
      expect(JSON.parse(arrow.body).message).toMatch(
        /networks\.arrow links out of its result folder/,
      );
      expect(arrow.body).not.toContain(root);
      rmSync(join(linked, "networks.json"));
      symlinkSync(join(root, "twins", "networks.json"), join(linked, "networks.json"));
      expect((await app.inject("/api/studies/linked")).statusCode).toBe(400);
    } finally {
      await app.close();
      rmSync(linked, { recursive: true, force: true });
    }
  });

  it("refuses bad input with one line and exit 2", async () => {
    for (const [args, message] of [
      [["compete"], /expected one study file/],
      [["compete", "no-such-file.ts"], /no such file/],
      [["compete", FILE, "--set", "zz.sim.steps=1"], /networks: a, b/],
      [["compete", "scenarios/baseline.ts"], /exports no `networks`/],
    ] as const) {
      const r = await cli(...args);
      expect(r.code).toBe(2);
      expect(r.stderr).toMatch(message);
      expect(r.stderr).not.toMatch(/\n\s+at /);
    }
  });
});
