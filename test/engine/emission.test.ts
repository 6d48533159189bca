import { describe, expect, it } from "vitest";
import {
  type EmissionContext,
  emissionPolicies,
  smoothedBurn,
} from "../../engine/mechanisms/emission.ts";
import { smallBaseline } from "./helpers.ts";

const ctx = (history: number[]): EmissionContext => ({
  epoch: history.length,
  burnHistory: Float64Array.from(history),
  burnHistoryFilled: history.length,
  epochBurned: history.at(-1) ?? 0,
  epochHours: 24,
  genesisSupply: 1e8,
  baseMintedSoFar: 0,
});

describe("emission policies", () => {
  it("are registered by name and an unknown name lists the known ones", () => {
    expect(emissionPolicies.names()).toEqual(expect.arrayContaining(["fixed", "burnPegged"]));
    expect(() => emissionPolicies.get("fixd")).toThrowError(
      /unknown emission policy 'fixd'.*fixed/,
    );
  });

  it("fixed mints the same every epoch", async () => {
    const { params } = await smallBaseline(["emission.tokensPerEpoch=1234"]);
    const fixed = emissionPolicies.get("fixed");
    expect(fixed.tokensForEpoch(params.emission, ctx([]))).toBe(1234);
    expect(fixed.tokensForEpoch(params.emission, ctx([1, 2, 3]))).toBe(1234);
  });

  it("burnPegged mints pegRatio × the smoothed burn, between floor and cap", async () => {
    const { params } = await smallBaseline([
      "emission.pegRatio=2",
      "emission.floorTokensPerEpoch=100",
      "emission.capTokensPerEpoch=1000",
    ]);
    const pegged = emissionPolicies.get("burnPegged");
    expect(smoothedBurn(ctx([100, 200, 300]))).toBe(200);
    expect(pegged.tokensForEpoch(params.emission, ctx([100, 200, 300]))).toBe(400);
    expect(pegged.tokensForEpoch(params.emission, ctx([1, 2]))).toBe(100);
    expect(pegged.tokensForEpoch(params.emission, ctx([5000]))).toBe(1000);
    expect(pegged.tokensForEpoch(params.emission, ctx([]))).toBe(100);
  });
});
