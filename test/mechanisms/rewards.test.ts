import { describe, expect, it } from "vitest";
import {
  payRewards,
  type RewardResult,
  type RewardSplit,
  tokensToSell,
} from "../../engine/mechanisms/settlement.ts";
import { Account, Ledger } from "../../engine/state/ledger.ts";
import { ProviderStore, Status } from "../../engine/state/providers.ts";

function world() {
  const s = new ProviderStore(3);
  const ledger = new Ledger(s);
  for (let k = 0; k < 3; k++) s.status[s.allocate()] = Status.Active;
  s.epochWork.set([10, 30, 0]);
  s.epochAvail.set([20, 20, 20]);
  ledger.genesisStake(0, 100);
  ledger.genesisStake(1, 100);
  ledger.genesisStake(2, 200);
  return { s, ledger };
}
const split = (o: Partial<RewardSplit> = {}): RewardSplit => ({
  availabilityShare: 0,
  foundationShare: 0,
  treasuryShare: 0,
  stakersShare: 0,
  perNodeCapTokensPerEpoch: 1e15,
  ...o,
});
const res = (): RewardResult => ({
  perWork: 0,
  perAvail: 0,
  perStake: 0,
  toProviders: 0,
  toFoundation: 0,
  toTreasury: 0,
  cappedOff: 0,
});
const sellNone = { policy: "fixedShare" as const, sellShare: 0, walletSellShare: 0, price: 1 };

describe("payRewards splits", () => {
  it("pays foundation, treasury, stakers, availability and work shares", () => {
    const { s, ledger } = world();
    const r = res();
    payRewards(
      1000,
      split({
        foundationShare: 0.1,
        treasuryShare: 0.2,
        stakersShare: 0.5,
        availabilityShare: 0.5,
      }),
      sellNone,
      s,
      ledger,
      r,
    );
    // pool 700: stakers 350 (per stake 350/400), availability 175 (per avail 175/60), work 175 (per work 175/40).
    expect(ledger.accounts[Account.Foundation]).toBeCloseTo(100, 9);
    expect(ledger.accounts[Account.Treasury]).toBeCloseTo(200, 9);
    expect(s.tokens[2]).toBeCloseTo(200 * (350 / 400) + 20 * (175 / 60), 9);
    expect(s.tokens[1]).toBeCloseTo(100 * (350 / 400) + 20 * (175 / 60) + 30 * (175 / 40), 9);
    expect(r.toProviders).toBeCloseTo(700, 9);
    expect(ledger.minted).toBeCloseTo(1000, 9);
  });

  it("caps each provider's reward per epoch and does not mint the excess", () => {
    const { s, ledger } = world();
    const r = res();
    payRewards(400, split({ perNodeCapTokensPerEpoch: 150 }), sellNone, s, ledger, r);
    // Work only: 100 and 300 before the cap.
    expect(s.tokens[0]).toBeCloseTo(100, 9);
    expect(s.tokens[1]).toBeCloseTo(150, 9);
    expect(r.cappedOff).toBeCloseTo(150, 9);
    expect(ledger.minted).toBeCloseTo(250, 9);
  });
});

describe("sell policy", () => {
  it("fixedShare sells a share of the reward; coverCosts sells what pays the bills", () => {
    expect(
      tokensToSell(
        { policy: "fixedShare", sellShare: 0.6, walletSellShare: 0, price: 2 },
        100,
        50,
        0,
      ),
    ).toBe(60);
    const cover = { policy: "coverCosts" as const, sellShare: 0.6, walletSellShare: 0, price: 2 };
    expect(tokensToSell(cover, 100, 50, 10)).toBe(20);
    expect(tokensToSell(cover, 100, 500, 0)).toBe(100);
    expect(tokensToSell(cover, 100, 5, 10)).toBe(0);
  });
});
