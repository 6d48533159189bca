/**
 * Learned exit thresholds (issue 22): at each epoch end providers look at the
 * providers that were in a loss streak at the last one: those that stayed and
 * recovered and those that stayed and still lose. The pooled recovery hazard h
 * sets the patience a provider moves toward, ln(1 − confidence) / ln(1 − h):
 * short when streaks end often, long when they seldom end.
 */
import { describe, expect, it } from "vitest";
import { LearnedPatience, targetPatience } from "../../engine/mechanisms/agents/learnedPatience.ts";
import { ProviderStore, Status } from "../../engine/state/providers.ts";
import { Roster } from "../../engine/state/roster.ts";
import { scenario as baseline } from "../../scenarios/baseline.ts";
import { runTable } from "../helpers/runTable.ts";

const P = {
  rule: "learned" as const,
  learningRate: 0.5,
  confidence: 0.5,
  memoryEpochs: 1e6,
  maxPatienceEpochs: 120,
};

describe("targetPatience", () => {
  it("is the waiting time by which a share `confidence` of streaks has ended", () => {
    const h0 = 1 - 0.5 ** (1 / 10);
    expect(targetPatience(h0, 0.5, 120)).toBeCloseTo(10, 12);
    expect(targetPatience(0.5, 0.5, 120)).toBeCloseTo(1, 12);
    expect(targetPatience(0.5, 0.75, 120)).toBeCloseTo(2, 12);
    expect(targetPatience(1e-6, 0.5, 120)).toBe(120);
    expect(targetPatience(0, 0.5, 120)).toBe(120);
    expect(targetPatience(1, 0.5, 120)).toBe(1);
  });
});

describe("LearnedPatience", () => {
  function world(n: number) {
    const s = new ProviderStore(n);
    const roster = new Roster(s, 1, 1, Float64Array.from([10]), 1, 0);
    for (let k = 0; k < n; k++) {
      const i = s.allocate();
      s.throughput[i] = 1;
      s.patience[i] = 10;
      s.boughtStep[i] = -100;
      roster.admit(i, Status.Active);
    }
    return { s, roster };
  }

  it("counts stayers that recovered against stayers that still lose, and moves every patience toward the target", () => {
    const { s, roster } = world(12);
    const learner = new LearnedPatience(P, 10, 12);
    // Epoch 1: ten providers in a loss streak; nothing seen yet: the prior (target = mean patience 10).
    for (let i = 0; i < 10; i++) s.lossStreak[i] = 2;
    expect(learner.update(roster)).toBeCloseTo(10, 12);
    expect(Array.from(s.patience)).toEqual(new Array(12).fill(10));
    // Epoch 2: of the ten, 3 recovered, 6 still lose, 1 left (not counted).
    for (let i = 0; i < 3; i++) s.lossStreak[i] = 0;
    for (let i = 3; i < 9; i++) s.lossStreak[i] = 3;
    roster.setStatus(9, Status.Exiting, 100);
    const h0 = 1 - 0.5 ** (1 / 10);
    const h = (h0 + 3) / (1 + 3 + 6);
    const target = learner.update(roster);
    expect(target).toBeGreaterThan(1);
    expect(learner.hazard).toBeCloseTo(h, 15);
    expect(target).toBeCloseTo(Math.log(0.5) / Math.log(1 - h), 12);
    // Half the gap from 10 toward ≈ 1.89: 5.9 → 6; the exiting provider keeps its own.
    const next = Math.round(10 + 0.5 * (target - 10));
    for (let i = 0; i < 12; i++) expect(s.patience[i], `slot ${i}`).toBe(i === 9 ? 10 : next);
    expect(learner.meanPatience).toBeCloseTo(next, 12);
  });

  it("lengthens patience when streaks seldom end, and restarts from the drawn patience in a reused slot", () => {
    const { s, roster } = world(10);
    const learner = new LearnedPatience(P, 10, 10);
    for (let i = 0; i < 10; i++) s.lossStreak[i] = 1;
    learner.update(roster);
    for (let e = 0; e < 8; e++) {
      for (let i = 0; i < 10; i++) s.lossStreak[i] = s.lossStreak[i]! + 1;
      learner.update(roster);
    }
    // 80 streak-epochs, none ended: h = h0 / 81 → a target of the cap, 120.
    expect(learner.target).toBe(120);
    expect(s.patience[0]).toBeGreaterThan(100);
    // A new provider in slot 0 (bought later) starts from its own drawn patience.
    roster.release(0);
    const i = s.allocate();
    expect(i).toBe(0);
    s.patience[i] = 7;
    s.boughtStep[i] = 50;
    s.lossStreak[i] = 0;
    roster.admit(i, Status.Active);
    learner.update(roster);
    expect(s.patience[0]).toBe(Math.round(7 + 0.5 * (learner.target - 7)));
  });
});

describe("exitLearning in a scenario", () => {
  const run = (sets: string[]) =>
    runTable(
      baseline,
      [
        "sim.steps=720",
        "providers.initial=300",
        "providers.maxTotal=600",
        "demand.baseGpuHoursPerHour=150",
        ...sets,
      ],
      11,
    );

  it("the fixed rule adds no column; the learned one records patience and hazard, the same bytes each run", async () => {
    const fixed = await run([]);
    expect(fixed.table.getChild("meanPatienceEpochs")).toBeNull();
    const a = await run(["exitLearning.rule=learned"]);
    const b = await run(["exitLearning.rule=learned"]);
    expect(Buffer.from(a.bytes).equals(Buffer.from(b.bytes))).toBe(true);
    const patience = a.table.getChild("meanPatienceEpochs")!.toArray() as Float64Array;
    const hazard = a.table.getChild("recoveryHazard")!.toArray() as Float64Array;
    console.log(
      `baseline, 300 providers, 720 steps: mean patience at epochs 1, 10, 30: ${[23, 239, 719].map((t) => patience[t]!.toFixed(2)).join(", ")}; hazard ${[23, 239, 719].map((t) => hazard[t]!.toFixed(3)).join(", ")}`,
    );
    for (const t of [23, 239, 719]) {
      expect(patience[t]).toBeGreaterThanOrEqual(1);
      expect(hazard[t]).toBeGreaterThan(0);
      expect(hazard[t]).toBeLessThan(1);
    }
    // The patience it learns is not the one drawn: the rule changes something.
    expect(patience[719]).not.toBeCloseTo(patience[23]!, 1);
  }, 120_000);
});
