/**
 * The stress search's cost measure against the AMM code: the sale that moves a
 * constant-product pool from P to P·(1 − d) (fee on the input, kept in the pool)
 * holds δ·X tokens, δ the positive root of a(1−d)δ² + (1−d)(1+a)δ − d = 0
 * (a = 1 − fee); without a fee δ = 1/√(1−d) − 1.
 */
import { describe, expect, it } from "vitest";
import { crashDump } from "../../engine/mechanisms/traders.ts";
import { loadScenario, resolveParams } from "../../engine/scenario.ts";
import { Amm } from "../../engine/state/amm.ts";
import { Account, Ledger } from "../../engine/state/ledger.ts";
import { ProviderStore } from "../../engine/state/providers.ts";
import { crashSaleShare, shockCost } from "../../engine/stress/cost.ts";

const rel = (a: number, b: number) => Math.abs(a / b - 1);

/** A pool of `tokens` and `usd` reserves; the traders' account holds plenty of tokens. */
function pool(tokens: number, usd: number, fee: number) {
  const ledger = new Ledger(new ProviderStore(1));
  ledger.genesisTo(Account.Amm, tokens);
  ledger.genesisTo(Account.Traders, 1e12);
  return { ledger, amm: new Amm(ledger, usd, fee) };
}

describe("stress cost: the crash sale in closed form", () => {
  it("without a fee it is 1/√(1−d) − 1 of the token reserve", { timeout: 60_000 }, () => {
    for (const d of [0.01, 0.3, 0.7, 0.95, 0.999])
      expect(rel(crashSaleShare(d, 0), 1 / Math.sqrt(1 - d) - 1)).toBeLessThan(1e-12);
    expect(crashSaleShare(0, 0.003)).toBe(0);
    expect(crashSaleShare(1, 0.003)).toBe(Number.POSITIVE_INFINITY);
  });

  it("selling that many tokens through Amm.sellFrom moves the price to P·(1 − d), with and without the fee", {
    timeout: 60_000,
  }, () => {
    for (const fee of [0, 0.003, 0.05])
      for (const d of [0.1, 0.5, 0.7, 0.9]) {
        const { amm } = pool(2_000_000, 5_000_000, fee);
        const p0 = amm.price;
        const tokens = crashSaleShare(d, fee) * amm.tokenReserve;
        amm.sellFrom(Account.Traders, tokens);
        expect(rel(amm.price, p0 * (1 - d))).toBeLessThan(1e-12);
      }
  });

  it("without a fee, crashDump's steps sell the same tokens in total as the one sale (path independence)", {
    timeout: 60_000,
  }, () => {
    const { amm, ledger } = pool(5_000_000, 5_000_000, 0);
    const before = ledger.accounts[Account.Traders]!;
    const start = amm.price;
    for (let k = 1; k <= 168; k++) crashDump(start, 0.7, k, 168, amm, ledger);
    const sold = before - ledger.accounts[Account.Traders]!;
    expect(rel(sold, crashSaleShare(0.7, 0) * 5_000_000)).toBeLessThan(1e-9);
    expect(rel(amm.price, start * 0.3)).toBeLessThan(1e-9);
  });
});

describe("stress cost: shockCost of the resolved parameters", () => {
  it("prices the crash of crash-death-spiral at the initial pool, and nothing else", async () => {
    const s = await loadScenario("crash-death-spiral");
    const p = resolveParams(s);
    const c = shockCost(p);
    expect(rel(c.crashUsd, p.market.ammUsdDepth * crashSaleShare(0.7, p.market.feeRate))).toBe(0);
    expect(c.liquidityUsd).toBe(0);
    expect(c.powerUsd).toBe(0);
    expect(c.totalUsd).toBe(c.crashUsd);
    // A crash that starts after the last step costs nothing; one cut short costs the depth reached.
    expect(shockCost(resolveParams(s, ["sim.steps=700"])).totalUsd).toBe(0);
    const cut = shockCost(resolveParams(s, ["sim.steps=804"])); // 84 of the crash's 168 steps
    const reached = 1 - 0.3 ** 0.5;
    expect(
      rel(cut.crashUsd, p.market.ammUsdDepth * crashSaleShare(reached, p.market.feeRate)),
    ).toBeLessThan(1e-12);
  }, 60_000);

  it("prices a liquidity withdrawal as the USD withdrawn and a power spike as its extra electricity cost", async () => {
    const s = await loadScenario("crash-death-spiral");
    const p = resolveParams(s, [
      "shocks.crashStartStep=-1",
      "shocks.liquidityStep=100",
      "shocks.liquidityWithdrawShare=0.4",
      "shocks.powerStartStep=200",
      "shocks.powerSteps=100",
      "shocks.powerRegion=1",
      "shocks.powerMultiplier=3",
    ]);
    const c = shockCost(p);
    expect(c.crashUsd).toBe(0);
    expect(c.liquidityUsd).toBeCloseTo(0.4 * p.market.ammUsdDepth, 6);
    // By hand: providers in region 1, their mean draw at base-demand utilisation, 100 hours, +2× the price.
    const classes = Object.values(p.hardware) as {
      share: number;
      throughput: number;
      idleW: number;
      loadW: number;
    }[];
    const shareSum = classes.reduce((a, h) => a + h.share, 0);
    const capacity =
      p.providers.initial * classes.reduce((a, h) => a + (h.share / shareSum) * h.throughput, 0);
    const u = Math.min(1, p.demand.baseGpuHoursPerHour / capacity);
    const kw =
      classes.reduce((a, h) => a + (h.share / shareSum) * (h.idleW + (h.loadW - h.idleW) * u), 0) /
      1000;
    const regions = Object.values(p.regions) as { providerShare: number; powerUsdPerKwh: number }[];
    const regionShare =
      regions[1]!.providerShare / regions.reduce((a, r) => a + r.providerShare, 0);
    const expected = 2 * regions[1]!.powerUsdPerKwh * kw * p.providers.initial * regionShare * 100;
    expect(rel(c.powerUsd, expected)).toBeLessThan(1e-12);
    expect(c.totalUsd).toBeCloseTo(c.liquidityUsd + c.powerUsd, 6);
  }, 60_000);
});
