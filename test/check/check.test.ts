import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { XMLValidator } from "fast-xml-parser";
import { describe, expect, it } from "vitest";
import { checkCommand } from "../../cli/commands/check.ts";
import { inThreadCheckExecutor } from "../../engine/check/inThread.ts";
import { toJunitXml } from "../../engine/check/junit.ts";
import { checkScenario, reportFails, type ScenarioReport } from "../../engine/check/runner.ts";

const FIX = "test/fixtures/check";
const opts = { executor: inThreadCheckExecutor };
/** Week-long runs: inconclusive at 6 runs, decided at 126 (the Wilson bound's arithmetic). */
const WEEK = `${FIX}/borderline.ts`;

let truthsReport: Promise<ScenarioReport> | undefined;
/**
 * truths.ts's 40 runs, checked once and shared by the tests that only read the
 * report (issue 14: the same runs three times added nothing). The CLI test below
 * still runs them itself, through `checkCommand`.
 */
const truths = () => {
  truthsReport ??= checkScenario(`${FIX}/truths.ts`, opts);
  return truthsReport;
};

describe("tokensim check", () => {
  it("takes a bundled scenario by name, as run and sweep do, and finds its baseline", async () => {
    const dir = mkdtempSync(join(tmpdir(), "tokensim-check-name-"));
    const { baselinePath } = await import("../../engine/check/runner.ts");
    expect(baselinePath("baseline", "baseline")).toMatch(/scenarios\/baselines\/baseline\.json$/);
    const r = await checkScenario("cheating-attack", {
      ...opts,
      runs: 2,
      baselineDir: dir,
    });
    // Before: "Cannot find module '<cwd>/cheating-attack'".
    expect(r.error).toBeUndefined();
    expect(r.runs).toBe(2);
  }, 120_000);

  it("passes a known-true assertion and fails a known-false one", async () => {
    const r = await truths();
    const verdicts = Object.fromEntries(r.assertions.map((a) => [a.name, a.verdict]));
    expect(verdicts).toEqual({
      "true: price stays positive": "pass",
      "true: jobs are served": "pass",
      "false: nothing minted": "fail",
    });
    expect(r.status).toBe("fail");
    expect(r.runs).toBe(40);
    expect(r.builtinFailures).toEqual([]);
  });

  it("calls a borderline assertion inconclusive at low run counts, and decides it with --until-conclusive", async () => {
    const few = await checkScenario(WEEK, opts);
    expect(few.assertions[0]!.verdict).toBe("inconclusive");
    expect(few.assertions[0]!.estimate).toBe(1);
    expect(reportFails(few, false)).toBe(true);
    expect(reportFails(few, true)).toBe(false);
    const more = await checkScenario(WEEK, { ...opts, untilConclusive: true });
    expect(more.assertions[0]!.verdict).toBe("pass");
    expect(more.runs).toBe(126);
  });

  it("flags drift when a mechanism changes, naming the metric and the shift, and none when it does not", async () => {
    const dir = mkdtempSync(join(tmpdir(), "tokensim-baseline-"));
    const recorded = await checkScenario(`${FIX}/drift-base.ts`, {
      ...opts,
      updateBaseline: true,
      baselineDir: dir,
    });
    expect(recorded.baseline.action).toBe("updated");
    const baseline = JSON.parse(readFileSync(join(dir, "baseline.json"), "utf8"));
    expect(baseline.metrics.priceEndUsd).toHaveLength(30);

    const same = await checkScenario(`${FIX}/drift-base.ts`, { ...opts, baselineDir: dir });
    expect(same.drift?.every((d) => !d.drifted && d.ksD === 0)).toBe(true);
    expect(same.status).toBe("pass");

    const changed = await checkScenario(`${FIX}/drift-changed.ts`, { ...opts, baselineDir: dir });
    expect(changed.status).toBe("fail");
    const price = changed.drift?.find((d) => d.metric === "priceEndUsd");
    expect(price?.drifted).toBe(true);
    expect(price?.currentMedian).toBeLessThan(price!.baselineMedian);
    expect(price?.medianShiftPct).toBeLessThan(0);
  });

  it("writes well-formed JUnit XML with a testcase per assertion, failures marked", async () => {
    const r = await truths();
    const bad = await checkScenario(`${FIX}/bad-metric.ts`, opts);
    const xml = toJunitXml([r, bad], false);
    expect(XMLValidator.validate(xml)).toBe(true);
    expect(xml).toContain(
      '<testsuite name="baseline" file="test/fixtures/check/truths.ts" tests="4" failures="1" errors="0" skipped="0">',
    );
    expect(xml).toMatch(
      /<testcase classname="baseline" name="false: nothing minted"><failure type="assertion" message="failed: mean\(mintedTokens\) &lt; 1[^"]*">failed: mean\(mintedTokens\) &lt; 1/,
    );
    expect(xml).toMatch(
      /<error type="scenario" message="[^"]*unknown metric &apos;priceEndUSD&apos;/,
    );
  });

  it("reports bad scenarios clearly, naming the file and the problem, with exit code 2", async () => {
    // A syntax error cannot live in the repository (the type check would fail), so write it here.
    const tmp = mkdtempSync(join(tmpdir(), "tokensim-bad-"));
    // (.mts: outside a "type": "module" package a .ts file would load as CommonJS)
    writeFileSync(
      join(tmp, "bad-syntax.mts"),
      'export const scenario = { name: "bad", schema: { oops };\n',
    );
    const syntax = await checkScenario(join(tmp, "bad-syntax.mts"), opts);
    expect(syntax.status).toBe("error");
    // the message keeps the place and the reason, not only "Transform failed"
    expect(syntax.error).toMatch(
      /bad-syntax\.mts: cannot load: .*[Ee]xpected .*bad-syntax\.mts:1:\d+/,
    );
    const cases: [string, RegExp][] = [
      ["bad-missing.ts", /bad-missing\.ts: exports no 'checks'/],
      [
        "bad-metric.ts",
        /bad-metric\.ts: assertion 'typo' refers to unknown metric 'priceEndUSD'. Closest: priceEndUsd/,
      ],
      [
        "bad-threshold.ts",
        /bad-threshold\.ts: assertion 'impossible': a probability can never be < 0/,
      ],
    ];
    for (const [file, message] of cases) {
      const r = await checkScenario(`${FIX}/${file}`, opts);
      expect(r.status, file).toBe("error");
      expect(r.error).toMatch(message);
    }
    const logs: string[] = [];
    const log = console.log;
    console.log = (s: string) => void logs.push(s);
    try {
      expect(await checkCommand.run([`${FIX}/bad-metric.ts`, "--quiet"])).toBe(2);
    } finally {
      console.log = log;
    }
    expect(logs.join("\n")).toMatch(/ERROR\s+bad-metric/);
  });

  it("exits 0 when everything passes and 1 on a failed assertion, writing the reports", async () => {
    const dir = mkdtempSync(join(tmpdir(), "tokensim-check-"));
    const log = console.log;
    console.log = () => {};
    try {
      expect(
        await checkCommand.run([
          `${FIX}/truths.ts`,
          "--quiet",
          "--json",
          join(dir, "r.json"),
          "--junit",
          join(dir, "j.xml"),
        ]),
      ).toBe(1);
      expect(
        await checkCommand.run([WEEK, "--quiet", "--allow-inconclusive", "--baseline-dir", dir]),
      ).toBe(0);
      expect(await checkCommand.run([WEEK, "--quiet", "--baseline-dir", dir])).toBe(1);
    } finally {
      console.log = log;
    }
    const report = JSON.parse(readFileSync(join(dir, "r.json"), "utf8"));
    expect(report.reports[0].assertions).toHaveLength(3);
    expect(report.status).toBe("fail");
    const junit = readFileSync(join(dir, "j.xml"), "utf8");
    expect(XMLValidator.validate(junit)).toBe(true);
    expect(junit).toMatch(/<testsuites [^>]*skipped="0" time="\d+\.\d{3}">/);
    expect(junit).toMatch(/<testsuite [^>]* time="\d+\.\d{3}">/);
  });

  it("states one status everywhere: an inconclusive assertion fails the JSON report as it fails the exit code and JUnit", async () => {
    const dir = mkdtempSync(join(tmpdir(), "tokensim-check-status-"));
    const log = console.log;
    console.log = () => {};
    const run = (extra: string[]) =>
      checkCommand.run([
        WEEK,
        "--quiet",
        "--baseline-dir",
        dir,
        "--json",
        join(dir, "r.json"),
        "--junit",
        join(dir, "j.xml"),
        ...extra,
      ]);
    try {
      // Before: the JSON said "pass" while the command exited 1 and JUnit showed failures.
      expect(await run([])).toBe(1);
      let json = JSON.parse(readFileSync(join(dir, "r.json"), "utf8"));
      expect(json.status).toBe("fail");
      expect(json.reports[0].status).toBe("fail");
      let xml = readFileSync(join(dir, "j.xml"), "utf8");
      expect(xml).toMatch(/<failure type="inconclusive" message="inconclusive: /);
      expect(await run(["--allow-inconclusive"])).toBe(0);
      json = JSON.parse(readFileSync(join(dir, "r.json"), "utf8"));
      expect(json.status).toBe("pass");
      xml = readFileSync(join(dir, "j.xml"), "utf8");
      expect(xml).toMatch(/<testsuite [^>]*skipped="[1-9]\d*"/);
      expect(XMLValidator.validate(xml)).toBe(true);
    } finally {
      console.log = log;
    }
  }, 120_000);

  it("puts multi-line failure texts in the element body, the first line in the message", () => {
    const xml = toJunitXml(
      [
        {
          file: "x.ts",
          scenario: "x",
          status: "fail",
          seed: 1,
          runs: 2,
          assertions: [],
          builtinFailures: [
            { runIndex: 0, seed: 1, message: "supply <broken>" },
            { runIndex: 1, seed: 2, message: "again" },
          ],
          stepInvariants: [],
          drift: null,
          baseline: { path: "b.json", action: "missing" },
        } as never,
      ],
      false,
    );
    expect(XMLValidator.validate(xml)).toBe(true);
    expect(xml).toContain(
      '<failure type="invariant" message="run 0 (seed 1): supply &lt;broken&gt;">run 0 (seed 1): supply &lt;broken&gt;\nrun 1 (seed 2): again</failure>',
    );
  });

  it("reads as JUnit to a third-party consumer (junit2json): counts, types, bodies, time", async () => {
    const { parse } = await import("junit2json");
    const ok = await truths();
    const bad = await checkScenario(`${FIX}/bad-metric.ts`, opts);
    const xml = toJunitXml([ok, bad], false, new Map([[`${FIX}/truths.ts`, 1.5]]));
    const out = (await parse(xml)) as {
      tests?: number;
      failures?: number;
      errors?: number;
      skipped?: number;
      testsuite?: {
        name?: string;
        tests?: number;
        failures?: number;
        skipped?: number;
        time?: number;
        testcase?: {
          name?: string;
          failure?: { type?: string; message?: string; inner?: string }[];
        }[];
      }[];
    };
    expect(out.tests).toBe(5);
    expect(out.failures).toBe(1);
    expect(out.errors).toBe(1);
    expect(out.skipped).toBe(0);
    const suite = out.testsuite![0]!;
    expect(suite.time).toBe(1.5);
    expect(suite.failures).toBe(1);
    const failed = suite.testcase!.find((c) => c.name === "false: nothing minted")!;
    expect(failed.failure![0]!.type).toBe("assertion");
    expect(failed.failure![0]!.inner).toMatch(/^failed: mean\(mintedTokens\) < 1/);
  });

  it("says when two files of one scenario name would share a baseline (exit 2 when recording)", async () => {
    const dir = mkdtempSync(join(tmpdir(), "tokensim-check-shared-"));
    const log = console.log;
    const error = console.error;
    const errors: string[] = [];
    console.log = () => {};
    console.error = (s: string) => void errors.push(s);
    try {
      const code = await checkCommand.run([
        `${FIX}/drift-base.ts`,
        `${FIX}/borderline.ts`,
        "--quiet",
        "--runs",
        "4",
        "--update-baseline",
        "--baseline-dir",
        dir,
      ]);
      expect(code).toBe(2);
    } finally {
      console.log = log;
      console.error = error;
    }
    expect(errors.join("\n")).toMatch(
      /drift-base\.ts and .*borderline\.ts are both scenario 'baseline' and share the baseline .*baseline\.json \(the last one written won\)/,
    );
  });
});
