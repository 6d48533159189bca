import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { tableFromIPC } from "apache-arrow";
import { afterAll, describe, expect, it } from "vitest";
import { runFit } from "../../engine/fit/fit.ts";
import { moments } from "../../engine/fit/moments.ts";
import { MemorySink } from "../../engine/metrics/arrow.ts";
import { parseRange } from "../../engine/optimize/ranges.ts";
import { runSimulation } from "../../engine/pipeline/run.ts";
import { resolveParams } from "../../engine/scenario.ts";
import { scenario as baseline } from "../../scenarios/baseline.ts";

const dir = mkdtempSync(join(tmpdir(), "tokensim-fit-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

// 60 days, no bursts, no client churn or elasticity: demand is its level, its
// growth and Poisson noise, which the fit should recover.
const FIXED = [
  "sim.steps=1440",
  "providers.initial=200",
  "demand.burstProbability=0",
  "demand.churnSensitivity=0",
  "demand.priceElasticity=0",
];
const TRUTH = { base: 300, growth: 1.0 };

/** A history made by tokensim itself: jobs arriving at 00:00 UTC each day. */
async function syntheticHistory(): Promise<string> {
  const params = resolveParams(baseline, [
    ...FIXED,
    `demand.baseGpuHoursPerHour=${TRUTH.base}`,
    `demand.growthPerYear=${TRUTH.growth}`,
  ]);
  const sink = new MemorySink();
  await runSimulation({ scenario: baseline, params, seed: 99 }, sink);
  const jobs = tableFromIPC(sink.bytes()).getChild("jobsArrived")!;
  const rows = Array.from({ length: 60 }, (_, day) => {
    const date = new Date(Date.UTC(2022, 0, 1 + day)).toISOString().slice(0, 10);
    return `${date},${jobs.get(day * 24)},jobs,synthetic`;
  });
  const path = join(dir, "jobs.csv");
  writeFileSync(path, `time,value,unit,source_id\n${rows.join("\n")}\n`);
  return path;
}

describe("tokensim fit: method of simulated moments", () => {
  it("computes the moments it matches: mean, least-squares trend, volatility of differences", () => {
    // log(e^(1 + 2t)) = 1 + 2t: mean 1 + 2·mean(t), trend 2, constant differences.
    const years = [0, 0.25, 0.5, 0.75];
    const [mean, trend, vol] = moments(
      years.map((t) => Math.exp(1 + 2 * t)),
      years,
      "log",
      "x",
    );
    expect(mean).toBeCloseTo(1.75, 12);
    expect(trend).toBeCloseTo(2, 12);
    expect(vol).toBeCloseTo(0, 12);
    expect(() => moments([1, 0, 2], [0, 1, 2], "log", "jobs")).toThrow(
      /jobs: value 0 at sample 1 cannot be compared in logs \(use :level\)/,
    );
  });

  it("recovers known demand parameters from a history tokensim generated, and flags one the data cannot see", async () => {
    const file = await syntheticHistory();
    const fit = await runFit({
      scenario: baseline,
      sets: FIXED,
      ranges: [
        parseRange("demand.baseGpuHoursPerHour=100:900:log"),
        parseRange("demand.growthPerYear=0:3"),
        // The fee rate does not move arrivals: it cannot be identified from them.
        parseRange("market.feeRate=0.001:0.05"),
      ].map((r) => ({ ...r, integer: false })),
      targets: [{ column: "jobsArrived", file, transform: "log" }],
      start: "2022-01-01",
      replications: 4,
      generations: 14,
      seed: 5,
    });
    const [base, growth, fee] = fit.parameters;
    expect(Math.abs(base!.value / TRUTH.base - 1)).toBeLessThan(0.1);
    expect(Math.abs(growth!.value - TRUTH.growth)).toBeLessThan(0.35);
    expect(base!.identified).toBe(true);
    expect(growth!.identified).toBe(true);
    // Its interval covers the truth.
    expect(base!.ci95[0]).toBeLessThan(TRUTH.base);
    expect(base!.ci95[1]).toBeGreaterThan(TRUTH.base);
    expect(fee!.identified).toBe(false);
    expect(fee!.note).toMatch(/targets/);
    // Goodness of fit: every moment within 3 sd, most days inside the band.
    for (const m of fit.targets[0]!.moments) expect(Math.abs(m.z), m.name).toBeLessThan(3);
    expect(fit.targets[0]!.observations).toBe(60);
    // Three moments; the two parameters that move them use two degrees of freedom.
    expect(fit.df).toBe(1);
    expect(fit.runs).toBeGreaterThan(100);
  }, 600_000);
});
