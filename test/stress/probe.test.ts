/**
 * The stress wrapper's probe phase: it changes nothing, and its outcomes agree
 * with the step loop's own death-spiral detector.
 */
import { describe, expect, it } from "vitest";
import { MemorySink } from "../../engine/metrics/arrow.ts";
import { runSimulation } from "../../engine/pipeline/run.ts";
import { loadScenario, resolveParams } from "../../engine/scenario.ts";
import { stressScenario } from "../../engine/stress/outcomes.ts";
import { legsOf } from "../../engine/stress/probe.ts";

const SMALL = [
  "sim.steps=2160",
  "providers.initial=300",
  "providers.maxTotal=600",
  "demand.baseGpuHoursPerHour=270",
];

describe("stress probe phase", () => {
  it("leaves the run unchanged and reports the loop's spiral start, its first legs and nearness 1", async () => {
    const base = await loadScenario("crash-death-spiral");
    const wrapped = stressScenario(base);
    const params = resolveParams(base, [...SMALL, "shocks.crashDrop=0.95"]);
    let spiralled = 0;
    for (const seed of [1, 2, 3]) {
      const plain = await runSimulation({ scenario: base, params, seed }, new MemorySink());
      const probed = await runSimulation({ scenario: wrapped, params, seed }, new MemorySink());
      expect(probed.headline).toEqual(plain.headline);
      expect(probed.deathSpirals).toEqual(plain.deathSpirals);
      const o = probed.outcomes!;
      expect(o.shockCostUsd).toBeGreaterThan(0);
      const first = plain.deathSpirals[0];
      if (first) {
        spiralled++;
        expect(o.spiralStartStep).toBe(first.startStep);
        expect(o.spiralNearness).toBe(1);
        const legs = legsOf(o.spiralFirstLegs!);
        expect(legs.length).toBeGreaterThan(0);
        for (const leg of legs) expect(first.legs).toContain(leg);
      } else {
        expect(o.spiralNearness).toBeLessThan(1);
        expect(o.spiralFirstLegs).toBe(0);
      }
    }
    expect(spiralled).toBeGreaterThan(0);
  }, 120_000);

  it("ranks a run without a shock below one with a −60% crash by spiralNearness", async () => {
    const base = await loadScenario("crash-death-spiral");
    const wrapped = stressScenario(base);
    const calm = await runSimulation(
      {
        scenario: wrapped,
        params: resolveParams(base, [...SMALL, "shocks.crashStartStep=-1"]),
        seed: 5,
      },
      new MemorySink(),
    );
    const hit = await runSimulation(
      {
        scenario: wrapped,
        params: resolveParams(base, [...SMALL, "shocks.crashDrop=0.6"]),
        seed: 5,
      },
      new MemorySink(),
    );
    expect(calm.outcomes!.shockCostUsd).toBe(0);
    expect(calm.outcomes!.spiralNearness).toBeLessThan(hit.outcomes!.spiralNearness!);
  }, 120_000);
});
