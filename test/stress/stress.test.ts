/**
 * `tokensim stress` end to end on a small crash-death-spiral network (300
 * providers, 90 days, the crash on day 30 over a week): the search finds a crash
 * that spirals with probability at least p, cheaper than a bigger crash that
 * also spirals; bad input gives one line and exit code 2.
 */
import { existsSync, mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { tableFromIPC } from "apache-arrow";
import { describe, expect, it } from "vitest";
import { loadScenario, resolveParams } from "../../engine/scenario.ts";
import { shockCost } from "../../engine/stress/cost.ts";
import type { StressResult } from "../../engine/stress/stress.ts";
import { executeRun, scenarioSha256 } from "../../engine/sweep/task.ts";
import { cli } from "../cli/inProcess.ts";

const tmp = () => mkdtempSync(join(tmpdir(), "tokensim-stress-"));

const SETS = [
  "providers.initial=300",
  "providers.maxTotal=600",
  "demand.baseGpuHoursPerHour=270",
  "shocks.crashStartStep=720",
  "shocks.crashSteps=168",
];

describe("tokensim stress", () => {
  it("finds a crash with P(spiral) at least p that costs less than a bigger crash that also spirals", async () => {
    const out = tmp();
    const r = await cli(
      "stress",
      "crash-death-spiral",
      "--target",
      "spiral",
      "--p",
      "0.25",
      "--steps",
      "2160",
      ...SETS.flatMap((s) => ["--set", s]),
      "--range",
      "shocks.crashDrop=0.5:0.99",
      "--budget",
      "48",
      "--runs",
      "4",
      "--max-runs",
      "8",
      "--final-runs",
      "8",
      "--leg-runs",
      "4",
      "--seed",
      "1",
      "--workers",
      "2",
      "--out",
      out,
      "--quiet",
      "--json",
    );
    expect(r.stderr).toBe("");
    expect(r.code).toBe(0);
    const result = JSON.parse(r.stdout) as StressResult;
    expect(JSON.parse(readFileSync(join(out, "stress.json"), "utf8"))).toEqual(result);
    for (const f of ["optimize.json", "history.arrow", "study.json", "stress-scenario.mts"])
      expect(existsSync(join(out, f))).toBe(true);
    const bp = result.breakingPoint!;
    expect(bp).not.toBeNull();
    expect(bp.feasible).toBe(true);
    expect(bp.pSpiral.estimate).toBeGreaterThanOrEqual(0.25);
    expect(bp.pSpiral.lower).toBeLessThanOrEqual(bp.pSpiral.estimate);
    expect(bp.cost.totalUsd).toBe(bp.cost.crashUsd);
    // The leg that started the spiral, from re-running the spiralled final runs.
    expect(bp.firstLeg.runsExamined).toBeGreaterThan(0);
    expect(bp.firstLeg.mostly).not.toBeNull();
    // Every evaluated shock as Arrow, the frontier flagged.
    const pts = tableFromIPC(readFileSync(join(out, "stress-points.arrow")));
    expect(pts.numRows).toBe(result.evaluated);
    const onFrontier = (pts.getChild("onFrontier")!.toArray() as boolean[]).filter(Boolean);
    expect(onFrontier).toHaveLength(result.frontier.length);
    expect(pts.getChild("shocks.crashDrop")!.length).toBe(result.evaluated);
    // The breaking point's spiralled run against the same run without the crash.
    const tr = result.trajectories!;
    expect(tr.sets).toContain(`shocks.crashDrop=${bp.parameters["shocks.crashDrop"]}`);
    const shocked = tableFromIPC(readFileSync(join(out, tr.shocked)));
    const calm = tableFromIPC(readFileSync(join(out, tr.baseline)));
    expect(shocked.numRows).toBe(2160);
    expect(calm.numRows).toBe(2160);
    const minPrice = (t: typeof shocked) =>
      Math.min(...(t.getChild("priceUsd")!.toArray() as Float64Array));
    expect(minPrice(shocked)).toBeLessThan(0.5 * minPrice(calm));
    expect(Math.max(...(shocked.getChild("spiralActive")!.toArray() as Float64Array))).toBe(1);
    expect(Math.max(...(calm.getChild("spiralActive")!.toArray() as Float64Array))).toBe(0);
    // The frontier: cost up, P(spiral) up.
    for (let i = 1; i < result.frontier.length; i++) {
      expect(result.frontier[i]!.costUsd).toBeGreaterThanOrEqual(result.frontier[i - 1]!.costUsd);
      expect(result.frontier[i]!.pSpiral.estimate).toBeGreaterThan(
        result.frontier[i - 1]!.pSpiral.estimate,
      );
    }

    // A bigger crash (-99%) also spirals at least as often as p, on the same kind of runs, and costs more.
    const ref = join(out, "stress-scenario.mts");
    const scenario = await loadScenario("crash-death-spiral");
    const sets = [
      "shocks.liquidityStep=-1",
      "shocks.powerStartStep=-1",
      "shocks.hardwareGenStep=-1",
      "sim.steps=2160",
      ...SETS,
      "shocks.crashDrop=0.99",
    ];
    const big = shockCost(resolveParams(scenario, sets));
    expect(big.totalUsd).toBeGreaterThan(bp.cost.totalUsd);
    let spirals = 0;
    for (let run = 0; run < 8; run++) {
      const res = await executeRun({
        kind: "sweepRun",
        scenarioRef: ref,
        scenarioSha256: scenarioSha256(ref),
        sets,
        point: 0,
        run,
        seed: 11,
        keepSteps: false,
        recordEvery: 1,
      });
      expect(res.record.outcomes!.shockCostUsd).toBeCloseTo(big.totalUsd, 3);
      if (res.record.deathSpirals.length > 0) spirals++;
    }
    expect(spirals / 8).toBeGreaterThanOrEqual(0.25);
  }, 600_000);

  it("refuses bad input with one line and exit code 2", async () => {
    const cases: [string[], RegExp][] = [
      [["crash-death-spiral"], /--target is required/],
      [["crash-death-spiral", "--target", "collapse"], /--target "collapse": only 'spiral'/],
      [["crash-death-spiral", "--target", "spiral", "--p", "1.5"], /--p "1.5": expected a number/],
      [["crash-death-spiral", "--target", "spiral", "--shocks", "quake"], /unknown shock family/],
      [
        ["crash-death-spiral", "--target", "spiral", "--range", "emission.tokensPerEpoch=1:2"],
        /shocks\.\* parameters only/,
      ],
      [["crash-death-spiral", "--target", "spiral", "--compare", "emission.policy"], /--compare/],
      [["no-such-scenario", "--target", "spiral"], /no such scenario/],
      [["crash-death-spiral", "--target", "spiral", "--budget", "x"], /--budget "x"/],
    ];
    for (const [args, message] of cases) {
      const r = await cli("stress", ...args, "--out", tmp(), "--quiet");
      expect(r.code, args.join(" ")).toBe(2);
      expect(r.stderr.trim().split("\n"), args.join(" ")).toHaveLength(1);
      expect(r.stderr, args.join(" ")).toMatch(message);
    }
  }, 120_000);

  it("prints its help", async () => {
    const r = await cli("stress", "--help");
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^Usage: tokensim stress <scenario> --target spiral/);
  }, 60_000);
});
