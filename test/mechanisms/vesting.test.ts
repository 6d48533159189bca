import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { runScenario, type ScenarioRun } from "../../api/run.ts";
import { InvariantViolation } from "../../engine/errors.ts";
import { checkInvariants } from "../../engine/invariants.ts";
import { genesis } from "../../engine/mechanisms/genesis.ts";
import { BUCKETS, unlockedBy } from "../../engine/mechanisms/vesting.ts";
import { leafParams } from "../../engine/params/overrides.ts";
import type { Phase } from "../../engine/pipeline/phase.ts";
import { vestingPhase } from "../../engine/pipeline/phases/vesting.ts";
import { resolveParams } from "../../engine/scenario.ts";
import { Account } from "../../engine/state/ledger.ts";
import { World } from "../../engine/state/world.ts";
import { scenario } from "../../scenarios/baseline.ts";

const SMALL = ["providers.initial=10", "providers.maxTotal=20", "market.noiseTradeShare=0"];
/** Every bucket empty, then the test's own settings. */
const only = (sets: string[]) => [
  ...SMALL,
  "vesting.enabled=true",
  ...BUCKETS.map((b) => `vesting.${b}.tokens=0`),
  ...sets,
];

function world(sets: string[]): { w: World; phase: Phase } {
  const w = new World(resolveParams(scenario, only(sets)), 1, 0);
  genesis(w);
  return { w, phase: vestingPhase(w) };
}

/** Runs the vesting phase alone for `n` steps; returns the unlocks and sales per step. */
function steps(w: World, phase: Phase, n: number): { unlocked: number[]; sold: number[] } {
  const unlocked: number[] = [];
  const sold: number[] = [];
  for (let s = 0; s < n; s++) {
    w.step = s;
    w.ledger.step = s;
    phase.run(w);
    unlocked.push(w.vesting.unlockedStep);
    sold.push(w.vesting.soldStep);
    checkInvariants(w, true);
  }
  return { unlocked, sold };
}

describe("vesting schedules (hand-computed)", () => {
  it("a 1-day cliff then linear over a day: nothing for 24 steps, then 100 tokens a step", () => {
    const { w, phase } = world([
      "vesting.team.tokens=2400",
      "vesting.team.cliffDays=1",
      "vesting.team.durationDays=1",
      "vesting.team.sellShare=0",
    ]);
    const { unlocked } = steps(w, phase, 60);
    // Step s ends at hour s + 1: the cliff is the end of step 23, then 100 an hour.
    for (let s = 0; s <= 23; s++) expect(unlocked[s]).toBe(0);
    for (let s = 24; s <= 47; s++) expect(unlocked[s]).toBeCloseTo(100, 9);
    for (let s = 48; s < 60; s++) expect(unlocked[s]).toBe(0);
    expect(w.vesting.unlocked[0]).toBe(2400);
    expect(w.vesting.locked[0]).toBe(0);
    expect(w.ledger.accounts[Account.Locked]).toBeCloseTo(0, 9);
    expect(w.ledger.accounts[Account.Vested]).toBeCloseTo(2400, 9);
  });

  it("a cliff share is released at the cliff, the rest linearly", () => {
    const { w, phase } = world([
      "vesting.team.tokens=2400",
      "vesting.team.cliffDays=1",
      "vesting.team.cliffShare=0.25",
      "vesting.team.durationDays=1",
      "vesting.team.sellShare=0",
    ]);
    const { unlocked } = steps(w, phase, 50);
    expect(unlocked[22]).toBe(0);
    expect(unlocked[23]).toBeCloseTo(600, 9);
    for (let s = 24; s <= 47; s++) expect(unlocked[s]).toBeCloseTo(75, 9);
    expect(unlocked[48]).toBe(0);
  });

  it("a stepped unlock: a third of 3,000 at the end of days 2, 3 and 4", () => {
    const { w, phase } = world([
      "vesting.investors.tokens=3000",
      "vesting.investors.cliffDays=1",
      "vesting.investors.shape=stepped",
      "vesting.investors.periodDays=1",
      "vesting.investors.durationDays=3",
      "vesting.investors.sellShare=0",
    ]);
    const { unlocked } = steps(w, phase, 120);
    const nonzero = unlocked.flatMap((u, s) => (u > 0 ? [[s, u]] : []));
    expect(nonzero.map(([s]) => s)).toEqual([47, 71, 95]);
    for (const [, u] of nonzero) expect(u).toBeCloseTo(1000, 9);
    // The schedule function itself, in hours.
    const b = {
      tokens: 3000,
      cliffDays: 1,
      cliffShare: 0,
      shape: "stepped",
      periodDays: 1,
    } as const;
    expect(unlockedBy({ ...b, durationDays: 3 }, 47)).toBe(0);
    expect(unlockedBy({ ...b, durationDays: 3 }, 48)).toBeCloseTo(1000, 9);
    expect(unlockedBy({ ...b, durationDays: 3 }, 1e6)).toBe(3000);
    // Duration 0: everything at the cliff; cliff 0 too: everything in step 0.
    expect(unlockedBy({ ...b, cliffDays: 0, durationDays: 0 }, 1)).toBe(3000);
  });

  it("an airdrop at step 0 (no cliff, no duration) unlocks at once", () => {
    const { w, phase } = world(["vesting.airdrop.tokens=5000", "vesting.airdrop.sellShare=0"]);
    const { unlocked } = steps(w, phase, 3);
    expect(unlocked).toEqual([5000, 0, 0]);
  });
});

