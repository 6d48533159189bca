import { fc, test } from "@fast-check/vitest";
import { describe, expect, it } from "vitest";
import { Behaviour, ProviderStore, Status } from "../../engine/state/providers.ts";
import { Roster } from "../../engine/state/roster.ts";

const R = 2;
const N = 5;
const STEP_H = 1;
const FIAT = 0.1;

function build() {
  const s = new ProviderStore(N);
  const roster = new Roster(s, R, 2, Float64Array.from([50, 30]), STEP_H, FIAT);
  for (let i = 0; i < N; i++) {
    s.allocate();
    s.region[i] = i % R;
    s.hwClass[i] = i % 2;
    s.throughput[i] = 1 + i;
    s.loadKw[i] = 0.4 + 0.1 * i;
    s.idleKw[i] = 0.05;
    s.powerPrice[i] = 0.1 + 0.05 * i;
    s.fixedUsdPerHour[i] = 0.07;
    s.behaviour[i] = i === 3 ? Behaviour.Cheater : Behaviour.Honest;
    s.cheatFraction[i] = i === 3 ? 0.5 : 0;
    roster.admit(i, Status.Active);
  }
  return { s, roster };
}

const stepEvent = fc.record({
  util: fc.tuple(
    fc.double({ min: 0, max: 1, noNaN: true }),
    fc.double({ min: 0, max: 1, noNaN: true }),
  ),
  change: fc.option(
    fc.record({
      i: fc.integer({ min: 0, max: N - 1 }),
      to: fc.constantFrom(
        Status.Active,
        Status.Jailed,
        Status.Onboarding,
        Status.Exiting,
        Status.Paused,
      ),
    }),
  ),
});

describe("roster: lazy accrual", () => {
  test.prop([fc.array(stepEvent, { minLength: 1, maxLength: 60 })], { seed: 99, numRuns: 200 })(
    "settles the same work, availability, costs and fiat as an eager per-step pass",
    (events) => {
      const { s, roster } = build();
      const eager = {
        work: new Float64Array(N),
        avail: new Float64Array(N),
        cost: new Float64Array(N),
        fiat: new Float64Array(N),
      };
      let totalCost = 0;
      let aggregateCost = 0;
      for (const e of events) {
        const util = Float64Array.from(e.util);
        // Eager reference: what each provider served and paid this step.
        for (let i = 0; i < N; i++) {
          const st = s.status[i];
          const u = util[s.region[i]!]!;
          if (st === Status.Active) {
            const kw = s.idleKw[i]! + (s.loadKw[i]! - s.idleKw[i]!) * u * (1 - s.cheatFraction[i]!);
            const cost = (kw * s.powerPrice[i]! + s.fixedUsdPerHour[i]!) * STEP_H;
            eager.work[i]! += s.throughput[i]! * u * STEP_H;
            eager.avail[i]! += s.throughput[i]! * STEP_H;
            eager.cost[i]! += cost;
            eager.fiat[i]! += s.throughput[i]! * u * STEP_H * FIAT;
            totalCost += cost;
          } else if (st === Status.Jailed || st === Status.Onboarding) {
            const cost = (s.idleKw[i]! * s.powerPrice[i]! + s.fixedUsdPerHour[i]!) * STEP_H;
            eager.cost[i]! += cost;
            totalCost += cost;
          } else if (st === Status.Paused) {
            // Present, hardware off: the site's fixed costs, no power.
            const cost = s.fixedUsdPerHour[i]! * STEP_H;
            eager.cost[i]! += cost;
            totalCost += cost;
          }
        }
        aggregateCost += roster.costPerStep(util);
        roster.advanceUtil(util);
        if (e.change) roster.setStatus(e.change.i, e.change.to, 1_000_000);
      }
      roster.accrueAll();
      for (let i = 0; i < N; i++) {
        expect(s.epochWork[i]).toBeCloseTo(eager.work[i]!, 9);
        expect(s.epochAvail[i]).toBeCloseTo(eager.avail[i]!, 9);
        expect(s.epochCostUsd[i]).toBeCloseTo(eager.cost[i]!, 9);
        expect(s.epochFiatUsd[i]).toBeCloseTo(eager.fiat[i]!, 9);
        expect(s.pnlUsd[i]).toBeCloseTo(eager.fiat[i]! - eager.cost[i]!, 9);
      }
      expect(aggregateCost).toBeCloseTo(totalCost, 9);
    },
  );

  it("keeps aggregates equal to a recount after status changes and releases", () => {
    const { s, roster } = build();
    roster.setStatus(1, Status.Jailed, 10);
    roster.setStatus(2, Status.Exiting, 10);
    roster.release(3);
    const snapshot = {
      capacity: Array.from(roster.capacity),
      counts: Array.from(roster.statusCounts),
      byClass: Array.from(roster.activeByClass),
      waiting: roster.waitingUsdPerHour,
    };
    roster.recount();
    expect(Array.from(roster.capacity).map((x) => +x.toFixed(9))).toEqual(
      snapshot.capacity.map((x) => +x.toFixed(9)),
    );
    expect(Array.from(roster.statusCounts)).toEqual(snapshot.counts);
    expect(Array.from(roster.activeByClass)).toEqual(snapshot.byClass);
    expect(roster.waitingUsdPerHour).toBeCloseTo(snapshot.waiting, 12);
    expect(roster.statusCounts[Status.Active]).toBe(2);
    expect(roster.cheaterCount).toBe(0);
    expect(s.status[3]).toBe(Status.Empty);
  });

  it("tracks the earliest status timer so the lifecycle pass can be skipped", () => {
    const { s, roster } = build();
    s.nextTimer = Number.POSITIVE_INFINITY;
    roster.setStatus(0, Status.Jailed, 50);
    roster.setStatus(1, Status.Onboarding, 20);
    expect(s.nextTimer).toBe(20);
  });
});
