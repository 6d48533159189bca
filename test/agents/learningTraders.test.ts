/**
 * Learning speculators (issue 22): they split their order between trend following
 * and mean reversion in proportion to each rule's recent (positive) profit. On a
 * steady trend the trend rule makes money and takes the whole weight; on a price
 * that zig-zags the reversion rule does.
 */
import { describe, expect, it } from "vitest";
import { LearningTraders } from "../../engine/mechanisms/agents/learningTraders.ts";
import { scenario as baseline } from "../../scenarios/baseline.ts";
import { runTable } from "../helpers/runTable.ts";

describe("LearningTraders", () => {
  it("moves its weight to trend following on a steady trend, and buys", () => {
    const t = new LearningTraders({ share: 0.1, lookbackSteps: 4, memorySteps: 10 });
    let order = 0;
    for (let k = 0; k < 50; k++) order = t.order(1.01 ** k, 1000);
    expect(t.weight).toBe(1);
    // All weight on the trend signal ln(P/P_lag) = 4·ln 1.01.
    expect(order).toBeCloseTo(0.1 * 1000 * 4 * Math.log(1.01), 10);
  });

  it("moves its weight to mean reversion on a zig-zag price", () => {
    const t = new LearningTraders({ share: 0.1, lookbackSteps: 1, memorySteps: 10 });
    for (let k = 0; k < 50; k++) t.order(k % 2 === 0 ? 1 : 1.1, 1000);
    expect(t.weight).toBe(0);
    // Just moved up to 1.1 (k = 49): reversion sells.
    expect(t.orderUsd).toBeCloseTo(0.1 * 1000 * Math.log(1 / 1.1), 10);
  });

  it("stays at one half and does not trade before it has a full look-back", () => {
    const t = new LearningTraders({ share: 0.1, lookbackSteps: 5, memorySteps: 10 });
    for (let k = 0; k < 5; k++) expect(t.order(1 + k / 10, 1000)).toBe(0);
    expect(t.weight).toBe(0.5);
  });
});

describe("learningTraders in a scenario", () => {
  const run = (sets: string[]) =>
    runTable(
      baseline,
      [
        "sim.steps=480",
        "providers.initial=200",
        "providers.maxTotal=400",
        "demand.baseGpuHoursPerHour=100",
        ...sets,
      ],
      5,
    );

  it("off adds no column; on trades, records its weight, and gives the same bytes each run", async () => {
    const off = await run([]);
    expect(off.table.getChild("learnedTrendWeight")).toBeNull();
    const a = await run(["learningTraders.share=0.5"]);
    const b = await run(["learningTraders.share=0.5"]);
    expect(Buffer.from(a.bytes).equals(Buffer.from(b.bytes))).toBe(true);
    const usd = a.table.getChild("learningTraderUsd")!.toArray() as Float64Array;
    const weight = a.table.getChild("learnedTrendWeight")!.toArray() as Float64Array;
    expect(usd.some((x) => x !== 0)).toBe(true);
    for (const x of weight) expect(x >= 0 && x <= 1).toBe(true);
    // Its trades move the price: the price path differs from the run without it.
    const price = (t: typeof a.table) => t.getChild("priceUsd")!.toArray() as Float64Array;
    expect(price(a.table)[479]).not.toBe(price(off.table)[479]);
  }, 120_000);
});
