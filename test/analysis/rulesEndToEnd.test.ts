import { existsSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { SweepAnalysis } from "../../engine/analysis/sweepAnalysis.ts";
import { analyzeSweep } from "../../engine/analysis/sweepAnalysis.ts";
import { cli } from "../cli/inProcess.ts";

const root = mkdtempSync(join(tmpdir(), "tokensim-rules-"));
const LHS = join(root, "lhs");
afterAll(() => rmSync(root, { recursive: true, force: true }), 60_000);

/** A tiny real sweep: the baseline at 50 providers for 10 days, 16 LHS points of 3 runs. */
beforeAll(async () => {
  const s = await cli(
    "sweep",
    "baseline",
    "--design",
    "lhs",
    "--samples",
    "16",
    "--range",
    "verification.sampleRate=0.001:0.1:log",
    "--range",
    "verification.slashFraction=0:1",
    "--steps",
    "240",
    "--set",
    "providers.initial=50",
    "--runs",
    "3",
    "--seed",
    "7",
    "--no-steps",
    "--workers",
    "0",
    "--quiet",
    "--out",
    LHS,
  );
  expect(s.code, s.stderr).toBe(0);
}, 300_000);

describe("tokensim analyze --require", () => {
  it("labels an LHS sweep's points by a check assertion and prints the rule list with its accuracy", async () => {
    const r = await cli("analyze", LHS, "--require", "mean(slashedTokens) > 500");
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toMatch(
      /^which settings pass \(lhs sweep of baseline: 2 parameters, 16 points, 3 run\(s\) per point, wilson\/bootstrap 95% intervals\)\n/,
    );
    expect(r.stdout).toMatch(
      / {2}require mean\(slashedTokens\) > 500: \d+ pass, \d+ fail, \d+ inconclusive\n/,
    );
    expect(r.stdout).toMatch(
      / {2}(keeps|fails): verification\.\w+ [<>]=? [\d.e-]+.* \(\d+ of \d+ points pass\)\n/,
    );
    expect(r.stdout).toMatch(/ {2}accuracy: training [\d.]+% \(\d+ of \d+\), /);
    expect(r.stdout).toMatch(/wrote .*analysis\.json\n$/);
    expect(existsSync(join(LHS, "analysis.arrow"))).toBe(false); // no indices of an LHS sweep

    const a = JSON.parse(readFileSync(join(LHS, "analysis.json"), "utf8")) as SweepAnalysis;
    expect(a).toMatchObject({
      format: "tokensim-analysis/1",
      scenario: "baseline",
      method: "lhs",
      samples: 16,
      parameters: ["verification.sampleRate", "verification.slashFraction"],
      runsPerPoint: 3,
      outcomes: [],
    });
    const rules = a.rules!;
    expect(rules).toMatchObject({
      requirements: [{ text: "mean(slashedTokens) > 500", statement: "mean(slashedTokens) > 500" }],
      evaluation: { confidence: 0.95, probabilityInterval: "wilson" },
      points: 16,
      runsLeftOut: 0,
      classifier: { maxDepth: 3, minLeaf: 3 },
    });
    expect(rules.labels).toHaveLength(16);
    expect(rules.pass + rules.fail + rules.inconclusive).toBe(16);
    const q = rules.requirements[0]!;
    expect([q.pass, q.fail, q.inconclusive]).toEqual([rules.pass, rules.fail, rules.inconclusive]);
    expect(rules.pass).toBeGreaterThan(0);
    expect(rules.fail).toBeGreaterThan(0);
    expect(rules.passShare).toBeCloseTo(rules.pass / (rules.pass + rules.fail), 12);
    expect(rules.training!.points).toBe(rules.pass + rules.fail);
    expect(rules.training!.accuracy).toBeGreaterThan(rules.majority!.accuracy - 1e-12);
    expect(rules.crossValidation).toMatchObject({ seed: 7, points: rules.pass + rules.fail });
    expect(rules.crossValidation!.folds).toBeGreaterThanOrEqual(2);
    expect(rules.rules.length).toBeGreaterThan(0);
    expect(rules.rules.reduce((s, x) => s + x.points, 0)).toBe(rules.pass + rules.fail);
    for (const rule of rules.rules) {
      expect(rule.text).toBe(
        rule.conditions
          .map((c) =>
            c.op === "in" ? `${c.parameter} in ...` : `${c.parameter} ${c.op} ${c.value}`,
          )
          .join(" and ") || "every point",
      );
      expect(rule.pass).toBeLessThanOrEqual(rule.points);
    }
    // Deterministic: the same bytes again.
    const bytes = readFileSync(join(LHS, "analysis.json"));
    await analyzeSweep(LHS, { rules: { require: ["mean(slashedTokens) > 500"] } });
    expect(readFileSync(join(LHS, "analysis.json"))).toEqual(bytes);
  }, 120_000);

  it("takes several assertions (a check outcome, a named assertion of the scenario's checks) and the tree options", async () => {
    const a = await analyzeSweep(LHS, {
      rules: {
        require: ["probability(spiralled>0)<0.9", "no provider exodus", "mean(cheatersCaught)>1"],
        maxDepth: 1,
        minLeaf: 2,
        folds: 3,
      },
    });
    const r = a.rules!;
    expect(r.requirements.map((q) => q.statement)).toEqual([
      "P(spiralled > 0) < 0.9",
      "P(activeRatioEnd < 0.5) < 0.05",
      "mean(cheatersCaught) > 1",
    ]);
    // With 3 runs, P(.) < 0.05 can never be shown (the Wilson upper bound at 0 of 3 is 0.56).
    expect(r.requirements[1]).toMatchObject({ pass: 0, fail: 0, inconclusive: 16 });
    expect(r).toMatchObject({
      pass: 0,
      inconclusive: 16 - r.fail,
      passShare: r.fail > 0 ? 0 : null,
    });
    expect(r.classifier).toMatchObject({ maxDepth: 1, minLeaf: 2 });
    expect(r.classifier.depth).toBeLessThanOrEqual(1);
  }, 120_000);

  it("handles a grid sweep with a categorical axis, and counts failed runs and undecided points", async () => {
    const out = join(root, "grid");
    const s = await cli(
      "sweep",
      "test/fixtures/sweep/flaky.ts",
      "--grid",
      "verification.sampleRate=0.1,0.6",
      "--grid",
      "emission.policy=fixed,halving,decay",
      "--runs",
      "2",
      "--steps",
      "24",
      "--no-steps",
      "--workers",
      "0",
      "--quiet",
      "--out",
      out,
    );
    expect(s.code).toBe(1); // the sweep completes, reporting the failed runs
    const r = await cli("analyze", out, "--require", "mean(providersActiveEnd)>0", "--json");
    expect(r.code, r.stderr).toBe(0);
    const a = JSON.parse(r.stdout) as SweepAnalysis;
    expect(a).toMatchObject({ method: "grid", samples: 6 });
    expect(a.parameters).toEqual(["verification.sampleRate", "emission.policy"]);
    // sampleRate 0.6 breaks supply conservation at step 20: those 6 runs are left out, their points undecided.
    expect(a.rules).toMatchObject({ points: 6, pass: 3, fail: 0, inconclusive: 3, runsLeftOut: 6 });
    expect(a.rules!.rules).toEqual([
      { prediction: "pass", conditions: [], text: "every point", points: 3, pass: 3 },
    ]);
  }, 120_000);

  it("rejects bad input with exit 2 and one line", async () => {
    const bad = async (...args: string[]) => {
      const r = await cli("analyze", LHS, ...args);
      expect(r.code).toBe(2);
      expect(r.stderr.trim().split("\n")).toHaveLength(1);
      return r.stderr;
    };
    expect(await bad()).toMatch(
      /needs a sweep made with --design saltelli or morris \(this one is lhs\), or --require/,
    );
    expect(await bad("--require", "mean(nope)>1")).toMatch(/unknown metric 'nope'/);
    expect(await bad("--require", "sometimes fine")).toMatch(
      /--require "sometimes fine": expected <statistic> .*or the name of one of the scenario's checks\.assertions \("no provider exodus"/,
    );
    expect(await bad("--require", "mean(dropRate)<1", "--outcome", "pSpiral")).toMatch(
      /--outcome needs a sweep made with --design saltelli or morris/,
    );
    expect(await bad("--folds", "3")).toMatch(/--folds applies to --require/);
    expect(await bad("--require", "mean(dropRate)<1", "--min-leaf", "0")).toMatch(/--min-leaf/);
  }, 120_000);
});
