import { describe, expect, it } from "vitest";
import { runScenario, type ScenarioRun } from "../../api/run.ts";
import { VENUE_KINDS } from "../../engine/market/params.ts";

const col = (r: ScenarioRun, name: string) =>
  r.steps.getChild(name)?.toArray() as Float64Array | undefined;
// A short crash: −70% over a day from step 24 of 96.
const SHORT = ["shocks.crashStartStep=24", "shocks.crashSteps=24", "providers.initial=50"];

describe("market venues in a run", () => {
  it.each(VENUE_KINDS)(
    "%s with LP withdrawal: the ledger and venue invariants hold through a crash",
    async (venue) => {
      const r = await runScenario("crash-death-spiral", {
        steps: 96,
        sets: [
          ...SHORT,
          `market.venue=${venue}`,
          "market.lpWithdrawal=true",
          "market.lpVolThreshold=0.01",
        ],
      });
      expect(r.summary.status).toBe("ok");
      const depth = col(r, "marketDepth2pctUsd")!;
      const withdrawn = col(r, "lpWithdrawnShare")!;
      expect(depth[0]).toBeGreaterThan(0);
      // The crash is volatile enough for LPs to leave, and the depth falls with them.
      expect(Math.max(...withdrawn)).toBeGreaterThan(0);
      expect(Math.min(...depth)).toBeLessThan(depth[0]!);
    },
    120_000,
  );

  it.each(VENUE_KINDS)(
    "a second %s venue takes the noise flow and stays within the arbitrage cost after the market phase",
    async (second) => {
      const r = await runScenario("crash-death-spiral", {
        // No crash: only the market phase trades the second venue, so its spread is the arbitrage's.
        steps: 48,
        sets: [
          "providers.initial=50",
          "shocks.crashStartStep=-1",
          `market.secondVenue=${second}`,
          "market.venue=orderBook",
        ],
      });
      expect(r.summary.status).toBe("ok");
      const spread = col(r, "venueSpread")!;
      // Within the cost, up to the fee's effect on the legs' sizes (targets ignore the 0.3% fee).
      for (const s of spread) expect(Math.abs(s)).toBeLessThanOrEqual(0.006 + 1e-4);
      expect(Math.max(...spread.map(Math.abs))).toBeGreaterThan(0.005); // noise opens gaps the arbitrage caps
      expect(Math.max(...col(r, "venueArbTokens")!)).toBeGreaterThan(0);
    },
    120_000,
  );

  it("the default is the constant-product pool, with no venue columns", async () => {
    const off = await runScenario("crash-death-spiral", { steps: 48, sets: SHORT });
    const explicit = await runScenario("crash-death-spiral", {
      steps: 48,
      sets: [...SHORT, "market.venue=constantProduct"],
    });
    expect(col(off, "marketDepth2pctUsd")).toBeUndefined();
    expect(Array.from(col(explicit, "priceUsd")!)).toEqual(Array.from(col(off, "priceUsd")!));
    const book = await runScenario("crash-death-spiral", {
      steps: 48,
      sets: [...SHORT, "market.venue=orderBook"],
    });
    expect(col(book, "priceUsd")![47]).not.toBe(col(off, "priceUsd")![47]);
  }, 120_000);

  it("refuses an unknown venue and a second venue holding all or none of the liquidity", async () => {
    await expect(
      runScenario("crash-death-spiral", { steps: 2, sets: ["market.venue=dex"] }),
    ).rejects.toThrow("market.venue");
    await expect(
      runScenario("crash-death-spiral", {
        steps: 2,
        sets: ["market.secondVenue=orderBook", "market.secondVenueShare=1"],
      }),
    ).rejects.toThrow("market.secondVenueShare=1 must be between 0 and 1");
  }, 60_000);
});
