/**
 * Entrants count subsidies as exits do. A one-class, one-region network with
 * no demand and no emission: a new provider earns nothing and loses its
 * hourly cost, `idle kW · power price + capex / amortHours + opex`, so the
 * subsidy that closes the loss (ROI = hurdle = 0) is known by hand. Entry turns
 * on above it and not at or below it; and the subsidy an entrant counts per
 * hour is what every active provider's trailing profit rose by at the same
 * epoch end (the figure exit decisions read).
 */
import { describe, expect, it } from "vitest";
import { enterProviders, expectedRoi } from "../../engine/mechanisms/churn.ts";
import { subsidyUsdPerHour } from "../../engine/mechanisms/subsidies.ts";
import { MemorySink } from "../../engine/metrics/arrow.ts";
import { runSimulation } from "../../engine/pipeline/run.ts";
import { createRng } from "../../engine/rng/source.ts";
import { resolveParams } from "../../engine/scenario.ts";
import { Amm } from "../../engine/state/amm.ts";
import { Account, Ledger } from "../../engine/state/ledger.ts";
import { ProviderStore } from "../../engine/state/providers.ts";
import { Roster } from "../../engine/state/roster.ts";
import { tinyScenario } from "../closedForms/tinyNetwork.ts";

/** Hardware whose hourly cost at zero utilisation is exactly 1 USD: no idle power, capex 1024 over 1024 h, no opex. */
const HARDWARE = { gpu: { idleW: 0, capexUsd: 1024, amortHours: 1024 } };
const COST_PER_HOUR = 0 * 0.1 + 1024 / 1024 + 0; // kW · USD/kWh + capex/amortHours + opex

const quiet = {
  sim: { steps: 24, stepHours: 1, epochSteps: 24 },
  hardware: HARDWARE,
  providers: { initial: 10, maxTotal: 400, cheaterShare: 0, teeShare: 0, opexUsdPerHour: 0 },
  demand: { baseGpuHoursPerHour: 0, burstProbability: 0 },
  emission: { policy: "fixed", tokensPerEpoch: 0 },
  verification: { sampleRate: 0, falsePositiveRate: 0 },
  economics: { entryMaxPerEpoch: 100, entryRoiHurdle: 0, entrySensitivity: 1000 },
};

describe("expected ROI with a subsidy (hand-computed)", () => {
  const scenario = tinyScenario(quiet);
  const params = resolveParams(scenario, ["subsidies.enabled=true", "subsidies.basis=perGpuHour"]);
  const outlook = (amount: number) => ({
    price: 1,
    rewardPerWork: 0,
    rewardPerAvail: 0,
    fiatPerWork: 0,
    utilByRegion: Float64Array.from([0]),
    classShare: Float64Array.from([1]),
    powerFactor: Float64Array.from([1]),
    subsidyUsdPerHour: (thr: number) =>
      subsidyUsdPerHour({ ...params.subsidies, amount }, 1, thr, 24, 1),
  });
  const entrants = (amount: number) => {
    const s = new ProviderStore(200);
    const roster = new Roster(s, 1, 1, new Float64Array(1), 1, 0);
    const ledger = new Ledger(s);
    ledger.genesisTo(Account.Amm, 1e6);
    const amm = new Amm(ledger, 1e6, 0);
    return enterProviders(
      params,
      ["gpu"],
      ["home"],
      roster,
      ledger,
      amm,
      outlook(amount),
      0,
      createRng("entry"),
    );
  };

  it("is the hurdle exactly when the subsidy per GPU-hour equals the hourly loss", () => {
    expect(expectedRoi(params, "gpu", "home", 0, { ...outlook(0) })).toBe(
      (-8760 * COST_PER_HOUR) / 1024,
    );
    expect(expectedRoi(params, "gpu", "home", 0, outlook(COST_PER_HOUR))).toBe(0);
    expect(expectedRoi(params, "gpu", "home", 0, outlook(1.001))).toBeCloseTo(
      (8760 * 0.001) / 1024,
      12,
    );
  });

  it("turns entry on above the threshold, and not at or below it", () => {
    expect(entrants(0)).toBe(0);
    expect(entrants(0.999)).toBe(0);
    expect(entrants(COST_PER_HOUR)).toBe(0); // ROI = hurdle: no pull
    // ROI 8.6e-3 above the hurdle × sensitivity 1000: full pull, Poisson(100) entrants.
    expect(entrants(1.001)).toBeGreaterThan(50);
  });
});

describe("entry and exit count the same subsidy in a run", () => {
  interface Trace {
    price: number;
    paidShare: number;
    entrants: number;
    profitP50: number;
  }
  /** One epoch (24 h) of the quiet network with a token subsidy of `amount` per GPU-hour. */
  async function run(amount: number | undefined): Promise<Trace> {
    const tr: Trace = { price: 0, paidShare: 0, entrants: 0, profitP50: 0 };
    const scenario = tinyScenario(quiet, (w) => {
      if (!w.isEpochEnd) return;
      tr.price = w.amm.price;
      tr.paidShare = w.subsidies.paidShare;
      tr.entrants = w.totals.entrants;
      tr.profitP50 = w.economics.profitP50;
    });
    const sets =
      amount === undefined
        ? []
        : [
            "subsidies.enabled=true",
            "subsidies.currency=tokens",
            "subsidies.basis=perGpuHour",
            `subsidies.amount=${amount}`,
          ];
    const params = resolveParams(scenario, sets);
    const summary = await runSimulation({ scenario, params, seed: 5 }, new MemorySink());
    expect(summary.status).toBe("ok");
    return tr;
  }

  it("enters above the hand-computed threshold, not below; exits saw the same figure", async () => {
    const off = await run(undefined);
    expect(off.entrants).toBe(0);
    // Tokens per GPU-hour that close the loss at the epoch end's price (the subsidy is
    // first paid at this epoch end, after the market phase: the price does not depend on it).
    const threshold = COST_PER_HOUR / off.price;
    const below = await run(threshold * 0.999);
    expect(below.paidShare).toBe(1); // the treasury's tokens cover every claim
    expect(below.price).toBe(off.price);
    expect(below.entrants).toBe(0);
    const above = await run(threshold * 1.001);
    expect(above.entrants).toBeGreaterThan(50);
    // What the entrant counts per hour is what every provider's trailing profit rose
    // by at the same epoch end (first epoch: trailing profit = the epoch's profit / 24 h).
    const perHour = subsidyUsdPerHour(
      {
        enabled: true,
        currency: "tokens",
        basis: "perGpuHour",
        amount: threshold * 0.999,
        budgetPerEpoch: 0,
        when: "always",
        triggerRatio: 1,
        epochs: 0,
      },
      below.paidShare,
      1,
      24,
      below.price,
    );
    expect(perHour).toBeCloseTo(0.999 * COST_PER_HOUR, 12);
    expect(below.profitP50 - off.profitP50).toBeCloseTo(perHour, 12);
  }, 60_000);
});
