import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { Field, Float64, Int32, Schema, Table, tableToIPC, vectorFromArray } from "apache-arrow";

/** Variations of the synthetic sweep: failed runs, no per-step files, unfinished points. */
export interface SyntheticOptions {
  /**
   * Runs that failed an invariant, by point: their price blows up to 3e+83 from
   * step 25 and their per-step file stops at step 30, where the invariant broke.
   */
  failed?: Record<number, number[]>;
  /** Write no per-step files (a sweep run with `--no-steps`). */
  noSteps?: boolean;
  /** Points with no finished run (an interrupted sweep: no sweep.arrow either). */
  unfinished?: number[];
  /** Hardware classes of the `active_<class>` columns (default a and b). */
  classes?: [string, string];
}

/** The message the engine records for the synthetic invariant failure (see InvariantViolation). */
export const FAILURE_MESSAGE =
  "invariant 'supplyConservation' violated at step 30: supplyTokens=3e+83, ledgerTokens=1000000";

/**
 * Writes a small sweep folder with round, hand-made numbers (no simulation):
 * 2 points (emission.tokensPerEpoch 1000, 2000) × 3 runs × 48 hourly steps.
 * Run 2 of point 1 "spirals" from step 24 to 35. The layout is the engine's
 * (manifest.json, summaries/, steps/point=NNNN/run=NNNNN.arrow, sweep.arrow).
 */
export function writeSyntheticSweep(dir: string, opts: SyntheticOptions = {}): void {
  const steps = 48;
  const points = [1000, 2000];
  const failedAt = 30;
  mkdirSync(join(dir, "summaries"), { recursive: true });
  writeFileSync(
    join(dir, "manifest.json"),
    JSON.stringify({
      format: "tokensim-sweep/1",
      tokensimVersion: "test",
      scenario: "synthetic",
      scenarioRef: "synthetic",
      scenarioSha256: "0",
      sets: [],
      grid: [{ key: "emission.tokensPerEpoch", values: points.map(String) }],
      zip: [],
      points: points.map((v, index) => ({ index, values: { "emission.tokensPerEpoch": v } })),
      runsPerPoint: 3,
      rootSeed: 1,
      commonRandomNumbers: false,
      seedRule: "test",
      keepSteps: opts.noSteps !== true,
      recordEvery: 1,
    }),
  );
  for (const [p] of points.entries())
    for (let r = 0; r < 3; r++) {
      if (opts.unfinished?.includes(p)) continue;
      const failed = opts.failed?.[p]?.includes(r) === true;
      const rows = failed ? failedAt + 1 : steps;
      const spiral = p === 1 && r === 2 && !failed;
      const col = (f: (s: number) => number) => Float64Array.from({ length: rows }, (_, s) => f(s));
      const down = (s: number) => (spiral && s >= 24 ? 0.5 : 1);
      const cols: Record<string, Float64Array> = {
        priceUsd: col((s) => (failed && s >= 25 ? 3e83 : (1 + r / 10 + s / 100) * down(s))),
        supplyTokens: col((s) => 1e6 + 1000 * s * (p + 1)),
        cumMintedTokens: col((s) => 2000 * s),
        cumBurnedTokens: col((s) => 1000 * s * (r + 1)),
        providersActive: col((s) => 100 - (spiral && s >= 24 ? 40 : 0) + r),
        providersOnboarding: col(() => 5),
        providersExiting: col((s) => (spiral && s >= 24 && s < 30 ? 10 : 0)),
        providersJailed: col(() => r),
        [`active_${opts.classes?.[0] ?? "a"}`]: col(() => 60 + r),
        [`active_${opts.classes?.[1] ?? "b"}`]: col((s) => 40 - (spiral && s >= 24 ? 40 : 0)),
        utilisation: col((s) => 0.5 + (s % 4) / 10),
        latencyP50Ms: col(() => 100 + 10 * r),
        latencyP95Ms: col(() => 300 + 10 * r),
        jobsDropped: col((s) => (s % 12 === 0 ? 50 : 0)),
        demandQuality: col((s) => (spiral && s >= 24 ? 0.75 : 1)),
        slashedTokens: col((s) => (s % 24 === 23 ? 500 : 0)),
        spiralActive: col((s) => (spiral && s >= 24 && s < 36 ? 1 : 0)),
        profitP50UsdPerHour: col((s) => (spiral && s >= 24 ? -0.5 : 0.25 * (p + 1) + r / 10)),
      };
      if (opts.noSteps !== true) {
        const stepDir = join(dir, "steps", `point=${String(p).padStart(4, "0")}`);
        mkdirSync(stepDir, { recursive: true });
        writeFileSync(
          join(stepDir, `run=${String(r).padStart(5, "0")}.arrow`),
          stepsTable(p, r, rows, cols),
        );
      }
      const spirals = spiral
        ? [
            {
              startStep: 24,
              endStep: 35,
              legs: ["priceDrawdown", "providerExodus"],
              maxPriceDrawdownPct: 50,
              maxProviderLossPct: 40,
              maxDemandLossPct: 25,
              endedBy: "recovery",
            },
          ]
        : [];
      writeFileSync(
        join(
          dir,
          "summaries",
          `p${String(p).padStart(4, "0")}-r${String(r).padStart(5, "0")}.json`,
        ),
        JSON.stringify({
          point: p,
          run: r,
          seed: 100 * p + r,
          status: failed ? "failed" : "ok",
          message: failed ? FAILURE_MESSAGE : "",
          sets: [`emission.tokensPerEpoch=${points[p]}`],
          stepsCompleted: failed ? failedAt : steps,
          headline: {
            priceEndUsd: failed ? 3e83 : 1.5,
            maxDrawdownPct: spiral ? 50 : 0,
            providersActiveEnd: 100,
          },
          deathSpirals: spirals,
        }),
      );
    }
  // An interrupted sweep has no sweep.arrow (it is written when every run is done).
  if (opts.unfinished?.length) return;
  const failedRuns = points.map((_, p) => opts.failed?.[p]?.length ?? 0);
  const sweep = new Table({
    point: vectorFromArray(Int32Array.from([0, 1])),
    "param.emission.tokensPerEpoch": vectorFromArray(Float64Array.from(points)),
    ...(opts.failed
      ? {
          runs: vectorFromArray(Int32Array.from([3, 3])),
          failedRuns: vectorFromArray(Int32Array.from(failedRuns)),
        }
      : {}),
    pDeathSpiral: vectorFromArray(
      Float64Array.from([0, 1 / 3].map((v, p) => (failedRuns[p] === 3 ? Number.NaN : v))),
    ),
    priceEndUsd_p50: vectorFromArray(
      Float64Array.from([1.5, 1.25].map((v, p) => (failedRuns[p] === 3 ? Number.NaN : v))),
    ),
  });
  writeFileSync(join(dir, "sweep.arrow"), tableToIPC(sweep, "file"));
}

