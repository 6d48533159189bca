import { describe, expect, it } from "vitest";
import {
  baseEmission,
  burnPeggedRate,
  decayRate,
  type EmissionContext,
  type EmissionParams,
  emissionPolicies,
  halvingRate,
  netEmission,
} from "../../engine/mechanisms/emission.ts";
import { defaultParams } from "../../engine/scenario.ts";
import { scenario as baseline } from "../../scenarios/baseline.ts";

const base = (): EmissionParams => structuredClone(defaultParams(baseline).emission);
const ctx = (over: Partial<EmissionContext> = {}): EmissionContext => ({
  epoch: 0,
  epochHours: 24,
  burnHistory: new Float64Array(7),
  burnHistoryFilled: 0,
  epochBurned: 0,
  genesisSupply: 0,
  baseMintedSoFar: 0,
  ...over,
});

describe("emission policies", () => {
  it("registers every policy the schema offers", () => {
    expect(emissionPolicies.names().sort()).toEqual(["burnPegged", "decay", "fixed", "halving"]);
  });

  it("halving halves the rate every halvingPeriodEpochs", () => {
    const p = { ...base(), tokensPerEpoch: 1000, halvingPeriodEpochs: 10 };
    expect(halvingRate(p, 0)).toBe(1000);
    expect(halvingRate(p, 9)).toBe(1000);
    expect(halvingRate(p, 10)).toBe(500);
    expect(halvingRate(p, 25)).toBe(250);
  });

  it("decay falls by decayPerYear per year", () => {
    const p = { ...base(), tokensPerEpoch: 1000, decayPerYear: 0.945 };
    expect(decayRate(p, 365, 24)).toBeCloseTo(945, 9);
    expect(decayRate(p, 730, 24)).toBeCloseTo(1000 * 0.945 ** 2, 9);
  });

  it("burnPegged clamps k × smoothed burn between multiples of it (HIP-149 style)", () => {
    const p = {
      ...base(),
      pegRatio: 5,
      floorTokensPerEpoch: 0,
      capTokensPerEpoch: 1e12,
      floorBurnMultiple: 0.5,
      capBurnMultiple: 3,
    };
    const hist = new Float64Array([100, 200, 300, 0, 0, 0, 0]);
    const c = ctx({ burnHistory: hist, burnHistoryFilled: 3 });
    expect(burnPeggedRate(p, c)).toBeCloseTo(600, 9); // 5 × 200 capped at 3 × 200
    expect(burnPeggedRate({ ...p, pegRatio: 0.1 }, c)).toBeCloseTo(100, 9); // floor 0.5 × 200
    expect(burnPeggedRate({ ...p, pegRatio: 2 }, c)).toBeCloseTo(400, 9);
  });

  it("base emission stops at maxSupplyTokens", () => {
    const p = { ...base(), policy: "fixed" as const, tokensPerEpoch: 100, maxSupplyTokens: 1050 };
    expect(baseEmission(p, ctx({ genesisSupply: 1000, baseMintedSoFar: 0 }))).toBe(50);
    expect(baseEmission(p, ctx({ genesisSupply: 1000, baseMintedSoFar: 50 }))).toBe(0);
  });

  it("net emissions re-mint the burn up to the share-of-base and absolute caps", () => {
    const p = base();
    expect(netEmission(p, 1000, 50)).toBe(0); // disabled by default
    const on = {
      ...p,
      netEmissions: { enabled: true, capShareOfBase: 0.01, capTokensPerEpoch: 1e15 },
    };
    expect(netEmission(on, 1000, 5)).toBe(5);
    expect(netEmission(on, 1000, 50)).toBe(10);
    expect(
      netEmission({ ...on, netEmissions: { ...on.netEmissions, capTokensPerEpoch: 3 } }, 1000, 50),
    ).toBe(3);
  });
});
