import { describe, expect, it } from "vitest";
import { spawnProvider } from "../../engine/mechanisms/spawn.ts";
import { MemorySink } from "../../engine/metrics/arrow.ts";
import { runSimulation } from "../../engine/pipeline/run.ts";
import { createRng } from "../../engine/rng/source.ts";
import { loadScenario, resolveParams } from "../../engine/scenario.ts";
import { Behaviour, ProviderStore } from "../../engine/state/providers.ts";

const baseline = await loadScenario("baseline");
const SMALL = [
  "sim.steps=720",
  "providers.initial=300",
  "providers.maxTotal=600",
  "demand.baseGpuHoursPerHour=150",
];

describe("TEE-attested providers", () => {
  it("are drawn at their share, never cheat, and lose the attestation overhead in throughput", () => {
    const p = resolveParams(baseline, [
      "providers.cheaterShare=0.2",
      "providers.teeShare=0.3",
      "providers.teeOverhead=0.25",
    ]);
    const classes = Object.keys(p.hardware);
    const regions = Object.keys(p.regions);
    const n = 20_000;
    const s = new ProviderStore(n);
    const rng = createRng("tee");
    const count = { [Behaviour.Honest]: 0, [Behaviour.Cheater]: 0, [Behaviour.Tee]: 0 };
    for (let i = 0; i < n; i++) {
      s.allocate();
      const c = i % classes.length;
      spawnProvider(p, classes, regions, s, i, c, i % regions.length, rng);
      const b = s.behaviour[i]! as 0 | 1 | 2;
      count[b]++;
      const nominal = p.hardware[classes[c]!]!.throughput;
      if (b === Behaviour.Tee) {
        expect(s.throughput[i]).toBeCloseTo(nominal * 0.75, 12);
        expect(s.cheatFraction[i]).toBe(0);
      } else expect(s.throughput[i]).toBe(nominal);
    }
    // binomial sd at n = 20,000 is about 0.003: these bounds are 5 sd wide
    expect(Math.abs(count[Behaviour.Tee] / n - 0.3)).toBeLessThan(0.015);
    expect(Math.abs(count[Behaviour.Cheater] / n - 0.2)).toBeLessThan(0.015);
  });

  it("in a run: an all-TEE network has nothing to catch, and pays for attestation in capacity", async () => {
    const run = async (sets: string[]) =>
      runSimulation(
        {
          scenario: baseline,
          params: resolveParams(baseline, [...SMALL, ...sets]),
          seed: 5,
          runIndex: 0,
        },
        new MemorySink(),
      );
    const tee = await run([
      "providers.cheaterShare=0",
      "providers.teeShare=1",
      "providers.teeOverhead=0.3",
    ]);
    const honest = await run(["providers.cheaterShare=0", "providers.teeShare=0"]);
    const cheats = await run(["providers.cheaterShare=0.3", "providers.teeShare=0"]);
    expect(tee.headline.cheatersCaught).toBe(0);
    expect(cheats.headline.cheatersCaught).toBeGreaterThan(0);
    // 30% less throughput per provider: the same demand keeps the network busier
    expect(honest.headline.meanUtilisation).toBeLessThan(0.9);
    expect(tee.headline.meanUtilisation).toBeGreaterThan(honest.headline.meanUtilisation * 1.2);
  });
});
