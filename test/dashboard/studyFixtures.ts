import { cpSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { tableFromArrays } from "apache-arrow";
import { tableToIpcFile, withSchema } from "../../engine/metrics/ipcFile.ts";

/**
 * Real, small outputs of `tokensim optimize` (opt-single: one objective,
 * CMA-ES; opt-pareto: two objectives, NSGA-II) and `tokensim stress` (stress:
 * the crash network, 300 providers; stress.json, optimize.json, history.arrow,
 * study.json; generations/ and the wrapper scenario left out).
 */
export const STUDIES = join(import.meta.dirname, "fixtures/studies");

/**
 * Writes a `stress --compare emission.policy=fixed,burnPegged` folder into
 * `dir`: compare.json and a copy of the stress fixture per value (the second
 * with no confirmed breaking point in compare.json).
 */
export function writeStressCompare(dir: string): void {
  mkdirSync(dir, { recursive: true });
  for (const v of ["fixed", "burnPegged"])
    cpSync(join(STUDIES, "stress"), join(dir, `emission.policy=${v}`), { recursive: true });
  writeFileSync(
    join(dir, "compare.json"),
    JSON.stringify({
      format: "tokensim-stress-compare/1",
      key: "emission.policy",
      results: [
        { value: "fixed", out: "/elsewhere", breakingPoint: { cost: { totalUsd: 5 } } },
        { value: "burnPegged", out: "/elsewhere", breakingPoint: null },
      ],
    }),
  );
}

/**
 * Copies the three study fixtures, a stress folder with trajectories
 * (`stress-traj`) and a comparison into the results folder `results`.
 */
export function writeStudies(results: string): void {
  for (const d of ["opt-single", "opt-pareto", "stress"])
    cpSync(join(STUDIES, d), join(results, d), { recursive: true });
  writeStressWithTrajectories(join(results, "stress-traj"));
  writeStressCompare(join(results, "stress-compare"));
}

/**
 * Writes the stress fixture into `dir` as a newer `tokensim stress` writes it:
 * with `trajectories` in stress.json and its two per-step files, made here
 * (48 hourly steps of price, active providers and the spiral flag: the
 * baseline drifts down, the shocked run crashes at step 12 and spirals from
 * step 20), small and round, not simulated.
 */
export function writeStressWithTrajectories(dir: string): void {
  cpSync(join(STUDIES, "stress"), dir, { recursive: true });
  const steps = Array.from({ length: 48 }, (_, i) => i);
  const run = (shocked: boolean) => {
    const t = tableFromArrays({
      step: Int32Array.from(steps),
      priceUsd: Float64Array.from(steps, (i) =>
        shocked && i >= 12 ? 0.1 + 0.8 * 0.5 ** (i - 11) : 1 - i / 200,
      ),
      providersActive: Float64Array.from(steps, (i) =>
        shocked && i >= 16 ? 300 - 5 * (i - 15) : 300,
      ),
      spiralActive: Float64Array.from(steps, (i) => (shocked && i >= 20 ? 1 : 0)),
    });
    return tableToIpcFile(withSchema(t, t.schema.fields, new Map([["tokensim.stepHours", "1"]])));
  };
  writeFileSync(join(dir, "breaking-run.arrow"), run(true));
  writeFileSync(join(dir, "baseline-run.arrow"), run(false));
  const path = join(dir, "stress.json");
  const s = JSON.parse(readFileSync(path, "utf8"));
  s.trajectories = {
    shocked: "breaking-run.arrow",
    baseline: "baseline-run.arrow",
    seed: 1234,
    run: 2,
    sets: s.breakingPoint.sets,
  };
  writeFileSync(path, JSON.stringify(s, null, 2));
}

/** A fit's `hindcast.json`: one series of three monthly observations (two fitted) and a band. */
export const HINDCAST = {
  kind: "hindcast",
  scenario: "helium-halving",
  start: "2021-01-01",
  until: "2021-02-01",
  runs: 4,
  series: [
    {
      column: "providersActive",
      file: "hotspots.csv",
      unit: "providers",
      aggregate: "point",
      times: ["2021-01-01", "2021-02-01", "2021-03-01"],
      observed: [10, 20, 30],
      fitted: [true, true, false],
      bands: [{ label: "as observed", p10: [9, 18, 25], p50: [10, 21, 29], p90: [11, 24, 33] }],
    },
  ],
};

/** Writes a fit's folder (`hindcast.json`), or a counterfactual's (and `counterfactual.json`). */
export function writeHindcastStudy(dir: string, counterfactual = false): void {
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, "hindcast.json"), JSON.stringify(HINDCAST));
  if (counterfactual) writeFileSync(join(dir, "counterfactual.json"), "{}");
}
