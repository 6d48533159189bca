import { describe, expect, it } from "vitest";
import type { DeathSpiralEvent } from "../../engine/metrics/deathSpiral.ts";
import { loadScenario, resolveParams } from "../../engine/scenario.ts";
import { planSweep } from "../../engine/sweep/plan.ts";
import { compareIntervals, spiralCell, spiralSteps } from "../../notebooks/lib/spiralCell.ts";
import {
  type Dimension,
  expandGrid,
  GridError,
  paramString,
} from "../../notebooks/lib/studyGrid.ts";
import type { Run } from "../../notebooks/lib/sweep.ts";

const depth: Dimension = {
  name: "depth",
  levels: [
    { label: "1×", sets: ["market.ammUsdDepth=500000"] },
    { label: "2×", sets: ["market.ammUsdDepth=1000000"] },
  ],
};
const cliff: Dimension = {
  name: "cliff",
  levels: [
    { label: "none", sets: ["vesting.enabled=false"] },
    {
      label: "day 30",
      sets: ["vesting.enabled=true", "vesting.investors.cliffDays=30"],
    },
    { label: "day 44", sets: ["vesting.enabled=true", "vesting.investors.cliffDays=44"] },
  ],
};
const defaults: Record<string, string> = { "vesting.investors.cliffDays": "365" };
const defaultOf = (k: string) => defaults[k] ?? "?";

