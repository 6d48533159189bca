import { tableFromIPC } from "apache-arrow";
import { describe, expect, it } from "vitest";
import { MemorySink } from "../../engine/metrics/arrow.ts";
import { runSimulation } from "../../engine/pipeline/run.ts";
import { resolveParams, type Scenario } from "../../engine/scenario.ts";
import {
  HIP20_DAILY_TOKENS,
  HIP20_MAX_SUPPLY,
  scenario as helium,
} from "../../scenarios/helium-halving.ts";
import { RNP006_YEAR1_TOKENS, scenario as render } from "../../scenarios/render-bme.ts";

/** Runs a scenario and returns per-epoch sums of the named columns (epoch = 24 steps). */
async function epochSeries(s: Scenario, sets: string[], cols: string[]) {
  const params = resolveParams(s, sets);
  const sink = new MemorySink();
  const summary = await runSimulation({ scenario: s, params, seed: 7 }, sink);
  expect(summary.status).toBe("ok");
  const t = tableFromIPC(sink.bytes());
  const out: Record<string, number[]> = {};
  for (const c of cols) {
    const v = t.getChild(c)!.toArray() as Float64Array;
    const e: number[] = [];
    for (let i = 0; i < v.length; i++) e[Math.floor(i / 24)] = (e[Math.floor(i / 24)] ?? 0) + v[i]!;
    out[c] = e;
  }
  return { summary, out, table: t };
}
const cumulative = (xs: number[], n: number) => xs.slice(0, n).reduce((a, b) => a + b, 0);
const SMALL = ["providers.initial=400", "providers.maxTotal=800", "demand.baseGpuHoursPerHour=360"];

describe("published emission schedules", () => {
  it("render-bme mints RNP-006's 9,126,804 RENDER in year 1, 25% of it to node operators", async () => {
    const { out, table } = await epochSeries(render, SMALL, ["baseEmissionTokens"]);
    const base = out.baseEmissionTokens!;
    expect(base.length).toBe(365);
    expect(cumulative(base, 365)).toBeCloseTo(RNP006_YEAR1_TOKENS, 3);
    // 760,567 per month: the first 30 and 365/12 days.
    expect(cumulative(base, 30)).toBeCloseTo((RNP006_YEAR1_TOKENS * 30) / 365, 4);
    expect((RNP006_YEAR1_TOKENS / 12).toFixed(0)).toBe("760567");
    for (const b of base) expect(b).toBeCloseTo(RNP006_YEAR1_TOKENS / 365, 6);
    // The 25% non-operator pools are the treasury share (foundation 50%, operators 25%).
    const treasury = table.getChild("treasuryTokens")!.toArray() as Float64Array;
    const t0 = treasury[0]!;
    expect(treasury[treasury.length - 1]! - t0).toBeCloseTo(0.25 * RNP006_YEAR1_TOKENS, 3);
  });

  it("helium-halving follows HIP-20: 5M/month, halving at two years, capped at 223M, net emissions ≤ 1%", async () => {
    const epochs = 1200;
    const { out } = await epochSeries(
      helium,
      [...SMALL, `sim.steps=${epochs * 24}`],
      ["baseEmissionTokens", "netEmissionTokens"],
    );
    const base = out.baseEmissionTokens!;
    const net = out.netEmissionTokens!;
    // 5M per month for 24 months = 120M by the first halving (epoch 730).
    expect(cumulative(base, 730)).toBeCloseTo(120_000_000, 2);
    expect(base[0]).toBeCloseTo(HIP20_DAILY_TOKENS, 6);
    expect(base[730]).toBeCloseTo(HIP20_DAILY_TOKENS / 2, 6);
    // Year 3 at 2.5M per month: 150M by epoch 1095.
    expect(cumulative(base, 1095)).toBeCloseTo(150_000_000, 2);
    // Genesis 70M + base emission reaches the 223M maximum supply and stops.
    expect(70_000_000 + cumulative(base, epochs)).toBeCloseTo(HIP20_MAX_SUPPLY, 2);
    expect(base[epochs - 1]).toBe(0);
    // Net emissions: positive, never above 1% of that epoch's base emission.
    expect(cumulative(net, 730)).toBeGreaterThan(0);
    for (let e = 0; e < epochs; e++) expect(net[e]!).toBeLessThanOrEqual(0.01 * base[e]! + 1e-6);
  });
});
