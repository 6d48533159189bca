/**
 * The data shaping of the study views (dashboard/data): optimisation
 * convergence and the chosen finalist, stress frontier and minimal shocks,
 * the tables, the analysis payload, and the study folders' path rules. The
 * fixtures are real `tokensim optimize` and `tokensim stress` outputs, small.
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
import { describe, expect, it } from "vitest";
import { readAnalysis } from "../../dashboard/data/analysis.ts";
import { fromPayload, toPayload } from "../../dashboard/data/analysisPayload.ts";
import {
  type CandidatePoint,
  chooseFinalist,
  convergenceOf,
  type FinalistView,
  goalView,
  readOptimizeView,
} from "../../dashboard/data/optimizeView.ts";
import { BadNameError, NotFoundError } from "../../dashboard/data/resultStore.ts";
import { readStressCompareView, readStressView } from "../../dashboard/data/stressView.ts";
import {
  compareValueDir,
  listStudies,
  studyDir,
  studyKind,
} from "../../dashboard/data/studyFiles.ts";
import { finalistTable, minimalTable, trajectoryNote } from "../../dashboard/data/studyTables.ts";
import type { OptimizeResult } from "../../engine/optimize/study.ts";
import type { StressResult } from "../../engine/stress/stress.ts";
import { STUDIES, writeStressCompare, writeStressWithTrajectories } from "./studyFixtures.ts";
import { writeSyntheticSaltelli } from "./syntheticAnalysis.ts";

const json = <T>(path: string): T => JSON.parse(readFileSync(join(STUDIES, path), "utf8")) as T;

const cand = (generation: number, value: number | null, feasible = true): CandidatePoint => ({
  generation,
  candidate: 0,
  feasible,
  objectives: [value],
  lower: [value],
  upper: [value],
});

describe("optimisation views", () => {
  it("convergence: each generation's best feasible estimate and the best so far, by the objective's sense", () => {
    const cands = [
      cand(0, 5),
      cand(0, 3),
      cand(0, 1, false), // infeasible: never the best
      cand(1, 4),
      cand(2, null),
      cand(3, 2),
    ];
    const [min] = convergenceOf(cands, [goalView("min:mean(x)")], 4);
    expect(min!.map((r) => [r.best, r.bestSoFar])).toEqual([
      [3, 3],
      [4, 3],
      [null, 3],
      [2, 2],
    ]);
    expect(min!.map((r) => [r.evaluated, r.feasible])).toEqual([
      [3, 2],
      [1, 1],
      [1, 1],
      [1, 1],
    ]);
    const [max] = convergenceOf(cands, [goalView("maximise:mean(x)")], 4);
    expect(max!.map((r) => r.bestSoFar)).toEqual([5, 5, 5, 5]);
    expect(goalView("maximise:mean(x)")).toEqual({
      spec: "maximise:mean(x)",
      sense: "max",
      statistic: "mean(x)",
    });
  });

  it("chooses the recommendation, or with several objectives the first feasible point of the front", () => {
    const f = (feasible: boolean, dominated: boolean) => ({ feasible, dominated }) as FinalistView;
    const rec = { recommended: {} as OptimizeResult["recommended"] };
    expect(chooseFinalist(rec, [f(true, false)]).chosen).toBe(0);
    const none = { recommended: null };
    expect(chooseFinalist(none, [f(false, false), f(true, true), f(true, false)]).chosen).toBe(2);
    expect(chooseFinalist(none, [f(false, false)])).toEqual({
      chosen: null,
      chosenWhy: "no feasible non-dominated finalist",
    });
  });

  it("reads a one-objective study: history's evaluated search rows, the finalists, the recommendation marked", () => {
    const view = readOptimizeView(join(STUDIES, "opt-single"))!;
    const result = json<OptimizeResult>("opt-single/optimize.json");
    expect(view.algorithm).toBe("cma-es");
    // 30 search rows in history.arrow, 10 of them CMA-ES samples outside the ranges (not run)
    expect(view.candidates).toHaveLength(20);
    expect(view.convergence).toHaveLength(1);
    expect(view.convergence[0]).toHaveLength(result.generations);
    expect(view.chosen).toBe(0);
    expect(view.finalists[0]!.parameters).toEqual(result.recommended!.parameters);
    expect(view.finalists[0]!.objectives[0]!.estimate).toBe(
      result.recommended!.objectives[0]!.estimate,
    );
    // maximised: the best so far never falls
    const best = view.convergence[0]!.map((r) => r.bestSoFar!);
    for (let g = 1; g < best.length; g++) expect(best[g]).toBeGreaterThanOrEqual(best[g - 1]!);
    const t = finalistTable(view);
    expect(t.headers).toEqual([
      "",
      "emission.tokensPerEpoch",
      "economics.exitPatienceEpochs",
      "max:median(priceEndUsd)",
      "runs",
      "feasible",
      "why shortlisted",
    ]);
    expect(t.rows[0]![0]).toBe("chosen");
    expect(t.rows[0]![3]).toMatch(/^1\.\d+ \[0\.\d+, 1\.\d+\]$/);
    expect(t.marked).toBe(0);
  });

  it("reads a two-objective study: a front of non-dominated finalists, the first one marked", () => {
    const view = readOptimizeView(join(STUDIES, "opt-pareto"))!;
    expect(view.algorithm).toBe("nsga-ii");
    expect(view.objectives.map((o) => o.sense)).toEqual(["max", "min"]);
    expect(view.convergence).toHaveLength(2);
    expect(view.candidates.every((c) => c.objectives.length === 2)).toBe(true);
    expect(view.finalists.map((f) => f.dominated)).toEqual([false, true]);
    expect(view.chosen).toBe(0);
    expect(view.chosenWhy).toMatch(/NSGA-II recommends no single point/);
    expect(finalistTable(view).rows.map((r) => r[r.length - 2])).toEqual(["yes", "dominated"]);
  });

  it("a study still running has no view yet", () => {
    const dir = mkdtempSync(join(tmpdir(), "tokensim-study-run-"));
    cpSync(join(STUDIES, "opt-single/study.json"), join(dir, "study.json"));
    expect(studyKind(dir)).toBe("optimize");
    expect(readOptimizeView(dir)).toBeUndefined();
  });
});

describe("stress views", () => {
  it("reads the frontier, the minimal shocks and the breaking point; every searched shock from history.arrow", () => {
    const view = readStressView(join(STUDIES, "stress"))!;
    const s = json<StressResult>("stress/stress.json");
    expect(view.frontier.map((f) => f.costUsd)).toEqual(s.frontier.map((f) => f.costUsd));
    expect(view.frontier.map((f) => f.pSpiral.estimate)).toEqual(
      s.frontier.map((f) => f.pSpiral.estimate),
    );
    expect(view.breakingPoint).toBe(0);
    expect(view.minimal[0]!.costUsd).toBe(s.breakingPoint!.cost.totalUsd);
    expect(view.candidates.length).toBeGreaterThanOrEqual(s.frontier.length);
    for (const c of view.candidates) {
      expect(c.pSpiral.lower!).toBeLessThanOrEqual(c.pSpiral.estimate!);
      expect(c.pSpiral.upper!).toBeGreaterThanOrEqual(c.pSpiral.estimate!);
      expect(c.parameters["shocks.crashDrop"]).toBeGreaterThanOrEqual(0.6);
    }
    expect(view.trajectories).toBeNull();
    const t = minimalTable(view);
    expect(t.rows[0]![0]).toBe("breaking point");
    expect(t.rows[0]![2]).toBe("12.92M");
    expect(t.rows[0]![4]).toBe(`${s.minimal[0]!.spirals} of ${s.minimal[0]!.runs}`);
    expect(t.rows[0]![5]).toMatch(/^price drawdown \(\d runs? examined, mean start step \d+\)$/);
  });

  it("says how to replay the breaking point and the baseline without the searched shocks", () => {
    const view = readStressView(join(STUDIES, "stress"))!;
    const { note, commands } = trajectoryNote(view, "results/st");
    expect(note).toMatch(/^No trajectories: this stress output holds no per-step files/);
    expect(commands.map((c) => c.label)).toEqual(["breaking point", "baseline"]);
    const [bp, base] = commands.map((c) => c.command);
    for (const c of [bp!, base!])
      expect(c).toMatch(/^tokensim run results\/st\/stress-scenario\.mts /);
    expect(bp).toContain("--set shocks.crashStartStep=720");
    expect(bp).toContain(`--set ${view.minimal[0]!.sets[0]}`);
    expect(bp).toMatch(/--out bp$/);
    expect(base).toContain("--set shocks.crashStartStep=-1");
    expect(base).not.toContain("crashStartStep=720");
    expect(base).not.toContain("crashDrop");
    expect(base).toContain("--set shocks.crashSteps=168");
    const none = { ...view, breakingPoint: null };
    expect(trajectoryNote(none, "x")).toEqual({
      note: "No trajectories: this stress output holds no per-step files of its breaking point (stress.json names none), and it confirmed no breaking point to replay.",
      commands: [],
    });
  });

  it("reads the breaking point's and the baseline's trajectories that stress.json names", () => {
    const dir = join(mkdtempSync(join(tmpdir(), "tokensim-traj-")), "st");
    writeStressWithTrajectories(dir);
    const pair = readStressView(dir)!.trajectories!;
    expect(pair.run).toBe(2);
    expect(pair.seed).toBe(1234);
    expect(pair.days).toHaveLength(48);
    expect(pair.days[24]).toBe(1); // hourly steps: step 24 is day 1
    expect(pair.series.map((x) => x.column)).toEqual([
      "priceUsd",
      "providersActive",
      "spiralActive",
    ]);
    const price = pair.series[0]!;
    expect(price.baseline[11]).toBe(price.shocked[11]); // the same run until the crash
    expect(price.shocked[13]).toBeCloseTo(0.3, 12);
    expect(price.baseline[13]).toBeCloseTo(0.935, 12);
    // a file named out of the folder is refused, not read
    const s = JSON.parse(readFileSync(join(dir, "stress.json"), "utf8"));
    s.trajectories.shocked = "../x.arrow";
    writeFileSync(join(dir, "..", "x.arrow"), "outside");
    writeFileSync(join(dir, "stress.json"), JSON.stringify(s));
    expect(() => readStressView(dir)).toThrow(BadNameError);
    // a missing file: no trajectories
    s.trajectories.shocked = "gone.arrow";
    writeFileSync(join(dir, "stress.json"), JSON.stringify(s));
    expect(readStressView(dir)!.trajectories).toBeNull();
  });

  it("reads a comparison: each value's folder, named key=value", () => {
    const dir = mkdtempSync(join(tmpdir(), "tokensim-compare-"));
    writeStressCompare(dir);
    const c = readStressCompareView(dir);
    expect(c.values.map((v) => [v.value, v.breakingUsd, v.view?.kind])).toEqual([
      ["fixed", 5, "stress"],
      ["burnPegged", null, "stress"],
    ]);
    expect(() => compareValueDir(dir, "emission.policy", "../..")).toThrow(BadNameError);
    expect(() => compareValueDir(dir, "emission.policy", "none")).toThrow(NotFoundError);
  });
});

describe("study folders", () => {
  it("lists optimize and stress folders, never through a link out of the results", () => {
    const root = mkdtempSync(join(tmpdir(), "tokensim-studies-"));
    const results = join(root, "results");
    mkdirSync(results);
    for (const d of ["opt-single", "stress"])
      cpSync(join(STUDIES, d), join(results, d), { recursive: true });
    cpSync(join(STUDIES, "opt-pareto"), join(root, "outside"), { recursive: true });
    symlinkSync(join(root, "outside"), join(results, "linked"));
    mkdirSync(join(results, "plain"));
    const list = listStudies(results);
    expect(list.map((s) => [s.id, s.kind, s.complete])).toEqual([
      ["opt-single", "optimize", true],
      ["stress", "stress", true],
    ]);
    expect(list[0]!.summary).toBe("cma-es: max:median(priceEndUsd)");
    expect(list[1]!.summary).toBe("cheapest crash shock with P(spiral) ≥ 0.5");
    expect(() => studyDir(results, "linked")).toThrow(BadNameError);
    expect(() => studyDir(results, "..")).toThrow(BadNameError);
    expect(() => studyDir(results, "../outside")).toThrow(BadNameError);
    expect(() => studyDir(results, "plain")).toThrow(NotFoundError);
    // a study's file linked out of its folder is refused, not read
    cpSync(join(results, "opt-single"), join(results, "opt-linked"), { recursive: true });
    const linkedFile = join(results, "opt-linked", "optimize.json");
    rmSync(linkedFile);
    symlinkSync(join(root, "outside", "optimize.json"), linkedFile);
    expect(() => readOptimizeView(join(results, "opt-linked"))).toThrow(/links out/);
  });
});

describe("the analysis payload", () => {
  it("carries analysis.json, the points and every axis name to the page, and back", async () => {
    const dir = join(mkdtempSync(join(tmpdir(), "tokensim-payload-")), "saltelli");
    writeSyntheticSaltelli(dir);
    const data = (await readAnalysis(dir))!;
    const payload = JSON.parse(JSON.stringify(toPayload(data)));
    const back = fromPayload(payload);
    expect(back.analysis).toEqual(JSON.parse(JSON.stringify(data.analysis)));
    expect(back.points).toEqual(data.points);
    expect([...back.logScale]).toEqual([...data.logScale]);
    for (const p of data.analysis.parameters) expect(back.param(p)).toEqual(data.param(p));
    for (const o of data.analysis.outcomes)
      expect(back.outcome(o.name)).toEqual(data.outcome(o.name));
    expect(back.param("unknown.key")).toEqual({ name: "unknown.key", unit: "" });
  });
});