describe("expandGrid", () => {
  it("crosses the dimensions, the first slowest, and zips every key with one value per cell", () => {
    const g = expandGrid([depth, cliff], defaultOf);
    expect(g.cells.map((c) => [c.index, c.at.depth, c.at.cliff])).toEqual([
      [0, "1×", "none"],
      [1, "1×", "day 30"],
      [2, "1×", "day 44"],
      [3, "2×", "none"],
      [4, "2×", "day 30"],
      [5, "2×", "day 44"],
    ]);
    expect(g.cells[4]!.sets).toEqual([
      "market.ammUsdDepth=1000000",
      "vesting.enabled=true",
      "vesting.investors.cliffDays=30",
    ]);
    // The cliff key is not set at "none": it takes the default there.
    expect(g.zip).toEqual([
      "market.ammUsdDepth=500000,500000,500000,1000000,1000000,1000000",
      "vesting.enabled=false,true,true,false,true,true",
      "vesting.investors.cliffDays=365,30,44,365,30,44",
    ]);
  });

  it("asks for a default only for keys some cells leave unset", () => {
    const asked: string[] = [];
    expandGrid([depth, cliff], (k) => {
      asked.push(k);
      return "1";
    });
    expect(asked).toEqual(["vesting.investors.cliffDays"]);
  });

  it("gives a level's function the labels of every dimension at its point", () => {
    const venue: Dimension = {
      name: "venue",
      levels: [
        { label: "pool", sets: [] },
        { label: "book", sets: ["market.venue=orderBook"] },
      ],
    };
    const scaled: Dimension = {
      name: "depth",
      levels: [2, 4].map((m) => ({
        label: `${m}×`,
        sets: (at) =>
          at.venue === "book" ? [`market.bookDepthUsd=${m * 10}`] : [`market.ammUsdDepth=${m}`],
      })),
    };
    const g = expandGrid([scaled, venue], (k) => `d(${k})`);
    expect(g.cells.map((c) => c.sets)).toEqual([
      ["market.ammUsdDepth=2"],
      ["market.bookDepthUsd=20", "market.venue=orderBook"],
      ["market.ammUsdDepth=4"],
      ["market.bookDepthUsd=40", "market.venue=orderBook"],
    ]);
    expect(g.zip).toEqual([
      "market.ammUsdDepth=2,d(market.ammUsdDepth),4,d(market.ammUsdDepth)",
      "market.bookDepthUsd=d(market.bookDepthUsd),20,d(market.bookDepthUsd),40",
      "market.venue=d(market.venue),orderBook,d(market.venue),orderBook",
    ]);
  });

  it("leaves out the points where a level's condition is false, numbering the rest in order", () => {
    const venue: Dimension = {
      name: "venue",
      levels: [
        { label: "pool", sets: [] },
        { label: "book", sets: ["market.venue=orderBook"] },
      ],
    };
    // The 4× depth runs on the pool only.
    const scaled: Dimension = {
      name: "depth",
      levels: [
        { label: "1×", sets: ["market.ammUsdDepth=1"] },
        { label: "4×", sets: ["market.ammUsdDepth=4"], when: (at) => at.venue === "pool" },
      ],
    };
    const g = expandGrid([scaled, venue], (k) => `d(${k})`);
    expect(g.cells.map((c) => [c.index, c.at.depth, c.at.venue])).toEqual([
      [0, "1×", "pool"],
      [1, "1×", "book"],
      [2, "4×", "pool"],
    ]);
    expect(g.zip).toEqual([
      "market.ammUsdDepth=1,1,4",
      "market.venue=d(market.venue),orderBook,d(market.venue)",
    ]);
    const never: Dimension = { name: "x", levels: [{ label: "a", sets: [], when: () => false }] };
    expect(() => expandGrid([never], defaultOf)).toThrow(/leave no point/);
  });

  it("refuses grids it cannot expand, naming what is wrong", () => {
    const bad = (dims: Dimension[]) => () => expandGrid(dims, defaultOf);
    expect(bad([])).toThrow(/no dimension/);
    expect(bad([depth, depth])).toThrow(/dimension 'depth' appears twice/);
    expect(bad([{ name: "x", levels: [] }])).toThrow(/'x' has no level/);
    const twice = { label: "a", sets: ["a.b=1"] };
    expect(bad([{ name: "x", levels: [twice, twice] }])).toThrow(/level 'a' appears twice/);
    expect(bad([{ name: "x", levels: [{ label: "a,b", sets: [] }] }])).toThrow(/comma/);
    expect(bad([{ name: "x", levels: [{ label: "a", sets: ["a.b"] }] }])).toThrow(
      /'a.b' is not key=value/,
    );
    expect(bad([{ name: "x", levels: [{ label: "a", sets: ["a.b=1,2"] }] }])).toThrow(
      /has a comma/,
    );
    expect(
      bad([depth, { name: "y", levels: [{ label: "a", sets: ["market.ammUsdDepth=3"] }] }]),
    ).toThrow(/'market.ammUsdDepth' is already set/);
    expect(bad([depth])).not.toThrow();
    expect(bad([])).toThrow(GridError);
  });

  it("makes axes the sweep planner accepts: one point per cell, in order", async () => {
    const scenario = await loadScenario("crash-death-spiral");
    const sets = ["sim.steps=48", "vesting.team.tokens=0"];
    const base = resolveParams(scenario, sets);
    const g = expandGrid([depth, cliff], (k) => paramString(base, k));
    const plan = await planSweep({ scenario: "crash-death-spiral", runs: 2, sets, zip: g.zip });
    expect(plan.manifest.points).toHaveLength(6);
    expect(plan.tasks).toHaveLength(12);
    for (const c of g.cells) {
      const v = plan.manifest.points[c.index]!.values;
      expect(v["market.ammUsdDepth"]).toBe(c.at.depth === "1×" ? 500000 : 1000000);
      expect(v["vesting.investors.cliffDays"]).toBe(
        c.at.cliff === "none" ? 365 : Number(c.at.cliff!.slice(4)),
      );
    }
  });
});

describe("paramString", () => {
  it("reads a value by its dotted key, and refuses a section or an unknown key", () => {
    const p = {
      market: { ammUsdDepth: 5e6, externalMarket: false },
      emission: { policy: "fixed" },
    };
    expect(paramString(p, "market.ammUsdDepth")).toBe("5000000");
    expect(paramString(p, "market.externalMarket")).toBe("false");
    expect(paramString(p, "emission.policy")).toBe("fixed");
    expect(() => paramString(p, "market")).toThrow(/'market' is not a parameter/);
    expect(() => paramString(p, "market.nope")).toThrow(GridError);
  });
});

