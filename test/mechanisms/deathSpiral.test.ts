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
  requireProviderLeg: true,
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

  it("reports start, legs, depth and the recovery that ends a two-leg spiral", () => {
    const n = 400;
    // Price and providers fall together from step 100, then come back at 200.
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
    // It ends when the series recover (step 200), not when the pre-crash peak leaves the window.
    expect(e.endStep).toBe(200);
    expect(e.endedBy).toBe("recovery");
    expect(e.legs).toEqual(["priceDrawdown", "providerExodus"]);
    expect(e.maxPriceDrawdownPct).toBeCloseTo(60, 9);
    expect(e.maxProviderLossPct).toBeCloseTo(30, 9);
  });

  it("a spiral's end and duration do not depend on the trailing window", () => {
    const n = 900;
    // A slow recovery: price and providers fall at step 100 and climb back from step 300 to 600.
    const level = (t: number) =>
      t < 100 ? 1 : t < 300 ? 0.4 : t < 600 ? 0.4 + (0.6 * (t - 300)) / 300 : 1;
    const price = series(n, level);
    const prov = series(n, (t) => 100 * (0.5 + 0.5 * level(t)));
    const served = series(n, () => 50);
    const ends = [50, 100, 200].map((windowSteps) => {
      const events = detectDeathSpirals({ ...P, windowSteps }, price, prov, served);
      expect(events).toHaveLength(1);
      return [events[0]!.startStep, events[0]!.endStep];
    });
    // Recovered when the price is back to 0.8 (step 500) and providers to 80 (step 420).
    expect(ends).toEqual([
      [100, 500],
      [100, 500],
      [100, 500],
    ]);
  });

  it("does not end a spiral while the series are still down, and measures its full depth", () => {
    const n = 260;
    // Providers (-15%) and demand (-20%) fall at step 100 while the price holds; the price
    // crashes 70% at step 130: one spiral, deepening, never recovered.
    const price = series(n, (t) => (t < 130 ? 1 : 0.3));
    const prov = series(n, (t) => (t < 100 ? 100 : 85));
    const served = series(n, (t) => (t < 100 ? 50 : 40));
    const events = detectDeathSpirals(P, price, prov, served);
    expect(events).toHaveLength(1);
    const e = events[0]!;
    expect(e.startStep).toBe(100);
    expect(e.legs).toEqual(["priceDrawdown", "providerExodus", "demandChurn"]);
    expect(e.maxPriceDrawdownPct).toBeCloseTo(70, 9);
    expect(e.endStep).toBeNull();
    expect(e.endedBy).toBe("runEnd");
  });

  it("keeps a spiral open (endStep null) when it lasts to the end, and needs minSteps", () => {
    const n = 300;
    const price = series(n, (t) => (t < 250 ? 1 : 0.5));
    const prov = series(n, (t) => (t < 250 ? 100 : 60));
    const demand = series(n, (t) => (t < 250 ? 50 : 20));
    const open = detectDeathSpirals(P, price, prov, demand);
    expect(open).toHaveLength(1);
    expect(open[0]!.endStep).toBeNull();
    expect(open[0]!.endedBy).toBe("runEnd");
    expect(open[0]!.legs).toEqual(["priceDrawdown", "providerExodus", "demandChurn"]);
    // Shorter than minSteps: not a spiral.
    const short = detectDeathSpirals(
      P,
      price.slice(0, 255),
      prov.slice(0, 255),
      demand.slice(0, 255),
    );
    expect(short).toEqual([]);
  });

  it("a price fall and a demand fall without a provider exodus are not a spiral (unless asked)", () => {
    const n = 300;
    // A crash during an unrelated demand collapse: no provider leaves.
    const price = series(n, (t) => (t < 100 ? 1 : 0.5));
    const prov = series(n, () => 100);
    const demand = series(n, (t) => (t < 100 ? 50 : 20));
    expect(detectDeathSpirals(P, price, prov, demand)).toEqual([]);
    const any = detectDeathSpirals({ ...P, requireProviderLeg: false }, price, prov, demand);
    expect(any).toHaveLength(1);
    expect(any[0]!.legs).toEqual(["priceDrawdown", "demandChurn"]);
  });
});
