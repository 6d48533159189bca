/**
 * Emission schedules against their geometric-series totals. Halving at rate T and
 * period P: epoch e mints T·0.5^⌊e/P⌋, so N = n·P + r epochs mint
 * T·P·(1 − 0.5^n)/(1 − 0.5) + T·0.5^n·r. Decay by d per year with h-hour epochs:
 * epoch e mints T·ρ^e with ρ = d^(h/8760), so N epochs mint T·(1 − ρ^N)/(1 − ρ).
 * The supply cap limits genesis + cumulative base emission to maxSupplyTokens: the
 * epoch that would cross it mints exactly maxSupply − genesis − (what came before), later ones 0.
 */
import { tableFromIPC } from "apache-arrow";
import { describe, expect, it } from "vitest";
import {
  baseEmission,
  decayRate,
  type EmissionContext,
  type EmissionParams,
  HOURS_PER_YEAR,
  halvingRate,
} from "../../engine/mechanisms/emission.ts";
import { MemorySink } from "../../engine/metrics/arrow.ts";
import { runSimulation } from "../../engine/pipeline/run.ts";
import { defaultParams, resolveParams } from "../../engine/scenario.ts";
import { tinyScenario } from "./tinyNetwork.ts";

const expectRel = (actual: number, expected: number, rel: number) =>
  expect(Math.abs(actual - expected)).toBeLessThanOrEqual(rel * Math.abs(expected));

/** Halving closed form: total over the first N epochs. */
function halvingTotal(T: number, P: number, N: number): number {
  const n = Math.floor(N / P);
  const r = N - n * P;
  return (T * P * (1 - 0.5 ** n)) / (1 - 0.5) + T * 0.5 ** n * r;
}

/** Decay closed form: total over the first N epochs of h hours. */
function decayTotal(T: number, d: number, h: number, N: number): number {
  const rho = d ** (h / HOURS_PER_YEAR);
  return (T * (1 - rho ** N)) / (1 - rho);
}

const emissionParams = (over: Partial<EmissionParams>): EmissionParams => ({
  ...structuredClone(defaultParams(tinyScenario({})).emission),
  ...over,
});

/** Runs baseEmission epoch by epoch as the settlement phase does; returns each epoch's mint. */
function mintSeries(p: EmissionParams, epochs: number, epochHours: number, genesis: number) {
  const ctx: EmissionContext = {
    epoch: 0,
    epochHours,
    burnHistory: new Float64Array(7),
    burnHistoryFilled: 0,
    epochBurned: 0,
    genesisSupply: genesis,
    baseMintedSoFar: 0,
  };
  const out: number[] = [];
  for (let e = 0; e < epochs; e++) {
    ctx.epoch = e;
    const m = baseEmission(p, ctx);
    ctx.baseMintedSoFar += m;
    out.push(m);
  }
  return { out, total: ctx.baseMintedSoFar };
}

describe("halving schedule", () => {
  const p = emissionParams({ policy: "halving", tokensPerEpoch: 1000, halvingPeriodEpochs: 10 });

  it("the sum of halvingRate over N epochs is the geometric-series total", () => {
    for (const N of [1, 9, 10, 11, 35, 100, 1000]) {
      let sum = 0;
      for (let e = 0; e < N; e++) sum += halvingRate(p, e);
      expectRel(sum, halvingTotal(1000, 10, N), 1e-12);
    }
    // The infinite total is 2·T·P.
    expectRel(halvingTotal(1000, 10, 2000), 20_000, 1e-12);
  });

  it("baseEmission cuts the epoch that crosses the cap at exactly maxSupply − genesis", () => {
    const genesis = 1e6;
    // Cap inside epoch 23 (third period, rate 250): 37% of that epoch fits.
    const room = halvingTotal(1000, 10, 23) + 0.37 * 250;
    const capped = { ...p, maxSupplyTokens: genesis + room };
    const { out, total } = mintSeries(capped, 40, 24, genesis);
    for (let e = 0; e < 23; e++) expect(out[e]).toBe(halvingRate(p, e));
    expectRel(out[23]!, 0.37 * 250, 1e-9);
    expect(out.slice(24).every((m) => m === 0)).toBe(true);
    expectRel(total, room, 1e-12);
  });
});

