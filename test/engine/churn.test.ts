import { describe, expect, it } from "vitest";
import { enterProviders, exitDecisions, expectedRoi } from "../../engine/mechanisms/churn.ts";
import { createRng } from "../../engine/rng/source.ts";
import { Amm } from "../../engine/state/amm.ts";
import { Account, Ledger } from "../../engine/state/ledger.ts";
import { ProviderStore, Status } from "../../engine/state/providers.ts";
import { Roster } from "../../engine/state/roster.ts";
import { smallBaseline } from "./helpers.ts";

function providers(n: number) {
  const s = new ProviderStore(n + 50);
  const roster = new Roster(s, 4, 4, new Float64Array(4), 1, 0);
  for (let i = 0; i < n; i++) {
    s.allocate();
    s.throughput[i] = 1;
    s.patience[i] = 3; // drawn around economics.exitPatienceEpochs by spawnProvider
    roster.admit(i, Status.Active);
  }
  return { s, roster };
}

describe("provider exit with hysteresis", () => {
  it("exits after exitPatienceEpochs loss-making epochs, not before", async () => {
    const { params } = await smallBaseline([
      "economics.exitPatienceEpochs=3",
      "economics.profitWindowEpochs=1",
    ]);
    const { s, roster } = providers(1);
    const profits = new Float64Array(1);
    const r = { exits: 0 };
    for (let epoch = 0; epoch < 3; epoch++) {
      s.epochCostUsd[0] = 10;
      exitDecisions(params.economics, roster, 1, 24, epoch * 24, 1, epoch === 0, profits, r);
      expect(s.status[0]).toBe(epoch < 2 ? Status.Active : Status.Exiting);
    }
    expect(r.exits).toBe(1);
    expect(profits[0]).toBeCloseTo(-10 / 24, 12);
  });

  it("does not reset a loss streak on a marginal profit (hysteresis), but does on a clear one", async () => {
    const { params } = await smallBaseline([
      "economics.exitPatienceEpochs=3",
      "economics.profitWindowEpochs=1",
      "economics.exitHysteresis=0.5",
    ]);
    const { s, roster } = providers(1);
    const profits = new Float64Array(1);
    const r = { exits: 0 };
    const epoch = (cost: number, reward: number, e: number) => {
      s.epochCostUsd[0] = cost;
      s.epochReward[0] = reward;
      exitDecisions(params.economics, roster, 1, 24, e * 24, 1, e === 0, profits, r);
    };
    epoch(10, 0, 0);
    epoch(10, 0, 1);
    epoch(10, 11, 2); // profit 1 < 0.5 × 10: the streak (2) stands
    expect(s.lossStreak[0]).toBe(2);
    epoch(10, 20, 3); // profit 10 > 5: streak resets
    expect(s.lossStreak[0]).toBe(0);
    epoch(10, 0, 4);
    expect(s.status[0]).toBe(Status.Active);
  });
});

describe("ROI-driven entry", () => {
  it("brings in staked, onboarding providers when expected ROI clears the hurdle, none otherwise", async () => {
    const { params } = await smallBaseline([
      "economics.entryMaxPerEpoch=40",
      "economics.onboardingSteps=12",
    ]);
    const classNames = Object.keys(params.hardware);
    const regionNames = Object.keys(params.regions);
    const rich = {
      price: 5,
      rewardPerWork: 0.5,
      rewardPerAvail: 0.05,
      fiatPerWork: 0,
      utilByRegion: Float64Array.from([0.7, 0.7, 0.7, 0.7]),
      classShare: Float64Array.from(classNames, (c) => params.hardware[c]!.share),
      powerFactor: Float64Array.from([1, 1, 1, 1]),
    };
    const poor = { ...rich, price: 0.01 };
    expect(expectedRoi(params, "rtx4090", "euEast", 2, rich)).toBeGreaterThan(
      params.economics.entryRoiHurdle,
    );
    expect(expectedRoi(params, "rtx4090", "euEast", 2, poor)).toBeLessThan(0);

    const s = new ProviderStore(100);
    const roster = new Roster(s, 4, 4, new Float64Array(4), 1, 0);
    const ledger = new Ledger(s);
    ledger.genesisTo(Account.Amm, 1e6);
    const amm = new Amm(ledger, 1e6, 0.003);
    expect(
      enterProviders(
        params,
        classNames,
        regionNames,
        roster,
        ledger,
        amm,
        poor,
        100,
        createRng("e"),
      ),
    ).toBe(0);
    const n = enterProviders(
      params,
      classNames,
      regionNames,
      roster,
      ledger,
      amm,
      rich,
      100,
      createRng("e"),
    );
    expect(n).toBeGreaterThan(10);
    expect(roster.statusCounts[Status.Onboarding]).toBe(n);
    for (let i = 0; i < n; i++) {
      expect(s.stake[i]).toBeCloseTo(params.staking.minStakeTokens, 6);
      expect(s.statusUntil[i]).toBe(112);
      expect(s.pnlUsd[i]).toBeLessThan(0); // bought its stake
    }
    expect(amm.price).toBeGreaterThan(1); // stake purchases are buy pressure
  });
});