/** A run record with the figures spiralCell reads. */
function run(o: {
  drawdown: number;
  activeEnd: number;
  priceEnd?: number;
  spirals?: Partial<DeathSpiralEvent>[];
}): Run {
  return {
    point: 0,
    run: 0,
    seed: 1,
    status: "ok",
    params: {},
    h: {
      maxDrawdownPct: o.drawdown,
      providersActiveEnd: o.activeEnd,
      providersStart: 100,
      priceStartUsd: 2,
      priceEndUsd: o.priceEnd ?? 1,
    } as Run["h"],
    spirals: (o.spirals ?? []).map((e) => ({
      startStep: 0,
      endStep: null,
      endedBy: "runEnd",
      legs: ["priceDrawdown", "providerExodus"],
      maxPriceDrawdownPct: 0,
      maxProviderLossPct: 0,
      maxDemandLossPct: 0,
      ...e,
    })),
  };
}

describe("spiralCell", () => {
  const runs = [
    run({ drawdown: 50, activeEnd: 90 }),
    run({ drawdown: 52, activeEnd: 95, priceEnd: 1.2 }),
    run({ drawdown: 54, activeEnd: 97 }),
    run({
      drawdown: 80,
      activeEnd: 40,
      spirals: [
        {
          startStep: 100,
          endStep: 148,
          endedBy: "recovery",
          maxPriceDrawdownPct: 60,
          maxProviderLossPct: 12,
        },
        { startStep: 200, endStep: null, maxPriceDrawdownPct: 75, maxProviderLossPct: 55 },
      ],
    }),
  ];
  const c = spiralCell(runs, { runSteps: 296, stepsPerDay: 24, beforeStep: 150 });

  it("counts P(spiral) with its Wilson interval (1 of 4: 4.6%–70%)", () => {
    expect([c.runs, c.spiralled, c.p]).toEqual([4, 1, 0.25]);
    expect(c.pInterval.lower).toBeCloseTo(0.0456, 4);
    expect(c.pInterval.upper).toBeCloseTo(0.6994, 4);
  });

  it("takes depth over all runs and the spirals' figures over the runs that spiralled", () => {
    // Quartiles interpolate between order statistics: 50 + 0.75·2 and 54 + 0.25·26.
    expect(c.drawdownPct).toEqual({ median: 53, q25: 51.5, q75: 60.5 });
    expect(c.activeEnd).toBeCloseTo(0.925, 12);
    // End prices 1, 1.2, 1, 1 over a start of 2.
    expect(c.priceEnd).toBe(0.5);
    expect(c.spiralDrawdownPct).toBe(75);
    expect(c.providersLostPct).toBe(55);
    // 48 steps recovered + 96 steps to the end of the run = 6 days.
    expect(c.spiralDays).toBe(6);
    expect(c.recovered).toBe(0);
    expect(c.startedBefore).toBe(1);
  });

  it("gives NaN for the spirals' figures when no run spiralled, and refuses an empty cell", () => {
    const calm = spiralCell(runs.slice(0, 3), { runSteps: 296, stepsPerDay: 24, beforeStep: 0 });
    expect(calm.p).toBe(0);
    expect(calm.pInterval.lower).toBe(0);
    expect(calm.pInterval.upper).toBeCloseTo(0.5615, 3);
    expect([calm.spiralDrawdownPct, calm.spiralDays, calm.recovered]).toEqual([
      Number.NaN,
      Number.NaN,
      Number.NaN,
    ]);
    expect(() => spiralCell([], { runSteps: 1, stepsPerDay: 1, beforeStep: 0 })).toThrow(
      /without runs/,
    );
  });

  it("counts spiral steps to the recovery or to the end of the run", () => {
    expect(spiralSteps(runs[3]!, 296)).toBe(48 + 96);
    expect(spiralSteps(runs[0]!, 296)).toBe(0);
  });
});

describe("compareIntervals", () => {
  it("says above or below only when the intervals are apart", () => {
    expect(compareIntervals({ lower: 0.6, upper: 0.9 }, { lower: 0.1, upper: 0.5 })).toBe("above");
    expect(compareIntervals({ lower: 0.1, upper: 0.5 }, { lower: 0.6, upper: 0.9 })).toBe("below");
    expect(compareIntervals({ lower: 0.1, upper: 0.6 }, { lower: 0.6, upper: 0.9 })).toBe(
      "overlap",
    );
  });
});
