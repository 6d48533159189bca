/**
 * The lagged price oracle (`oracle.*`): its time-weighted average and delay,
 * hand-computed on a price path; in a run, the price it reports against the
 * closes in `priceUsd`; and a crash reaching the rules that read it (credits'
 * collateral ratio, burn-pegged emission) `delaySteps` steps after the spot
 * price.
 */
import { describe, expect, it } from "vitest";
import { runScenario, type ScenarioRun } from "../../api/run.ts";
import { OracleState } from "../../engine/mechanisms/oracle.ts";

const col = (r: ScenarioRun, name: string) => r.steps.getChild(name)!.toArray() as Float64Array;

describe("OracleState", () => {
  it("reports a delayed close: the close delaySteps older than the last one", () => {
    const o = new OracleState({ enabled: true, delaySteps: 2, windowSteps: 1 });
    const closes = [10, 10, 10, 5, 5, 5, 5];
    const seen = closes.map((c) => {
      o.observe(c);
      return o.price;
    });
    // Step t sees close t−2 (closes before the first one are the first one):
    // the fall at the 4th close (index 3) shows two observations later.
    expect(seen).toEqual([10, 10, 10, 10, 10, 5, 5]);
  });

  it("reports the mean of windowSteps closes, delaySteps old (a TWAP)", () => {
    const o = new OracleState({ enabled: true, delaySteps: 1, windowSteps: 3 });
    const closes = [4, 8, 6, 2, 10];
    const seen = closes.map((c) => {
      o.observe(c);
      return o.price;
    });
    // Ring of 4: after close k the oracle averages closes k−3 … k−1 (padded with 4).
    expect(seen[0]).toBeCloseTo((4 + 4 + 4) / 3, 12);
    expect(seen[1]).toBeCloseTo((4 + 4 + 4) / 3, 12);
    expect(seen[2]).toBeCloseTo((4 + 4 + 8) / 3, 12);
    expect(seen[3]).toBeCloseTo((4 + 8 + 6) / 3, 12);
    expect(seen[4]).toBeCloseTo((8 + 6 + 2) / 3, 12);
  });
});

const BASE = ["providers.initial=40", "providers.maxTotal=80"];
const CRASH = ["shocks.crashStartStep=10", "shocks.crashSteps=1", "shocks.crashDrop=0.5"];
const N = 3;

describe("oracle in a run", () => {
  it("reports the mean of the closes in priceUsd, delaySteps old", async () => {
    const r = await runScenario("baseline", {
      steps: 30,
      seed: 5,
      sets: [...BASE, "oracle.enabled=true", "oracle.delaySteps=2", "oracle.windowSteps=4"],
    });
    expect(r.summary.status).toBe("ok");
    const price = col(r, "priceUsd");
    const oracle = col(r, "oraclePriceUsd");
    const open = r.summary.headline.priceStartUsd;
    const close = (s: number) => (s < 0 ? open : price[s]!);
    for (const t of [0, 3, 6, 17, 29]) {
      // Step t averages the closes of steps t−6 … t−3.
      const hand = (close(t - 6) + close(t - 5) + close(t - 4) + close(t - 3)) / 4;
      expect(oracle[t], `step ${t}`).toBeCloseTo(hand, 12);
    }
  }, 60_000);

  it("a crash reaches the credits' collateral ratio delaySteps steps after the spot", async () => {
    const sets = [...BASE, ...CRASH, "credits.enabled=true"];
    const spot = await runScenario("baseline", { steps: 20, seed: 5, sets });
    const lag = await runScenario("baseline", {
      steps: 20,
      seed: 5,
      sets: [...sets, "oracle.enabled=true", `oracle.delaySteps=${N}`],
    });
    expect(lag.summary.status).toBe("ok");
    const price = col(lag, "priceUsd");
    const oracle = col(lag, "oraclePriceUsd");
    // The oracle sees the price after each step's shocks, N steps late: the last
    // close, except in the crash's step, where the crash's sale has moved it.
    for (let t = N + 1; t < 20; t++)
      if (t !== 10 + N) expect(oracle[t], `step ${t}`).toBe(price[t - N - 1]);
    expect(oracle[10 + N]! / oracle[9 + N]!).toBeLessThan(0.6);
    expect(price[10]! / price[9]!).toBeLessThan(0.6); // the crash, in step 10
    const fall = (r: ScenarioRun, t: number) =>
      col(r, "collateralRatio")[t]! / col(r, "collateralRatio")[t - 1]!;
    // Spot: the ratio falls with the price in step 10; oracle: in step 10 + N.
    expect(fall(spot, 10)).toBeLessThan(0.6);
    for (let t = 10; t < 10 + N; t++) expect(fall(lag, t), `step ${t}`).toBeGreaterThan(0.9);
    expect(fall(lag, 10 + N)).toBeLessThan(0.6);
  }, 60_000);

  it("burn-pegged emission pegs to each step's burn USD over the oracle's price", async () => {
    const r = await runScenario("baseline", {
      steps: 24,
      seed: 5,
      sets: [
        ...BASE,
        ...CRASH,
        "oracle.enabled=true",
        `oracle.delaySteps=${N}`,
        "emission.policy=burnPegged",
        "emission.smoothingEpochs=1",
        "emission.floorTokensPerEpoch=0",
        "emission.capTokensPerEpoch=1e12",
      ],
    });
    expect(r.summary.status).toBe("ok");
    const burnUsd = col(r, "burnUsd");
    const oracle = col(r, "oraclePriceUsd");
    const burned = col(r, "burnedTokens");
    let atOracle = 0;
    let atSpot = 0;
    for (let t = 0; t < 24; t++) {
      atOracle += burnUsd[t]! / oracle[t]!;
      atSpot += burned[t]!;
    }
    // The epoch's mint is its burn at the oracle's (lagged) price, not the tokens
    // actually bought at the crashed spot price (more of them, bought N steps sooner).
    expect(col(r, "baseEmissionTokens")[23]).toBeCloseTo(atOracle, 6);
    expect(atSpot).toBeGreaterThan(atOracle * 1.01);
  }, 60_000);
});
