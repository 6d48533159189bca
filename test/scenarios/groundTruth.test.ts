import { tableFromIPC } from "apache-arrow";
import { describe, expect, it } from "vitest";
import { MemorySink } from "../../engine/metrics/arrow.ts";
import { runSimulation } from "../../engine/pipeline/run.ts";
import { resolveParams, type Scenario } from "../../engine/scenario.ts";
import {
  HIP20_NET_CAP_DAILY,
  HNT_DAILY_TOKENS_2025,
  HNT_SUPPLY_2026_06,
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

  it("helium-halving follows HIP-20 from mid-2026: halving in Aug 2027, net emissions smoothed and capped at a fixed 1,643.84 a day", async () => {
    const epochs = 1200;
    const { out } = await epochSeries(
      helium,
      [...SMALL, `sim.steps=${epochs * 24}`],
      ["baseEmissionTokens", "netEmissionTokens", "burnedTokens", "slashedTokens"],
    );
    const base = out.baseEmissionTokens!;
    const net = out.netEmissionTokens!;
    // The burn net emissions re-mint is the buy-and-burn (slashes are burned but not re-minted).
    const burned = out.burnedTokens!.map((b, e) => b - out.slashedTokens![e]!);
    expect(HIP20_NET_CAP_DAILY).toBeCloseTo(1643.84, 2);
    // 7.5M a year until 1 Aug 2027 (425 days after 2 June 2026), then 3.75M a year.
    expect(base[0]).toBeCloseTo(HNT_DAILY_TOKENS_2025, 6);
    expect(base[424]).toBeCloseTo(HNT_DAILY_TOKENS_2025, 6);
    expect(base[425]).toBeCloseTo(HNT_DAILY_TOKENS_2025 / 2, 6);
    expect(base[425 + 730]).toBeCloseTo(HNT_DAILY_TOKENS_2025 / 4, 6);
    // The 223M cap is far: ~182.5M + the schedule's remaining ~23.6M.
    expect(HNT_SUPPLY_2026_06 + cumulative(base, epochs)).toBeLessThan(206e6);
    // Net emissions follow the smoothed burn, capped by the same fixed amount before
    // and after the halving (the old rule paid 1% of the base, halving with it).
    let target = 0;
    for (let e = 0; e < epochs; e++) {
      target = (6 / 7) * target + burned[e]! / 7;
      expect(net[e]!).toBeCloseTo(Math.min(target, HIP20_NET_CAP_DAILY), 6);
    }
    expect(Math.max(...net.slice(0, 425))).toBeGreaterThan(0);
    expect(Math.max(...net.slice(425))).toBeGreaterThan(0.01 * (HNT_DAILY_TOKENS_2025 / 2));
  });

  it("net emissions go on after max supply is reached (HIP-20)", async () => {
    const { out } = await epochSeries(
      helium,
      [...SMALL, "sim.steps=720", `emission.maxSupplyTokens=${HNT_SUPPLY_2026_06}`],
      ["baseEmissionTokens", "netEmissionTokens"],
    );
    expect(cumulative(out.baseEmissionTokens!, 30)).toBe(0);
    expect(cumulative(out.netEmissionTokens!, 30)).toBeGreaterThan(0);
  });
});
