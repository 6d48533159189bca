import { describe, expect, it } from "vitest";
import {
  payRewards,
  type RewardResult,
  type SettlementResult,
  settleBurn,
} from "../../engine/mechanisms/settlement.ts";
import { Amm } from "../../engine/state/amm.ts";
import { Account, Ledger } from "../../engine/state/ledger.ts";
import { ProviderStore, Status } from "../../engine/state/providers.ts";

function world(n: number) {
  const s = new ProviderStore(n);
  for (let i = 0; i < n; i++) {
    s.allocate();
    s.status[i] = Status.Active;
  }
  const ledger = new Ledger(s);
  ledger.genesisTo(Account.Amm, 1e6);
  return { s, ledger, amm: new Amm(ledger, 1e6, 0) };
}

const split = (availabilityShare: number, foundationShare: number) => ({
  availabilityShare,
  foundationShare,
  treasuryShare: 0,
  stakersShare: 0,
  perNodeCapTokensPerEpoch: Number.POSITIVE_INFINITY,
});
const sell = (sellShare: number) => ({
  policy: "fixedShare" as const,
  sellShare,
  walletSellShare: 0,
  price: 1,
});

const blankSettlement = (): SettlementResult => ({
  revenueUsd: 0,
  feeUsd: 0,
  providerFiatUsd: 0,
  verificationCostUsd: 0,
  burnUsd: 0,
  burned: 0,
  treasuryUsd: 0,
});

describe("burn-and-mint settlement", () => {
  it("splits client payments into fee, fiat, verification and buy-and-burn", () => {
    const { amm, ledger } = world(1);
    const out = blankSettlement();
    const supply = ledger.supply;
    settleBurn({ protocolFeeShare: 0.05, providerFiatShare: 0.1 }, 2000, 50, 0, amm, "burn", out);
    expect(out.revenueUsd).toBe(2000);
    expect(out.feeUsd).toBe(100);
    expect(out.providerFiatUsd).toBe(200);
    expect(out.burnUsd).toBe(2000 - 100 - 200 - 50);
    expect(out.treasuryUsd).toBe(100);
    expect(ledger.supply).toBeCloseTo(supply - out.burned, 6);
    expect(out.burned).toBeCloseTo((1e6 * 1650) / (1e6 + 1650), 6);
  });

  it("pays verification from the treasury when the burn budget is exhausted", () => {
    const { amm } = world(1);
    const out = blankSettlement();
    settleBurn({ protocolFeeShare: 0.5, providerFiatShare: 0.5 }, 100, 30, 40, amm, "burn", out);
    expect(out.burnUsd).toBe(0);
    expect(out.burned).toBe(0);
    expect(out.treasuryUsd).toBe(40 + 50 - 30);
  });

  it("pays rewards by availability and work, the foundation its share, and queues sales", () => {
    const { s, ledger } = world(3);
    s.epochWork.set([10, 30, 0]);
    s.epochAvail.set([20, 20, 60]);
    const out: RewardResult = {
      perWork: 0,
      perAvail: 0,
      perStake: 0,
      toProviders: 0,
      toFoundation: 0,
      toTreasury: 0,
      cappedOff: 0,
    };
    payRewards(1000, split(0.25, 0.1), sell(0.5), s, ledger, out);
    // 100 to the foundation; 225 by availability (100 GPU-h), 675 by work (40 GPU-h).
    expect(out.toFoundation).toBeCloseTo(100, 9);
    expect(out.perAvail).toBeCloseTo(2.25, 9);
    expect(out.perWork).toBeCloseTo(16.875, 9);
    expect(s.tokens[0]).toBeCloseTo(10 * 16.875 + 20 * 2.25, 9);
    expect(s.tokens[2]).toBeCloseTo(60 * 2.25, 9);
    expect(s.pendingSell[1]).toBeCloseTo(0.5 * s.tokens[1]!, 9);
    expect(out.toProviders + out.toFoundation).toBeCloseTo(1000, 9);
    expect(ledger.minted).toBeCloseTo(1000, 9);
    expect(Array.from(s.epochWork)).toEqual([0, 0, 0]);
  });

  it("pays the work share by availability when no work was served, and mints nothing to nobody", () => {
    const { s, ledger } = world(2);
    s.epochAvail.set([10, 30]);
    const out: RewardResult = {
      perWork: 0,
      perAvail: 0,
      perStake: 0,
      toProviders: 0,
      toFoundation: 0,
      toTreasury: 0,
      cappedOff: 0,
    };
    payRewards(400, split(0.2, 0), sell(0), s, ledger, out);
    expect(out.toProviders).toBeCloseTo(400, 9);
    const empty = world(1);
    payRewards(400, split(0.2, 0.1), sell(0), empty.s, empty.ledger, out);
    expect(empty.ledger.minted).toBe(0);
  });
});