/** One run's per-step table as the engine writes it (run, point, step, then the metrics). */
function stepsTable(
  p: number,
  r: number,
  rows: number,
  cols: Record<string, Float64Array>,
): Uint8Array {
  const ints = {
    run: Int32Array.from({ length: rows }, () => r),
    point: Int32Array.from({ length: rows }, () => p),
    step: Int32Array.from({ length: rows }, (_, s) => s),
  };
  const fields = [
    ...Object.keys(ints).map((n) => new Field(n, new Int32(), false)),
    ...Object.keys(cols).map((n) => new Field(n, new Float64(), false)),
  ];
  const schema = new Schema(fields, new Map([["tokensim.stepHours", "1"]]));
  const vectors = Object.fromEntries(
    Object.entries({ ...ints, ...cols }).map(([n, a]) => [n, vectorFromArray(a)]),
  );
  const table = new Table(vectors);
  return tableToIPC(new Table(schema, table.batches), "file");
}

/**
 * Writes a single run's folder (as `tokensim run` does: summary.json and
 * steps.arrow) whose run failed an invariant at step 30, its price at 3e+83.
 */
export function writeSyntheticFailedRun(dir: string): void {
  mkdirSync(dir, { recursive: true });
  const rows = 31;
  const col = (f: (s: number) => number) => Float64Array.from({ length: rows }, (_, s) => f(s));
  writeFileSync(
    join(dir, "steps.arrow"),
    stepsTable(0, 0, rows, {
      priceUsd: col((s) => (s >= 25 ? 3e83 : 1)),
      supplyTokens: col(() => 1e6),
      spiralActive: col(() => 0),
    }),
  );
  writeFileSync(
    join(dir, "summary.json"),
    JSON.stringify({
      tokensimVersion: "test",
      scenario: "synthetic",
      seed: 7,
      runIndex: 0,
      pointIndex: 0,
      steps: 48,
      stepsCompleted: 30,
      status: "failed",
      failure: {
        invariant: "supplyConservation",
        step: 30,
        message: FAILURE_MESSAGE,
        values: { supplyTokens: 3e83, ledgerTokens: 1e6 },
      },
      headline: { priceEndUsd: 3e83 },
      deathSpirals: [],
    }),
  );
}

