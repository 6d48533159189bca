import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { type Table, tableFromIPC } from "apache-arrow";
import { afterAll, describe, expect, it } from "vitest";
import { MemorySink } from "../../engine/metrics/arrow.ts";
import { DEFAULT_PHASES, definePhase } from "../../engine/pipeline/phases.ts";
import { runSimulation } from "../../engine/pipeline/run.ts";
import { type PhaseEntry, resolveParams } from "../../engine/scenario.ts";
import { type SeriesInputs, seriesInputs } from "../../engine/series/inputs.ts";
import { readSeries } from "../../engine/series/read.ts";
import { Status } from "../../engine/state/providers.ts";
import { scenario as baseline } from "../../scenarios/baseline.ts";

const HNT_DAILY = new URL(
  "../../scenarios/data/history/helium_hnt_price_usd_daily.csv",
  import.meta.url,
);
const dir = mkdtempSync(join(tmpdir(), "tokensim-inputs-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** A daily series from 2022-01-01 with one value per day. */
function daily(name: string, unit: string, values: number[]): string {
  const path = join(dir, name);
  const rows = values.map(
    (v, i) => `${new Date(Date.UTC(2022, 0, 1 + i)).toISOString().slice(0, 10)},${v},${unit}`,
  );
  writeFileSync(path, `time,value,unit\n${rows.join("\n")}\n`);
  return path;
}

async function run(inputs: SeriesInputs | undefined, sets: string[], extra: PhaseEntry[] = []) {
  const params = resolveParams(baseline, [
    "providers.initial=300",
    "demand.baseGpuHoursPerHour=270",
    "sim.steps=720",
    ...sets,
  ]);
  const phases = [...(inputs ? [seriesInputs(inputs)] : []), ...DEFAULT_PHASES, ...extra];
  const sink = new MemorySink();
  const summary = await runSimulation({ scenario: { ...baseline, phases }, params, seed: 3 }, sink);
  return { summary, table: tableFromIPC(sink.bytes()) };
}

const column = (t: Table, name: string) => Array.from(t.getChild(name)!.toArray() as Float64Array);

describe("seriesInputs: scenario inputs from data", () => {
  it("replays Helium's 2022 price as the external market's price; full arbitrage makes it the pool's", async () => {
    const { summary, table } = await run(
      { start: "2022-05-01", externalPriceUsd: { file: HNT_DAILY, unit: "USD_per_HNT" } },
      ["market.externalMarket=true", "market.arbitrageShare=1", "market.initialPriceUsd=18"],
    );
    expect(summary.status).toBe("ok");
    const external = column(table, "externalPriceUsd");
    // 2022-05-01 .. 2022-05-30 from the file, each day's snapshot held for 24 steps.
    const file = readSeries(HNT_DAILY);
    const may1 = file.times.indexOf(Date.UTC(2022, 4, 1));
    expect(external[0]).toBe(file.values[may1]);
    expect(external[24]).toBe(file.values[may1 + 1]);
    expect(external[719]).toBe(file.values[may1 + 29]);
    expect(new Set(external.slice(0, 24)).size).toBe(1);
    expect(external[24]).not.toBe(external[23]);
    // The May 2022 fall is in the price the pool ends each step at (within 2%).
    const pool = column(table, "priceUsd");
    for (let k = 0; k < 720; k += 24)
      expect(Math.abs(pool[k]! / external[k]! - 1), `step ${k}`).toBeLessThan(0.02);
    expect(external[719]! / external[0]!).toBeLessThan(0.8);
  });

  it("multiply demand by a factor from data (the whole network, or one region)", async () => {
    const two = daily("two.csv", "ratio", new Array(31).fill(2));
    // No bursts (runs with different means draw different burst paths from the
    // shared demand stream), no quality churn or price elasticity (they answer load).
    const fixed = [
      "demand.burstProbability=0",
      "demand.churnSensitivity=0",
      "demand.priceElasticity=0",
    ];
    const base = await run(undefined, fixed);
    const doubled = await run(
      { start: "2022-01-01", demandFactor: { file: two, unit: "ratio" } },
      fixed,
    );
    const sum = (t: Table) => column(t, "jobsArrived").reduce((a, b) => a + b, 0);
    expect(sum(doubled.table) / sum(base.table)).toBeGreaterThan(1.95);
    expect(sum(doubled.table) / sum(base.table)).toBeLessThan(2.05);
    // naEast holds 40% of demand: doubling it alone gives 1.4x.
    const one = await run(
      { start: "2022-01-01", demandFactor: { naEast: { file: two, unit: "ratio" } } },
      fixed,
    );
    expect(sum(one.table) / sum(base.table)).toBeGreaterThan(1.35);
    expect(sum(one.table) / sum(base.table)).toBeLessThan(1.45);
  });

  it("set a region's electricity price from data, for its providers and the entry decisions", async () => {
    // euEast's default is 0.06 USD/kWh: 0.12 doubles its providers' power prices.
    const usd = daily("power.csv", "USD_per_kWh", [
      ...new Array(15).fill(0.12),
      ...new Array(16).fill(0.06),
    ]);
    const seen: number[][] = [];
    const probe = definePhase("probe", (w) => {
      const r = w.regionNames.indexOf("euEast");
      const prices = () => {
        const s = w.providers;
        const out: number[] = [];
        for (let i = 0; i < s.highWater; i++)
          if (s.region[i] === r && s.status[i] === Status.Active) out.push(s.powerPrice[i]!);
        return out;
      };
      let before: number[] = [];
      return {
        name: "probe",
        run(w) {
          if (w.step === 0) before = prices();
          if (w.step === 0 || w.step === 400) {
            const now = prices();
            const same = before.slice(0, 5).map((b, i) => now[i]! / b);
            seen.push([w.shocks.powerFactor[r]!, ...same]);
          }
        },
      };
    });
    const { summary } = await run(
      { start: "2022-01-01", powerUsdPerKwh: { euEast: { file: usd, unit: "USD_per_kWh" } } },
      [],
      [probe],
    );
    expect(summary.status).toBe("ok");
    // Step 0: factor 2 applied (the probe's reference prices are already doubled).
    expect(seen[0]![0]).toBe(2);
    // Day 16 on: back to the region's own price, so factor 1 and prices halved.
    expect(seen[1]![0]).toBeCloseTo(1, 12);
    for (const ratio of seen[1]!.slice(1)) expect(ratio).toBeCloseTo(0.5, 12);
  });

  it("refuse a wrong unit, an unknown region, an off external market and a late inputs phase", async () => {
    const price = { file: HNT_DAILY, unit: "USD_per_HNT" };
    await expect(
      run({ start: "2022-05-01", externalPriceUsd: { file: HNT_DAILY, unit: "USD_per_RNDR" } }, [
        "market.externalMarket=true",
      ]),
    ).rejects.toThrow(
      /is in 'USD_per_HNT', the scenario expects 'USD_per_RNDR' \(units are checked, not converted\)/,
    );
    await expect(run({ start: "2022-05-01", externalPriceUsd: price }, [])).rejects.toThrow(
      /the external market is off \(set market.externalMarket=true\)/,
    );
    // Every input is a level: spreading period totals over steps would be wrong.
    await expect(
      run({ start: "2022-05-01", externalPriceUsd: { ...price, rule: "total" } }, [
        "market.externalMarket=true",
      ]),
    ).rejects.toThrow(
      /rule 'total' spreads period totals over steps, but externalPriceUsd is a level/,
    );
    const usd = daily("p2.csv", "USD_per_kWh", new Array(31).fill(0.1));
    await expect(
      run(
        { start: "2022-01-01", powerUsdPerKwh: { mars: { file: usd, unit: "USD_per_kWh" } } },
        [],
      ),
    ).rejects.toThrow(/no region 'mars' \(regions: naEast, euWest, euEast, asia\)/);
    await expect(
      run({ start: "2023-06-01", externalPriceUsd: price }, ["market.externalMarket=true"]),
    ).rejects.toThrow(
      /helium_hnt_price_usd_daily.csv ends 2023-06-13 \(held at most 36 h past it\): the run needs 2023-06-01 to 2023-06-30/,
    );
    // After the demand phase, which reads this step's factor: the pipeline refuses.
    const late = [
      "shocks",
      "demand",
      seriesInputs({
        start: "2022-01-01",
        demandFactor: { file: daily("one.csv", "ratio", [1, 1]), unit: "ratio" },
      }),
    ];
    const params = resolveParams(baseline, ["sim.steps=24", "providers.initial=20"]);
    await expect(
      runSimulation({ scenario: { ...baseline, phases: late }, params, seed: 1 }, new MemorySink()),
    ).rejects.toThrow(
      /phase 'demand' reads 'demand.inputFactor' as this step leaves it, and 'inputs' writes/,
    );
  });
});