describe("decay schedule", () => {
  const p = emissionParams({ policy: "decay", tokensPerEpoch: 1000, decayPerYear: 0.945 });

  it("the sum of decayRate over N epochs is T·(1 − ρ^N)/(1 − ρ), ρ = d^(h/8760)", () => {
    for (const [h, N] of [
      [24, 365],
      [24, 3650],
      [1, 8760],
      [168, 52],
    ] as const) {
      let sum = 0;
      for (let e = 0; e < N; e++) sum += decayRate(p, e, h);
      expectRel(sum, decayTotal(1000, 0.945, h, N), 1e-11);
    }
    // A year of daily epochs at d = 0.945: 1000·(1 − 0.945)/(1 − 0.945^(1/365)) =
    // 354,895.3682737848... (30-digit arithmetic).
    expectRel(decayTotal(1000, 0.945, 24, 365), 354_895.3682737849, 1e-11);
  });

  it("baseEmission cuts the epoch that crosses the cap at exactly maxSupply − genesis", () => {
    const genesis = 5e7;
    const rate100 = decayRate(p, 100, 24);
    const room = decayTotal(1000, 0.945, 24, 100) + 0.6 * rate100;
    const { out, total } = mintSeries({ ...p, maxSupplyTokens: genesis + room }, 200, 24, genesis);
    for (let e = 0; e < 100; e++) expect(out[e]).toBe(decayRate(p, e, 24));
    expectRel(out[100]!, 0.6 * rate100, 1e-7);
    expect(out.slice(101).every((m) => m === 0)).toBe(true);
    expectRel(total, room, 1e-12);
  });
});

describe("a simulation records the closed-form base emission", () => {
  const tiny = {
    sim: { steps: 240, stepHours: 1, epochSteps: 24 },
    providers: { initial: 20, maxTotal: 40 },
    demand: { baseGpuHoursPerHour: 10 },
    market: { ammUsdDepth: 1_000_000, genesisSupplyTokens: 10_000_000 },
  };

  async function recorded(sets: string[]) {
    const scenario = tinyScenario(tiny);
    const params = resolveParams(scenario, sets);
    const sink = new MemorySink();
    const summary = await runSimulation({ scenario, params, seed: 5 }, sink);
    expect(summary.status).toBe("ok");
    const table = tableFromIPC(sink.bytes());
    const base = Array.from(table.getChild("baseEmissionTokens")!.toArray() as Float64Array);
    return { summary, base };
  }

  it("halving: the cumulative baseEmissionTokens column equals T·P·(1 − 0.5^n)/0.5 + T·0.5^n·r", async () => {
    const { summary, base } = await recorded([
      "emission.policy=halving",
      "emission.tokensPerEpoch=1000",
      "emission.halvingPeriodEpochs=3",
    ]);
    // 10 daily epochs, period 3: n = 3, r = 1 → 1000·3·0.875/0.5 + 125 = 5375.
    const total = base.reduce((a, b) => a + b, 0);
    expect(halvingTotal(1000, 3, 10)).toBe(5375);
    expectRel(total, 5375, 1e-12);
    expectRel(summary.headline.mintedTokens, 5375, 1e-12);
    // Minted at epoch ends only: epoch e = (step + 1)/24 − 1 mints 1000·0.5^⌊e/3⌋.
    base.forEach((b, step) => {
      if ((step + 1) % 24 !== 0) expect(b).toBe(0);
      else expectRel(b, 1000 * 0.5 ** Math.floor(((step + 1) / 24 - 1) / 3), 1e-12);
    });
  });

  it("decay with the supply cap: the cumulative total stops at exactly maxSupply − genesis", async () => {
    const d = 0.5; // steep decay so that epochs differ visibly
    const room = decayTotal(1000, d, 24, 6) + 0.4 * 1000 * d ** ((6 * 24) / 8760);
    const { summary, base } = await recorded([
      "emission.policy=decay",
      "emission.tokensPerEpoch=1000",
      `emission.decayPerYear=${d}`,
      `emission.maxSupplyTokens=${10_000_000 + room}`,
    ]);
    const epochMints = base.filter((_, step) => (step + 1) % 24 === 0);
    expect(epochMints).toHaveLength(10);
    for (let e = 0; e < 6; e++) expectRel(epochMints[e]!, 1000 * d ** ((e * 24) / 8760), 1e-12);
    // Epoch 6 is cut (to 40% of its rate, up to the genesis rounding of ~1e-8 tokens).
    expectRel(epochMints[6]!, 0.4 * 1000 * d ** ((6 * 24) / 8760), 1e-9);
    expect(epochMints.slice(7)).toEqual([0, 0, 0]);
    expectRel(
      base.reduce((a, b) => a + b, 0),
      room,
      1e-11,
    );
    expectRel(summary.headline.supplyStartTokens, 10_000_000, 1e-15);
    expectRel(summary.headline.mintedTokens, room, 1e-11);
  });
});
