import { readFileSync } from "node:fs";
import { tableFromIPC } from "apache-arrow";
import { describe, expect, it } from "vitest";
import { MemorySink } from "../../engine/metrics/arrow.ts";
import { runSimulation } from "../../engine/pipeline/run.ts";
import { loadScenario, resolveParams } from "../../engine/scenario.ts";

const DAY_ONE = [
  "baseline",
  "render-bme",
  "helium-halving",
  "akash-bme",
  "crash-death-spiral",
  "demand-burst",
  "power-price-shock",
  "cheating-attack",
  "emission-sweep",
  "verification-sweep",
  "ionet",
];

describe("day-one scenarios (MODEL.md section 10)", () => {
  it.each(DAY_ONE)("%s opens with its question, loads and runs 10 days cleanly", async (name) => {
    const src = readFileSync(new URL(`../../scenarios/${name}.ts`, import.meta.url), "utf8");
    expect(src.startsWith("/**")).toBe(true);
    expect(src).toMatch(/Question it answers/);
    expect(src).toMatch(/What to look at/);
    const scenario = await loadScenario(name);
    expect(scenario.name).toBe(name);
    const params = resolveParams(scenario, ["sim.steps=240"]);
    const summary = await runSimulation({ scenario, params, seed: 3 }, new MemorySink(), {
      auditEveryStep: true,
    });
    expect(summary.status).toBe("ok");
    expect(Array.isArray(summary.deathSpirals)).toBe(true);
  });

  it.each(["emission-sweep", "verification-sweep"])(
    "%s exports its sweep axes as plain data over real parameters",
    async (name) => {
      const mod = (await import(`../../scenarios/${name}.ts`)) as {
        sweep: { grid: Record<string, unknown[]> };
      };
      const scenario = await loadScenario(name);
      const grid = mod.sweep.grid;
      expect(Object.keys(grid).length).toBeGreaterThanOrEqual(2);
      expect(JSON.parse(JSON.stringify(mod.sweep))).toEqual(mod.sweep);
      for (const [path, values] of Object.entries(grid)) {
        // Each value must be accepted by the schema as an override.
        for (const v of values)
          expect(() => resolveParams(scenario, [`${path}=${v}`])).not.toThrow();
      }
    },
  );

  it("akash-bme: the circuit breaker halts credit mints during the crash and mints resume", async () => {
    const scenario = await loadScenario("akash-bme");
    const params = resolveParams(scenario, [
      "sim.steps=1800",
      "providers.initial=1500",
      "providers.maxTotal=3000",
      "demand.baseGpuHoursPerHour=1350",
    ]);
    const sink = new MemorySink();
    const summary = await runSimulation({ scenario, params, seed: 42 }, sink);
    expect(summary.status).toBe("ok");
    const t = tableFromIPC(sink.bytes());
    const status = t.getChild("creditStatus")!.toArray() as Float64Array;
    const minted = t.getChild("creditsMintedUsd")!.toArray() as Float64Array;
    const crash = params.shocks.crashStartStep;
    // No halt before the crash (ordinary price moves since the runway was bought can
    // raise a warning now that credits persist).
    expect(status.slice(0, crash).every((s) => s < 2)).toBe(true);
    const halted = [...status.keys()].filter((i) => status[i] === 2);
    expect(halted.length).toBeGreaterThan(0);
    expect(halted[0]!).toBeGreaterThanOrEqual(crash);
    for (const i of halted) expect(minted[i]).toBe(0);
    // Mints resume once the ratio is back: tenants rebuild their credit runway.
    const end = halted[halted.length - 1]!;
    expect(Math.max(...minted.slice(end + 1, end + 25))).toBeGreaterThan(0);
  });
});

describe("demand-burst: training jobs", () => {
  it("serves batch work on ≥ 48 GB classes, within what arrived", async () => {
    const scenario = await loadScenario("demand-burst");
    const params = resolveParams(scenario, ["sim.steps=1440"]);
    const sink = new MemorySink();
    const summary = await runSimulation({ scenario, params, seed: 42 }, sink);
    expect(summary.status).toBe("ok");
    const t = tableFromIPC(sink.bytes());
    const sum = (c: string) =>
      (t.getChild(c)!.toArray() as Float64Array).reduce((a, b) => a + b, 0);
    const arrived = sum("batchArrivedGpuHours");
    const served = sum("batchServedGpuHours");
    // Arrivals follow the demand multiplier (quality churn lowers them).
    expect(arrived).toBeGreaterThan(0.3 * 600 * 1440);
    expect(arrived).toBeLessThan(1.2 * 600 * 1440);
    expect(served).toBeGreaterThan(0.5 * arrived);
    expect(served + sum("batchMissedGpuHours")).toBeLessThanOrEqual(arrived + 1e-6);
  });
});
