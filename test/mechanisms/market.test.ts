import { describe, expect, it } from "vitest";
import { checkInvariants } from "../../engine/invariants.ts";
import { genesis } from "../../engine/mechanisms/genesis.ts";
import { arbitrageToward, crashDump, speculatorOrderUsd } from "../../engine/mechanisms/traders.ts";
import { resolveParams } from "../../engine/scenario.ts";
import { Account } from "../../engine/state/ledger.ts";
import { World } from "../../engine/state/world.ts";
import { scenario } from "../../scenarios/baseline.ts";

function freshWorld() {
  const p = resolveParams(scenario, ["providers.initial=10", "providers.maxTotal=20"]);
  const w = new World(p, 1, 0);
  genesis(w);
  return w;
}

describe("AMM liquidity withdrawal", () => {
  it("removes a share of both reserves at an unchanged price and keeps the amm-product invariant", () => {
    const w = freshWorld();
    const price = w.amm.price;
    const tokens = w.amm.tokenReserve;
    w.amm.withdrawLiquidity(0.4);
    expect(w.amm.price).toBeCloseTo(price, 12);
    expect(w.amm.tokenReserve).toBeCloseTo(tokens * 0.6, 6);
    expect(w.ledger.accounts[Account.LiquidityProviders]).toBeCloseTo(tokens * 0.4, 6);
    expect(() => checkInvariants(w, true)).not.toThrow();
  });
});

describe("speculative traders and shocks", () => {
  it("momentum buys after a rise, mean reversion sells above the average", () => {
    const m = { momentumShare: 0.1, meanReversionShare: 0 };
    expect(speculatorOrderUsd(m, 1000, 1.1, 1, 1)).toBeCloseTo(1000 * 0.1 * Math.log(1.1), 9);
    const r = { momentumShare: 0, meanReversionShare: 0.1 };
    expect(speculatorOrderUsd(r, 1000, 1.1, 1, 1)).toBeLessThan(0);
  });

  it("a crash step dumps the traders' tokens down to the target path", () => {
    const w = freshWorld();
    const p0 = w.amm.price;
    crashDump(p0, 0.7, 1, 7, w.amm, w.ledger);
    // Fee ignored in sizing: the price lands just above the target.
    expect(w.amm.price / (p0 * 0.3 ** (1 / 7))).toBeCloseTo(1, 2);
    for (let k = 2; k <= 7; k++) crashDump(p0, 0.7, k, 7, w.amm, w.ledger);
    expect(w.amm.price / (p0 * 0.3)).toBeCloseTo(1, 2);
    expect(() => checkInvariants(w, true)).not.toThrow();
  });

  it("arbitrage closes the requested share of the log gap to the external price", () => {
    const w = freshWorld();
    const p0 = w.amm.price;
    arbitrageToward(p0 * 4, 0.5, w.amm, w.ledger);
    expect(w.amm.price / (p0 * 2)).toBeCloseTo(1, 2);
    arbitrageToward(p0, 1, w.amm, w.ledger);
    expect(w.amm.price / p0).toBeCloseTo(1, 2);
  });
});