/** The steps of a year of hourly steps, and where the synthetic year-long run's shock and spiral are. */
export const YEAR = { steps: 8760, crashStep: 30 * 24, spiralStart: 33 * 24, spiralEnd: 120 * 24 };

/**
 * Writes a single year-long run's folder (8,760 hourly steps, as `tokensim run
 * crash-death-spiral --set sim.steps=8760` does) whose recorded parameters hold
 * the scenario's market crash (−70% from day 30, for a week), and which
 * spirals from day 33 to day 120.
 */
export function writeSyntheticYearRun(dir: string): void {
  mkdirSync(dir, { recursive: true });
  const rows = YEAR.steps;
  const col = (f: (s: number) => number) => Float64Array.from({ length: rows }, (_, s) => f(s));
  const crash = (s: number) => (s < YEAR.crashStep ? 1 : s < YEAR.crashStep + 168 ? 0.6 : 0.3);
  const spiral = (s: number) => s >= YEAR.spiralStart && s <= YEAR.spiralEnd;
  writeFileSync(
    join(dir, "steps.arrow"),
    stepsTable(0, 0, rows, {
      priceUsd: col((s) => crash(s) * (1 + Math.sin(s / 100) / 20)),
      supplyTokens: col((s) => 1e6 + 10 * s),
      cumMintedTokens: col((s) => 2000 * s),
      cumBurnedTokens: col((s) => 800 * s),
      providersActive: col((s) => (spiral(s) ? 60 : 100)),
      providersOnboarding: col(() => 5),
      providersExiting: col((s) => (spiral(s) ? 8 : 0)),
      providersJailed: col(() => 1),
      active_a: col(() => 60),
      active_b: col((s) => (spiral(s) ? 0 : 40)),
      utilisation: col((s) => 0.5 + (s % 4) / 10),
      latencyP50Ms: col(() => 100),
      latencyP95Ms: col(() => 300),
      jobsDropped: col((s) => (s % 12 === 0 ? 50 : 0)),
      demandQuality: col((s) => (spiral(s) ? 0.75 : 1)),
      slashedTokens: col((s) => (s % 24 === 23 ? 500 : 0)),
      spiralActive: col((s) => (s >= YEAR.spiralStart + 168 && spiral(s) ? 1 : 0)),
      profitP50UsdPerHour: col((s) => (spiral(s) ? -0.5 : 0.25)),
    }),
  );
  writeFileSync(
    join(dir, "summary.json"),
    JSON.stringify({
      tokensimVersion: "test",
      scenario: "crash-death-spiral",
      seed: 42,
      runIndex: 0,
      pointIndex: 0,
      steps: rows,
      stepsCompleted: rows,
      status: "ok",
      params: {
        sim: { steps: rows, stepHours: 1 },
        spiral: { minSteps: 168 },
        shocks: { crashStartStep: YEAR.crashStep, crashSteps: 168, crashDrop: 0.7 },
      },
      headline: { priceEndUsd: 0.3, maxDrawdownPct: 70, providersActiveEnd: 100 },
      deathSpirals: [
        {
          startStep: YEAR.spiralStart,
          endStep: YEAR.spiralEnd,
          legs: ["priceDrawdown", "providerExodus", "demandChurn"],
          maxPriceDrawdownPct: 70,
          maxProviderLossPct: 40,
          maxDemandLossPct: 25,
          endedBy: "recovery",
        },
      ],
    }),
  );
}
