import { describe, expect, it } from "vitest";
import { demandTrendFactor, hawkesStep, updateQuality } from "../../engine/mechanisms/demand.ts";
import { clearAuction } from "../../engine/mechanisms/pricing.ts";
import { createRng } from "../../engine/rng/source.ts";
import { defaultParams } from "../../engine/scenario.ts";
import { scenario } from "../../scenarios/baseline.ts";

const d = defaultParams(scenario).demand;

describe("demand", () => {
  it("Hawkes bursts: mean event rate is μ / (1 − branching)", () => {
    const p = { ...d, burstProbability: 0.01, hawkesBranching: 0.5, burstMeanSteps: 6 };
    const rng = createRng("hawkes");
    let a = 0;
    let events = 0;
    const n = 200_000;
    for (let t = 0; t < n; t++) {
      const decay = Math.exp(-1 / p.burstMeanSteps);
      const before = a * decay;
      a = hawkesStep(p, a, rng).activity;
      events += Math.round(a - before);
    }
    expect(events / n).toBeCloseTo(0.02, 2);
  });

  it("growth trend and price elasticity", () => {
    expect(demandTrendFactor({ ...d, growthPerYear: 0.5 }, 2, 0.45, 0.45)).toBeCloseTo(2.25, 12);
    expect(demandTrendFactor({ ...d, priceElasticity: 1 }, 0, 0.9, 0.45)).toBeCloseTo(0.5, 12);
    expect(demandTrendFactor(d, 3, 0.9, 0.45)).toBe(1);
  });

  it("quality churn: clients leave after bad service and come back slowly", () => {
    const p = { ...d, churnSensitivity: 1, returnPerStep: 0.01, minQuality: 0.1 };
    let q = 1;
    for (let t = 0; t < 10; t++) q = updateQuality(p, q, 0.2);
    expect(q).toBeLessThan(0.2);
    const low = q;
    q = updateQuality(p, q, 0);
    expect(q - low).toBeCloseTo(0.01 * (1 - low), 12);
    for (let t = 0; t < 1000; t++) q = updateQuality(p, q, 0);
    expect(q).toBeGreaterThan(0.99);
    expect(updateQuality(p, 0.1, 1)).toBe(0.1);
  });
});

describe("reverse auction", () => {
  it("clears at the marginal class's ask, with a scarcity premium when full", () => {
    // One region, three classes with asks 0.2, 0.3, 0.5 and 10 GPU-h/h each.
    const asks = Float64Array.of(0.3, 0.2, 0.5);
    const order = Int32Array.of(1, 0, 2);
    const cap = Float64Array.of(10, 10, 10);
    const out = new Float64Array(1);
    const clear = (work: number, util: number) => {
      clearAuction(
        1,
        3,
        asks,
        order,
        cap,
        Float64Array.of(work),
        Float64Array.of(util),
        0.5,
        0.05,
        out,
      );
      return out[0]!;
    };
    expect(clear(5, 0.2)).toBeCloseTo(0.2, 12);
    expect(clear(15, 0.5)).toBeCloseTo(0.3, 12);
    expect(clear(25, 0.8)).toBeCloseTo(0.5, 12);
    expect(clear(30, 1)).toBeCloseTo(0.75, 12);
    expect(clear(0, 0)).toBeCloseTo(0.2, 12);
  });
});

describe("latency with queueing", () => {
  it("puts the quantile in the queue-age bucket it falls in", async () => {
    const { latencyQuantileWithQueue } = await import("../../engine/mechanisms/matching.ts");
    const flowQ = (f: number) => 20 + 100 * f; // flows between 20 and 120 ms
    // 90 jobs served at once, 10 after a one-step (3.6e6 ms) wait.
    const ages = Float64Array.of(90, 10, 0);
    expect(latencyQuantileWithQueue(0.5, ages, 3.6e6, flowQ)).toBeCloseTo(20 + 100 * (50 / 90), 9);
    expect(latencyQuantileWithQueue(0.95, ages, 3.6e6, flowQ)).toBeCloseTo(3.6e6 + 70, 9);
    expect(latencyQuantileWithQueue(0.95, new Float64Array(3), 3.6e6, flowQ)).toBe(0);
  });
});
