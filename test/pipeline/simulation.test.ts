/**
 * `Simulation` drives a run step by step: driven to its end it is the same run
 * as `runSimulation` (which is built on it), a change to the world between steps
 * reaches the next step deterministically, and it refuses to run past its end.
 */
import { describe, expect, it } from "vitest";
import { MemorySink } from "../../engine/metrics/arrow.ts";
import { runSimulation, Simulation } from "../../engine/pipeline/run.ts";
import { defineScenario, resolveParams } from "../../engine/scenario.ts";
import { scenario as baseline } from "../../scenarios/baseline.ts";

const params = resolveParams(baseline, ["sim.steps=240", "providers.initial=40"]);
const spec = { scenario: baseline, params, seed: 11 };

/** Drives a run to its end; `act` may change the world before each step. */
function drive(act?: (sim: Simulation) => void) {
  const sim = new Simulation(spec);
  while (!sim.done) {
    act?.(sim);
    sim.advance();
  }
  return sim.finish();
}

describe("Simulation", () => {
  it("driven to its end is the run runSimulation writes", async () => {
    const written = await runSimulation(spec, new MemorySink());
    const stepped = drive();
    expect(stepped).toEqual(written);
    expect(stepped.stepsCompleted).toBe(240);
  });

  it("records the rows its hook is given, every k-th step and the last", () => {
    const steps: number[] = [];
    const sim = new Simulation(spec, {
      recordEvery: 100,
      record: (w) => {
        steps.push(w.step);
        return false;
      },
    });
    while (!sim.done) sim.advance();
    expect(steps).toEqual([99, 199, 239]);
    expect(sim.columns.map((c) => c.name)).toContain("priceUsd");
  });

  it("a change between steps reaches the next step, the same way every time", () => {
    const undisturbed = drive();
    const halveQuality = (sim: Simulation) => {
      if (sim.stepsCompleted === 120) sim.world.demand.quality *= 0.5;
    };
    const a = drive(halveQuality);
    const b = drive(halveQuality);
    expect(a).toEqual(b);
    // Half the clients gone from step 120 on: fewer jobs arrive over the run.
    expect(a.headline.jobsArrived).toBeLessThan(undisturbed.headline.jobsArrived * 0.9);
    expect(a.headline.jobsArrived).toBeGreaterThan(undisturbed.headline.jobsArrived * 0.5);
  });

  it("an invariant violation ends the run with the failure", () => {
    const broken = defineScenario({
      ...baseline,
      phases: [
        "demand",
        "matching",
        "service",
        "settlement",
        "market",
        {
          name: "counterfeit",
          // A bug: credits tokens to a wallet without going through the ledger.
          create: () => ({
            name: "counterfeit",
            run: (w) => {
              if (w.step === 30) w.providers.tokens[0]! += 1000;
            },
          }),
        },
      ],
    });
    const sim = new Simulation({ scenario: broken, params, seed: 3 });
    while (!sim.done) sim.advance();
    expect(sim.failure?.invariant).toBe("supply-conservation");
    expect(sim.stepsCompleted).toBe(sim.failure!.step);
    const summary = sim.finish();
    expect(summary.status).toBe("failed");
    expect(summary.stepsCompleted).toBeLessThan(240);
  });

  it("refuses a step after the end and a second finish", () => {
    const sim = new Simulation({
      ...spec,
      params: resolveParams(baseline, ["sim.steps=2", "providers.initial=5"]),
    });
    sim.advance();
    sim.advance();
    expect(sim.done).toBe(true);
    expect(() => sim.advance()).toThrow(/has ended/);
    sim.finish();
    expect(() => sim.finish()).toThrow(/already finished/);
  });
});