describe("vesting holders' sales", () => {
  it("sell sellShare of each unlock, evenly over sellSteps steps, on the AMM", () => {
    const { w, phase } = world([
      "vesting.airdrop.tokens=1000",
      "vesting.airdrop.sellShare=0.5",
      "vesting.airdrop.sellSteps=4",
    ]);
    const amm0 = w.amm.tokenReserve;
    const { sold } = steps(w, phase, 8);
    for (let s = 0; s < 4; s++) expect(sold[s]).toBeCloseTo(125, 9);
    for (let s = 4; s < 8; s++) expect(sold[s]).toBe(0);
    expect(w.amm.tokenReserve - amm0).toBeCloseTo(500, 6);
    expect(w.vesting.held[BUCKETS.indexOf("airdrop")]).toBeCloseTo(500, 9);
    expect(w.vesting.sold[BUCKETS.indexOf("airdrop")]).toBeCloseTo(500, 9);
  });

  it("overlapping unlocks add up: a linear unlock of 100 a step sold over 4 steps ramps 12.5, 25, 37.5, 50", () => {
    const { w, phase } = world([
      "vesting.community.tokens=2400",
      "vesting.community.durationDays=1",
      "vesting.community.sellShare=0.5",
      "vesting.community.sellSteps=4",
    ]);
    const { unlocked, sold } = steps(w, phase, 30);
    expect(unlocked.slice(0, 24).every((u) => Math.abs(u - 100) < 1e-9)).toBe(true);
    const want = [12.5, 25, 37.5, 50, 50];
    want.forEach((x, s) => {
      expect(sold[s]).toBeCloseTo(x, 9);
    });
    // After the last unlock (step 23) the sales ramp down over 3 steps.
    expect(sold[23]).toBeCloseTo(50, 9);
    expect(sold[24]).toBeCloseTo(37.5, 9);
    expect(sold[26]).toBeCloseTo(12.5, 9);
    expect(sold[27]).toBeCloseTo(0, 9);
    expect(sold.reduce((a, b) => a + b, 0)).toBeCloseTo(1200, 6);
  });

  it("with price sensitivity k, sell (P / unlock price)^k of the plan below the unlock price", () => {
    const { w, phase } = world([
      "vesting.team.tokens=1000",
      "vesting.team.cliffDays=0",
      "vesting.team.durationDays=0",
      "vesting.team.sellShare=1",
      "vesting.team.sellSteps=10",
      "vesting.team.priceSensitivity=2",
    ]);
    w.step = 0;
    phase.run(w);
    // The unlock-time price is the price before step 0's sale.
    const sold0 = w.vesting.soldStep;
    expect(sold0).toBeCloseTo(100, 9);
    // Traders dump until the price is half the initial (unlock-time) price.
    const p0 = w.params.market.initialPriceUsd;
    w.amm.sellFrom(Account.Traders, w.amm.tokensToReachPrice(p0 / 2));
    const p1 = w.amm.price;
    w.step = 1;
    phase.run(w);
    expect(w.vesting.soldStep).toBeCloseTo(100 * (p1 / p0) ** 2, 6);
    // Held back tokens stay with the holders.
    expect(w.vesting.held[0]).toBeCloseTo(1000 - 100 - w.vesting.soldStep, 6);
    checkInvariants(w, true);
  });
});

