/**
 * The designer's workflow from a packed tarball, in a clean folder outside the
 * repository: `npm pack`, `npm install` of the tarball, a scenario that imports
 * only `tokensim`, type-checked against the shipped declarations, then
 * `tokensim run`, `tokensim check` (worker threads loading the .ts scenario) and
 * `tokensim/run` from a script. Internals are not importable.
 */
import { execFile } from "node:child_process";
import { copyFileSync, existsSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import { tableFromIPC } from "apache-arrow";
import { beforeAll, describe, expect, it } from "vitest";

const exec = promisify(execFile);
const ROOT = join(import.meta.dirname, "../..");
const dir = mkdtempSync(join(tmpdir(), "tokensim-designer-"));
const BIN = join(dir, "node_modules/tokensim/bin/tokensim.js");

async function sh(cmd: string, args: string[], cwd = dir) {
  try {
    const { stdout, stderr } = await exec(cmd, args, { cwd, maxBuffer: 64 << 20 });
    return { code: 0, stdout, stderr };
  } catch (err) {
    const e = err as { code: number; stdout: string; stderr: string };
    return { code: e.code, stdout: e.stdout, stderr: e.stderr };
  }
}

beforeAll(async () => {
  const packed = await sh("npm", ["pack", "--silent", "--pack-destination", dir], ROOT);
  expect(packed.code, packed.stderr).toBe(0);
  const tarball = join(dir, packed.stdout.trim().split("\n").pop()!);
  writeFileSync(
    join(dir, "package.json"),
    JSON.stringify({ name: "my-protocol", private: true, type: "module" }),
  );
  const installed = await sh("npm", [
    "install",
    "--no-audit",
    "--no-fund",
    "--prefer-offline",
    tarball,
  ]);
  expect(installed.code, installed.stderr).toBe(0);
  copyFileSync(join(ROOT, "docs/examples/my-network.ts"), join(dir, "my-network.ts"));
}, 900_000);

describe("the installed package", () => {
  it("ships compiled JavaScript and declarations, not the sources", () => {
    const pkg = join(dir, "node_modules/tokensim");
    expect(existsSync(join(pkg, "dist/api/index.js"))).toBe(true);
    expect(existsSync(join(pkg, "dist/api/index.d.ts"))).toBe(true);
    expect(existsSync(join(pkg, "dist/scenarios/baseline.js"))).toBe(true);
    expect(existsSync(join(pkg, "engine"))).toBe(false);
    expect(existsSync(join(pkg, "cli/main.ts"))).toBe(false);
  }, 120_000);

  it("type-checks a scenario that imports only 'tokensim', and rejects a misspelled default", async () => {
    const tsc = join(ROOT, "node_modules/typescript/bin/tsc");
    const bad = readFileSync(join(dir, "my-network.ts"), "utf8").replace(
      "providers: { initial: 200 }",
      "providers: { inital: 200 }",
    );
    writeFileSync(join(dir, "bad-network.ts"), bad);
    // One compiler run for both files (it costs about 9 s on 2 cores): every error
    // must be the misspelling in bad-network.ts, none in the designer's scenario.
    const flags = ["--noEmit", "--strict", "--module", "nodenext", "--target", "es2022"];
    const both = await sh(process.execPath, [tsc, ...flags, "my-network.ts", "bad-network.ts"]);
    expect(both.code).not.toBe(0);
    const errors = both.stdout.split("\n").filter((line) => /error TS\d+/.test(line));
    expect(errors.length, both.stdout).toBeGreaterThan(0);
    for (const line of errors) expect(line, both.stdout).toMatch(/^bad-network\.ts\(/);
    expect(both.stdout).toMatch(/'inital' does not exist/);
  }, 300_000);

  it("runs the designer's scenario and a bundled one with the installed CLI", async () => {
    const version = await sh(process.execPath, [BIN, "--version"]);
    expect(version.stdout.trim()).toBe(
      JSON.parse(readFileSync(join(ROOT, "package.json"), "utf8")).version,
    );
    const mine = await sh(process.execPath, [BIN, "run", "my-network.ts", "--quiet", "--out", "a"]);
    expect(mine.code, mine.stderr).toBe(0);
    const steps = tableFromIPC(readFileSync(join(dir, "a/steps.arrow")));
    expect(steps.numRows).toBe(24 * 30);
    const bundled = await sh(process.execPath, [BIN, "run", "baseline", "--steps", "24"]);
    expect(bundled.code, bundled.stderr).toBe(0);
    expect(existsSync(join(dir, "results/baseline/summary.json"))).toBe(true);
  }, 120_000);

  it("checks the designer's scenario on worker threads and writes JUnit", async () => {
    const r = await sh(process.execPath, [
      BIN,
      "check",
      "my-network.ts",
      "--runs",
      "4",
      "--workers",
      "2",
      "--junit",
      "junit.xml",
      "--quiet",
    ]);
    expect(r.code, r.stdout + r.stderr).toBe(0);
    expect(r.stdout).toMatch(/PASS {2}my-network/);
    expect(readFileSync(join(dir, "junit.xml"), "utf8")).toMatch(/tests="4" failures="0"/);
  }, 120_000);

  it("runs a scenario and a sweep from code through 'tokensim/run'; internals stay private; the studies are exported", async () => {
    writeFileSync(
      join(dir, "script.mjs"),
      `import { runScenario, runSweep } from "tokensim/run";
const { summary, steps } = await runScenario("./my-network.ts", { seed: 7, steps: 48 });
const sweep = await runSweep("baseline", { out: "sw", runs: 2, workers: 2,
  grid: ["emission.tokensPerEpoch=23000,46000"], sets: ["sim.steps=48"] });
let internal = "importable";
try { await import("tokensim/engine/scenario.js"); } catch (e) { internal = e.code; }
const run = await import("tokensim/run");
const studies = ["runStudy", "runStress", "runRare", "runFit", "runCounterfactual",
  "resolveStudy", "competeToFiles"].filter((f) => typeof run[f] === "function");
const { defineNetworks } = await import("tokensim");
console.log(JSON.stringify({ status: summary.status, rows: steps.numRows,
  runs: sweep.runs.numRows, points: sweep.points.numRows, internal, studies,
  defineNetworks: typeof defineNetworks }));
`,
    );
    const r = await sh(process.execPath, ["script.mjs"]);
    expect(r.code, r.stderr).toBe(0);
    expect(JSON.parse(r.stdout)).toEqual({
      status: "ok",
      rows: 48,
      runs: 4,
      points: 2,
      internal: "ERR_PACKAGE_PATH_NOT_EXPORTED",
      studies: [
        "runStudy",
        "runStress",
        "runRare",
        "runFit",
        "runCounterfactual",
        "resolveStudy",
        "competeToFiles",
      ],
      defineNetworks: "function",
    });
  }, 120_000);
});
