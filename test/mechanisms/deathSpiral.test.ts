import { describe, expect, it } from "vitest";
import { detectDeathSpirals, type SpiralParams } from "../../engine/metrics/deathSpiral.ts";
import { TrailingMax } from "../../engine/metrics/trailingMax.ts";

const P: SpiralParams = {
  windowSteps: 100,
  priceDrawdown: 0.3,
  providerLoss: 0.1,
  demandLoss: 0.15,
  demandSmoothingSteps: 1,
  minSteps: 10,
  graceSteps: 5,
  recoveryShare: 0.8,
};

function series(n: number, f: (t: number) => number): number[] {
  return Array.from({ length: n }, (_, t) => f(t));
}

describe("TrailingMax", () => {
  it("matches a brute-force window maximum", () => {
    const xs = series(500, (t) => Math.sin(t * 0.37) * 10 + ((t * 7919) % 13));
    const m = new TrailingMax(17);
    xs.forEach((x, t) => {
      const brute = Math.max(...xs.slice(Math.max(0, t - 16), t + 1));
      expect(m.push(x)).toBe(brute);
    });
  });
});

describe("detectDeathSpirals", () => {
  it("finds nothing in a calm run", () => {
    const n = 400;
    expect(
      detectDeathSpirals(
        P,
        series(n, () => 1),
        series(n, () => 100),
        series(n, () => 50),
      ),
    ).toEqual([]);
  });

  it("ignores a price crash alone (one leg)", () => {
    const n = 400;
    const price = series(n, (t) => (t < 100 ? 1 : 0.3));
    expect(
      detectDeathSpirals(
        P,
        price,
        series(n, () => 100),
        series(n, () => 50),
      ),
    ).toEqual([]);
  });

  it("reports start, legs, depth, end and recovery of a two-leg spiral", () => {
    const n = 400;
    // Price and providers fall together from step 100 to 160, then come back at 200.
    const price = series(n, (t) => (t < 100 ? 1 : t < 200 ? 0.4 : 0.9));
    const prov = series(n, (t) => (t < 100 ? 100 : t < 200 ? 70 : 95));
    const events = detectDeathSpirals(
      P,
      price,
      prov,
      series(n, () => 50),
    );
    expect(events).toHaveLength(1);
    const e = events[0]!;
    expect(e.startStep).toBe(100);
    // At step 199 the pre-crash peak (step 99) leaves the 100-step window: the legs end at 198.
    expect(e.endStep).toBe(198);
    expect(e.legs).toEqual(["priceDrawdown", "providerExodus"]);
    expect(e.maxPriceDrawdownPct).toBeCloseTo(60, 9);
    expect(e.maxProviderLossPct).toBeCloseTo(30, 9);
    expect(e.recoveredAtStep).toBe(200);
  });

  it("does not call a spiral recovered while two legs still feed it, and measures its full depth", () => {
    const n = 260;
    // Providers (-15%) and demand (-20%) fall at step 100 while the price holds; the price
    // crashes 70% at step 130. Price and providers stay above 80% of their peaks until then,
    // which must not count as a recovery of a spiral that is still going.
    const price = series(n, (t) => (t < 130 ? 1 : 0.3));
    const prov = series(n, (t) => (t < 100 ? 100 : 85));
    const served = series(n, (t) => (t < 100 ? 50 : 40));
    const events = detectDeathSpirals(P, price, prov, served);
    expect(events).toHaveLength(1);
    const e = events[0]!;
    expect(e.startStep).toBe(100);
    expect(e.legs).toEqual(["priceDrawdown", "providerExodus", "demandChurn"]);
    expect(e.maxPriceDrawdownPct).toBeCloseTo(70, 9);
    expect(e.recoveredAtStep).toBeNull();
  });

  it("keeps a spiral open (endStep null) when it lasts to the end, and needs minSteps", () => {
    const n = 300;
    const price = series(n, (t) => (t < 250 ? 1 : 0.5));
    const demand = series(n, (t) => (t < 250 ? 50 : 20));
    const open = detectDeathSpirals(
      P,
      price,
      series(n, () => 100),
      demand,
    );
    expect(open).toHaveLength(1);
    expect(open[0]!.endStep).toBeNull();
    expect(open[0]!.legs).toEqual(["priceDrawdown", "demandChurn"]);
    // Shorter than minSteps: not a spiral.
    const short = detectDeathSpirals(
      P,
      price.slice(0, 255),
      series(255, () => 100),
      demand.slice(0, 255),
    );
    expect(short).toEqual([]);
  });
});
