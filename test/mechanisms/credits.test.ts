import { describe, expect, it } from "vitest";
import {
  CreditStatus,
  circuitBreaker,
  collateralRatio,
  type RedeemResult,
  redeemCredits,
} from "../../engine/mechanisms/credits.ts";
import { Account, Ledger } from "../../engine/state/ledger.ts";
import { ProviderStore, Status } from "../../engine/state/providers.ts";

function setup(vault: number) {
  const s = new ProviderStore(4);
  const ledger = new Ledger(s);
  for (let k = 0; k < 2; k++) {
    const i = s.allocate();
    s.status[i] = Status.Active;
  }
  s.epochWork[0] = 30;
  s.epochWork[1] = 10;
  ledger.genesisTo(Account.Vault, vault);
  return { s, ledger };
}
const out = (): RedeemResult => ({
  fromVault: 0,
  minted: 0,
  usdPaid: 0,
  usdPerWork: 0,
});

describe("AEP-76 credits", () => {
  it("collateral ratio and circuit-breaker thresholds (warn 0.95, halt 0.90)", () => {
    expect(collateralRatio(205, 0.46, 95)).toBeCloseTo(0.9926, 3);
    expect(collateralRatio(1, 1, 0)).toBe(Number.POSITIVE_INFINITY);
    expect(circuitBreaker(0.99, 0.95, 0.9)).toBe(CreditStatus.Healthy);
    expect(circuitBreaker(0.93, 0.95, 0.9)).toBe(CreditStatus.Warning);
    expect(circuitBreaker(0.85, 0.95, 0.9)).toBe(CreditStatus.Halted);
  });

  it("price rose since the tenants' purchases: redemption leaves vault tokens, which back later credits", () => {
    const { s, ledger } = setup(100); // 100 USD of credits bought 100 tokens at 1 USD
    const r = out();
    expect(redeemCredits(100, 0, 2, s, ledger, r)).toBe(true);
    expect(r.fromVault).toBeCloseTo(50, 12);
    expect(r.minted).toBe(0);
    expect(ledger.accounts[Account.Vault]).toBeCloseTo(50, 12); // kept: credits never expire
    expect(s.tokens[0]).toBeCloseTo(37.5, 12);
    expect(s.tokens[1]).toBeCloseTo(12.5, 12);
    expect(s.pendingSell[0]).toBeCloseTo(37.5, 12);
    expect(s.epochFiatUsd[0]).toBeCloseTo(75, 12);
    expect(ledger.supply).toBeCloseTo(100, 9);
  });

  it("price fell: the vault is short and the rest is minted; held USD is paid pro rata", () => {
    const { s, ledger } = setup(100);
    const r = out();
    redeemCredits(100, 40, 0.5, s, ledger, r);
    expect(r.fromVault).toBeCloseTo(100, 12);
    expect(r.minted).toBeCloseTo(100, 12);
    expect(r.usdPaid).toBeCloseTo(40, 12);
    expect(s.pnlUsd[0]).toBeCloseTo(30, 12);
    expect(ledger.accounts[Account.Vault]).toBe(0);
  });

  it("does nothing when nobody worked", () => {
    const { s, ledger } = setup(100);
    s.epochWork.fill(0);
    expect(redeemCredits(100, 0, 1, s, ledger, out())).toBe(false);
    expect(ledger.accounts[Account.Vault]).toBe(100);
  });
});