describe("vesting and the supply invariants", () => {
  it("locks the allocation as genesis supply on top of market.genesisSupplyTokens; supply is conserved", () => {
    const { w, phase } = world([
      "vesting.team.tokens=2400",
      "vesting.team.durationDays=1",
      "vesting.investors.tokens=1000",
      "vesting.investors.cliffDays=1",
    ]);
    expect(w.ledger.genesis).toBeCloseTo(w.params.market.genesisSupplyTokens + 3400, 6);
    expect(w.ledger.accounts[Account.Locked]).toBe(3400);
    steps(w, phase, 30);
    expect(w.ledger.supply).toBeCloseTo(w.params.market.genesisSupplyTokens + 3400, 6);
    for (let k = 0; k < BUCKETS.length; k++)
      expect(w.vesting.locked[k]! + w.vesting.unlocked[k]!).toBe(w.vesting.allocation[k]);
  });

  it("an unlock beyond the schedule, or a bucket that no longer adds up, is a violation", () => {
    const { w, phase } = world(["vesting.team.tokens=2400", "vesting.team.cliffDays=10"]);
    steps(w, phase, 5);
    w.vesting.unlocked[0] = 100;
    w.vesting.locked[0] = 2300;
    expect(() => checkInvariants(w, true)).toThrow(/unlocked more than its schedule/);
    w.vesting.unlocked[0] = 0;
    w.vesting.locked[0] = 2000;
    expect(() => checkInvariants(w, true)).toThrow(InvariantViolation);
    expect(() => checkInvariants(w, true)).toThrow(/locked \+ unlocked is not its allocation/);
  });
});

const col = (r: ScenarioRun, name: string) => r.steps.getChild(name)?.toArray() as Float64Array;
const RUN = ["providers.initial=200", "providers.maxTotal=400", "demand.baseGpuHoursPerHour=180"];

describe("vesting in a run", () => {
  it("is off by default and adds no column; on, its columns add up and every invariant holds", async () => {
    const off = await runScenario("baseline", { steps: 48, sets: RUN });
    expect(off.steps.getChild("unlockedTokens")).toBeNull();
    const on = await runScenario("baseline", {
      steps: 48,
      sets: [
        ...RUN,
        "vesting.enabled=true",
        "vesting.foundation.durationDays=2",
        "vesting.foundation.sellSteps=1",
      ],
    });
    expect(on.summary.status).toBe("ok");
    const unlocked = col(on, "unlockedTokens");
    // Foundation 10M over two days: 10M / 48 an hour; community and ecosystem over 4 years.
    const perHour = 10_000_000 / 48 + (2 * 10_000_000) / (1460 * 24);
    expect(unlocked[0]).toBeCloseTo(perHour, 4);
    const locked = col(on, "lockedTokens");
    expect(locked[47]).toBeCloseTo(40_000_000 + 20_000_000 - (2 * 10_000_000 * 2) / 1460, 2);
    // Foundation sells a quarter of each unlock at once (sellSteps 1).
    expect(col(on, "unlockSoldTokens")[0]).toBeGreaterThan(0.25 * (10_000_000 / 48));
    expect(Math.min(...col(on, "unlockSoldUsd"))).toBeGreaterThan(0);
  });
});

describe("docs", () => {
  const mech = readFileSync(new URL("../../docs/mechanisms.md", import.meta.url), "utf8");
  const asm = readFileSync(new URL("../../docs/assumptions.md", import.meta.url), "utf8");
  const out = readFileSync(new URL("../../docs/output.md", import.meta.url), "utf8");
  it("document every vesting parameter with its unit, and the columns", () => {
    for (const leaf of leafParams(scenario.schema).filter((l) => l.path.startsWith("vesting."))) {
      const row = mech.split("\n").find((l) => l.startsWith(`| \`${leaf.path}\` |`));
      expect(row, leaf.path).toBeDefined();
      expect(row?.split("|").map((c) => c.trim())).toContain(
        (leaf.schema as unknown as { unit: string }).unit,
      );
      if (leaf.path !== "vesting.enabled") expect(asm).toContain(`\`${leaf.path}\``);
    }
    for (const c of ["unlockedTokens", "unlockSoldTokens", "unlockSoldUsd", "lockedTokens"])
      expect(out).toContain(`| \`${c}\` |`);
  });
});
