import { readFileSync } from "node:fs";
import { tableFromIPC } from "apache-arrow";
import { beforeAll, describe, expect, it } from "vitest";
import { MemorySink } from "../../engine/metrics/arrow.ts";
import { runSimulation } from "../../engine/pipeline/run.ts";
import { loadScenario, resolveParams } from "../../engine/scenario.ts";
import {
  IO_ALLOCATIONS,
  IO_CLIFF_STEP,
  IO_DAILY_TOKENS,
  IO_FEE_SHARE,
  IO_MONTH1_TOKENS,
  IO_YEAR1_TOKENS,
  ionetScheduleTokens,
} from "../../scenarios/ionet.ts";

describe("ionet: the published figures", () => {
  it("derives the schedule from 8% of 500M falling 1.02% a month", () => {
    // 8% a year of the 500M launch supply: 40M a year, 3,333,333 IO in month 1.
    expect(IO_MONTH1_TOKENS).toBeCloseTo(3_333_333.33, 1);
    // Year 1 by hand: 3,333,333 · (1 − 0.9898^12) / 0.0102.
    expect(IO_YEAR1_TOKENS).toBeCloseTo((IO_MONTH1_TOKENS * (1 - 0.9898 ** 12)) / 0.0102, 3);
    expect(IO_YEAR1_TOKENS).toBeGreaterThan(37_830_000);
    expect(IO_YEAR1_TOKENS).toBeLessThan(37_831_000);
    // 300M over 20 years (docs.io.net): the schedule reaches 298.9M, within 0.5%.
    expect(Math.abs(ionetScheduleTokens(20 * 8760) / 300e6 - 1)).toBeLessThan(0.005);
    // ... and never passes the 300M that the 800M cap leaves.
    expect(ionetScheduleTokens(60 * 8760)).toBe(300e6);
    // Fees: 0.25% + 2% on each side of a USDC payment, over what the renter pays.
    expect(IO_FEE_SHARE).toBeCloseTo(0.045 / 1.0225, 12);
    // Allocations at launch add up to the 500M.
    const sum = Object.values(IO_ALLOCATIONS).reduce((a, b) => a + b, 0);
    expect(sum).toBeCloseTo(500e6, 0);
  });
});

describe("ionet: a run against the schedule", () => {
  const steps = IO_CLIFF_STEP + 48;
  let col: (name: string) => Float64Array;

  beforeAll(async () => {
    const scenario = await loadScenario("ionet");
    const params = resolveParams(scenario, [
      `sim.steps=${steps}`,
      "providers.initial=300",
      "providers.maxTotal=600",
      "demand.baseGpuHoursPerHour=270",
      "market.ammUsdDepth=1000000",
      "economics.entryMaxPerEpoch=1",
    ]);
    const sink = new MemorySink();
    const summary = await runSimulation({ scenario, params, seed: 7 }, sink);
    expect(summary.status).toBe("ok");
    const t = tableFromIPC(sink.bytes());
    col = (name) => t.getChild(name)!.toArray() as Float64Array;
  }, 120_000);

  it("opens with its question and sources", () => {
    const src = readFileSync(new URL("../../scenarios/ionet.ts", import.meta.url), "utf8");
    expect(src.startsWith("/**")).toBe(true);
    expect(src).toMatch(/Question it answers/);
    expect(src).toMatch(/What to look at/);
    expect(src).toMatch(/https:\/\/docs\.io\.net\/docs\/io-tokenomics/);
  });

  it("mints the published year 1 (37.83M IO) within 0.1%, starting at 110,133 IO a day", () => {
    const base = col("baseEmissionTokens");
    expect(base[23]).toBeCloseTo(IO_DAILY_TOKENS, 6);
    let year1 = 0;
    for (let s = 0; s < 365 * 24; s++) year1 += base[s]!;
    expect(Math.abs(year1 / IO_YEAR1_TOKENS - 1)).toBeLessThan(0.001);
    // Every month within 0.5% of the stepped schedule's cumulative total.
    for (let m = 1; m <= 12; m++) {
      const days = Math.floor((m * 365) / 12);
      let sum = 0;
      for (let s = 0; s < days * 24; s++) sum += base[s]!;
      expect(Math.abs(sum / ionetScheduleTokens(days * 24) - 1)).toBeLessThan(0.005);
    }
  });

  it("unlocks nothing of the investors' and core contributors' coins before month 13", () => {
    const locked = col("lockedTokens");
    const ecoLocked = (step: number) =>
      IO_ALLOCATIONS.ecosystem * Math.max(0, 1 - (step + 1) / (1460 * 24));
    const nonEco = (step: number) => locked[step]! - ecoLocked(step);
    const both = IO_ALLOCATIONS.investors + IO_ALLOCATIONS.coreContributors;
    for (const s of [0, 24 * 100, 365 * 24, IO_CLIFF_STEP - 1]) {
      expect(Math.abs(nonEco(s) - both)).toBeLessThan(1);
    }
    // At the cliff (day 395.4): 1/24 of the investors' and 1/36 of the core contributors'.
    const tranche = nonEco(IO_CLIFF_STEP - 1) - nonEco(IO_CLIFF_STEP);
    expect(tranche).toBeCloseTo(
      IO_ALLOCATIONS.investors / 24 + IO_ALLOCATIONS.coreContributors / 36,
      0,
    );
    // Nothing more until the next month.
    expect(Math.abs(nonEco(IO_CLIFF_STEP + 47) - nonEco(IO_CLIFF_STEP))).toBeLessThan(1);
  });

  it("burns through the fee-funded buy-back only, not job payments", () => {
    const sum = (c: string) => col(c).reduce((a, b) => a + b, 0);
    expect(sum("buybackTokens")).toBeGreaterThan(0);
    // All fees (less the re-runs the treasury pays) buy back, but the last part-day's.
    const fees = sum("feeUsd");
    expect(Math.abs(sum("buybackUsd") - (fees - sum("verificationCostUsd")))).toBeLessThan(
      0.01 * fees,
    );
    expect(sum("burnUsd")).toBeLessThan(1e-6 * sum("revenueUsd"));
  });
});
