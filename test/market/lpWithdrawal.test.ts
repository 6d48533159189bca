import { describe, expect, it } from "vitest";
import { LpWithdrawal } from "../../engine/market/lpWithdrawal.ts";
import type { Amm } from "../../engine/state/amm.ts";
import { Account } from "../../engine/state/ledger.ts";
import { venueAmm } from "./helpers.ts";

/** Sets the constant-product pool's price by its USD reserve (no trade), then closes the step. */
function closeAt(amm: Amm, lp: LpWithdrawal, price: number): void {
  amm.usdReserve = price * amm.tokenReserve;
  lp.step(amm);
}

const a = Math.log(1.1);
const settings = (threshold: number) => ({
  windowSteps: 3,
  threshold,
  withdrawShare: 0.1,
  returnShare: 0.5,
  maxWithdrawnShare: 0.15,
});

describe("LPs who withdraw on volatility", () => {
  // Returns +a then −a: sample s.d. a·√2 = 0.1348 per step.
  it("withdraw above the threshold: a share of both reserves at an unchanged price", () => {
    const { amm, ledger } = venueAmm(undefined, 1e6, 1e6, 0);
    const lp = new LpWithdrawal(settings(0.13), 1);
    closeAt(amm, lp, 1.1);
    expect(lp.volatility).toBe(0); // one return: no estimate yet
    expect(lp.inShare).toBe(1);
    closeAt(amm, lp, 1);
    expect(lp.volatility).toBeCloseTo(a * Math.SQRT2, 12);
    expect(lp.inShare).toBeCloseTo(0.9, 12);
    expect(amm.tokenReserve).toBeCloseTo(0.9e6, 6);
    expect(ledger.accounts[Account.LiquidityProviders]).toBeCloseTo(1e5, 6);
    expect(amm.price).toBeCloseTo(1, 12);
  });

  it("stay below the threshold", () => {
    const { amm, ledger } = venueAmm(undefined, 1e6, 1e6, 0);
    const lp = new LpWithdrawal(settings(0.14), 1);
    closeAt(amm, lp, 1.1);
    closeAt(amm, lp, 1);
    expect(lp.inShare).toBe(1);
    expect(ledger.accounts[Account.LiquidityProviders]).toBe(0);
  });

  it("return a share of what is out once the window is calm", () => {
    const { amm } = venueAmm(undefined, 1e6, 1e6, 0);
    const lp = new LpWithdrawal(settings(0.13), 1);
    closeAt(amm, lp, 1.1);
    closeAt(amm, lp, 1); // withdraw: 0.9 in
    closeAt(amm, lp, 1); // window [a, −a, 0]: s.d. a = 0.095 < 0.13, so half of the 0.1 out returns
    expect(lp.volatility).toBeCloseTo(a, 12);
    expect(lp.inShare).toBeCloseTo(0.95, 12);
    expect(amm.tokenReserve).toBeCloseTo(0.95e6, 6);
    expect(amm.price).toBeCloseTo(1, 12);
    expect(lp.withdrawnShare).toBeCloseTo(0.05, 12);
  });

  it("stop at the most they withdraw", () => {
    const { amm } = venueAmm(undefined, 1e6, 1e6, 0);
    const lp = new LpWithdrawal(settings(0.05), 1);
    for (const p of [1.1, 1, 1.1, 1]) closeAt(amm, lp, p);
    // 0.9 in after the first volatile step, then down to the floor 1 − 0.15 and no further.
    expect(lp.inShare).toBeCloseTo(0.85, 12);
    expect(amm.tokenReserve).toBeCloseTo(0.85e6, 6);
  });

  it("refuses a window under 2 steps", () => {
    expect(() => new LpWithdrawal({ ...settings(0.1), windowSteps: 1 }, 1)).toThrow("at least 2");
  });
});
