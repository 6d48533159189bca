/**
 * Treasury grants and provider subsidies (`subsidies.*`), hand-computed from
 * a run without them on the same seed: what is paid follows the rule and the
 * budget, leaves the treasury (USD or tokens, through the ledger), reaches the
 * providers' epoch profit (which exits read) and enters the treasury's runway.
 */
import { describe, expect, it } from "vitest";
import { runScenario, type ScenarioRun } from "../../api/run.ts";

const col = (r: ScenarioRun, name: string) => r.steps.getChild(name)!.toArray() as Float64Array;

const BASE = ["providers.initial=40", "providers.maxTotal=80"];
const run = (sets: string[], steps = 48) =>
  runScenario("baseline", { steps, seed: 3, sets: [...BASE, ...sets] });
const ON = ["subsidies.enabled=true"];

describe("subsidies in USD", () => {
  it("pays amount per active provider from the treasury's USD into their epoch profit", async () => {
    const off = await run([]);
    const on = await run([...ON, "subsidies.amount=0.5"]);
    expect(on.summary.status).toBe("ok");
    expect(off.steps.getChild("subsidyUsd")).toBeNull(); // no column when off
    const paid = col(on, "subsidyUsd");
    const active = col(off, "providersActive")[23]!;
    expect(col(off, "exits")[23]).toBe(0);
    expect(paid[22]).toBe(0);
    expect(paid[23]).toBeCloseTo(0.5 * active, 9); // only epoch ends pay
    // It leaves the treasury ...
    expect(col(on, "treasuryUsd")[23]).toBeCloseTo(col(off, "treasuryUsd")[23]! - paid[23]!, 9);
    // ... and every provider's epoch profit (per hour, in the quantiles) rises by 0.5 / 24 h.
    for (const q of ["profitP10UsdPerHour", "profitP50UsdPerHour", "profitP90UsdPerHour"])
      expect(col(on, q)[23]! - col(off, q)[23]!, q).toBeCloseTo(0.5 / 24, 9);
    expect(on.summary.outcomes?.subsidyUsdTotal).toBeCloseTo(paid[23]! + paid[47]!, 9);
  }, 60_000);

  it("scales claims down to the budget and never below the treasury's balance", async () => {
    const budget = await run([...ON, "subsidies.amount=100", "subsidies.budgetPerEpoch=7"]);
    expect(col(budget, "subsidyUsd")[23]).toBeCloseTo(7, 9);
    const all = await run([...ON, "subsidies.amount=100"]);
    const off = await run([]);
    // Claims of 100 USD each exceed the treasury: it pays what it has, down to 0.
    expect(col(all, "subsidyUsd")[23]).toBeCloseTo(col(off, "treasuryUsd")[23]!, 9);
    expect(col(all, "treasuryUsd")[23]).toBeCloseTo(0, 9);
  }, 60_000);

  it("runs for the first `epochs` epochs, or while the price is under the band", async () => {
    const first = await run([
      ...ON,
      "subsidies.amount=0.5",
      "subsidies.when=firstEpochs",
      "subsidies.epochs=1",
    ]);
    expect(col(first, "subsidyUsd")[23]).toBeGreaterThan(0);
    expect(col(first, "subsidyUsd")[47]).toBe(0);
    const band = ["subsidies.amount=0.5", "subsidies.when=priceBelow"];
    const never = await run([...ON, ...band, "subsidies.triggerRatio=0"]);
    expect(never.summary.outcomes?.subsidyUsdTotal).toBe(0);
    const under = await run([...ON, ...band, "subsidies.triggerRatio=1000"]);
    expect(under.summary.outcomes?.subsidyEpochs).toBe(2);
  }, 60_000);

  it("enters the treasury's runway as an outflow", async () => {
    const sets = [
      "treasury.enabled=true",
      "treasury.triggerRatio=0", // no buy-back
      "market.treasurySpendUsdPerEpoch=0",
    ];
    const on = await run([...sets, ...ON, "subsidies.amount=0.5"]);
    const paid = col(on, "subsidyUsd")[23]!;
    expect(paid).toBeGreaterThan(0);
    expect(col(on, "buybackUsd")[23]).toBe(0);
    // Runway = treasury USD / mean outflow per epoch × 1 day per epoch.
    expect(col(on, "treasuryRunwayDays")[23]).toBeCloseTo(col(on, "treasuryUsd")[23]! / paid, 9);
  }, 60_000);
});

describe("subsidies in tokens", () => {
  it("pays from the treasury's token account through the ledger; supply is unchanged", async () => {
    const sets = ["emission.treasuryShare=0.1"];
    const off = await run(sets);
    const on = await run([
      ...sets,
      ...ON,
      "subsidies.currency=tokens",
      "subsidies.amount=1e6",
      "subsidies.budgetPerEpoch=300",
    ]);
    expect(on.summary.status).toBe("ok"); // supply conservation and balances, every step
    const paid = col(on, "subsidyTokens");
    expect(paid[23]).toBeCloseTo(300, 9);
    expect(col(on, "subsidyUsd")[23]).toBe(0);
    expect(col(on, "treasuryTokens")[23]).toBeCloseTo(col(off, "treasuryTokens")[23]! - 300, 6);
    expect(col(on, "supplyTokens")[23]).toBeCloseTo(col(off, "supplyTokens")[23]!, 6);
    // Every provider's epoch profit rises by its share of the tokens at the price
    // exit decisions read: the close, less what entrants' stake purchases add after
    // them in the same phase (within 0.5% here).
    const active = col(off, "providersActive")[23]!;
    const price = col(on, "priceUsd")[23]!;
    const rise = col(on, "profitP50UsdPerHour")[23]! - col(off, "profitP50UsdPerHour")[23]!;
    expect(Math.abs(rise / (((300 / active) * price) / 24) - 1)).toBeLessThan(0.005);
  }, 60_000);
});
