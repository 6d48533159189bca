import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { Field, Float64, Int32, Schema, Table, tableToIPC, vectorFromArray } from "apache-arrow";

/**
 * Writes a small sweep folder with round, hand-made numbers (no simulation):
 * 2 points (emission.tokensPerEpoch 1000, 2000) × 3 runs × 48 hourly steps.
 * Run 2 of point 1 "spirals" from step 24 to 35. The layout is the engine's
 * (manifest.json, summaries/, steps/point=NNNN/run=NNNNN.arrow, sweep.arrow).
 */
export function writeSyntheticSweep(dir: string): void {
  const steps = 48;
  const points = [1000, 2000];
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
      keepSteps: true,
      recordEvery: 1,
    }),
  );
  for (const [p] of points.entries())
    for (let r = 0; r < 3; r++) {
      const spiral = p === 1 && r === 2;
      const col = (f: (s: number) => number) =>
        Float64Array.from({ length: steps }, (_, s) => f(s));
      const down = (s: number) => (spiral && s >= 24 ? 0.5 : 1);
      const cols: Record<string, Float64Array> = {
        priceUsd: col((s) => (1 + r / 10 + s / 100) * down(s)),
        supplyTokens: col((s) => 1e6 + 1000 * s * (p + 1)),
        cumMintedTokens: col((s) => 2000 * s),
        cumBurnedTokens: col((s) => 1000 * s * (r + 1)),
        providersActive: col((s) => 100 - (spiral && s >= 24 ? 40 : 0) + r),
        providersOnboarding: col(() => 5),
        providersExiting: col((s) => (spiral && s >= 24 && s < 30 ? 10 : 0)),
        providersJailed: col(() => r),
        active_a: col(() => 60 + r),
        active_b: col((s) => 40 - (spiral && s >= 24 ? 40 : 0)),
        utilisation: col((s) => 0.5 + (s % 4) / 10),
        latencyP50Ms: col(() => 100 + 10 * r),
        latencyP95Ms: col(() => 300 + 10 * r),
        jobsDropped: col((s) => (s % 12 === 0 ? 50 : 0)),
        demandQuality: col((s) => (spiral && s >= 24 ? 0.75 : 1)),
        slashedTokens: col((s) => (s % 24 === 23 ? 500 : 0)),
        spiralActive: col((s) => (spiral && s >= 24 && s < 36 ? 1 : 0)),
        profitP50UsdPerHour: col((s) => (spiral && s >= 24 ? -0.5 : 0.25 * (p + 1) + r / 10)),
      };
      const ints = {
        run: Int32Array.from({ length: steps }, () => r),
        point: Int32Array.from({ length: steps }, () => p),
        step: Int32Array.from({ length: steps }, (_, s) => s),
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
      const bytes = tableToIPC(new Table(schema, table.batches), "file");
      const stepDir = join(dir, "steps", `point=${String(p).padStart(4, "0")}`);
      mkdirSync(stepDir, { recursive: true });
      writeFileSync(join(stepDir, `run=${String(r).padStart(5, "0")}.arrow`), bytes);
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
          status: "ok",
          message: "",
          sets: [`emission.tokensPerEpoch=${points[p]}`],
          stepsCompleted: steps,
          headline: { priceEndUsd: 1.5, maxDrawdownPct: spiral ? 50 : 0, providersActiveEnd: 100 },
          deathSpirals: spirals,
        }),
      );
    }
  const sweep = new Table({
    point: vectorFromArray(Int32Array.from([0, 1])),
    "param.emission.tokensPerEpoch": vectorFromArray(Float64Array.from(points)),
    pDeathSpiral: vectorFromArray(Float64Array.from([0, 1 / 3])),
    priceEndUsd_p50: vectorFromArray(Float64Array.from([1.5, 1.25])),
  });
  writeFileSync(join(dir, "sweep.arrow"), tableToIPC(sweep, "file"));
}
