import { describe, expect, it } from "vitest";
import { Simulation } from "../../engine/pipeline/simulation.ts";
import { parseRareEvent } from "../../engine/rare/event.ts";
import { ScenarioProcess } from "../../engine/rare/process.ts";
import { estimateScenarioRare } from "../../engine/rare/scenarioRare.ts";
import { loadScenario, resolveParams } from "../../engine/scenario.ts";
import { validationSets } from "./setting.ts";

const scenario = await loadScenario("crash-death-spiral");

describe("rare events of a real scenario", () => {
  it("scores the spiral event exactly when the run's detector reports a spiral", () => {
    const params = resolveParams(scenario, validationSets(0.025));
    const event = parseRareEvent("spiral");
    const process = new ScenarioProcess(scenario, params, 5, event);
    let spirals = 0;
    for (let i = 0; i < 30; i++) {
      const sim = new Simulation({ scenario, params, seed: 5, runIndex: i });
      while (!sim.done) sim.advance();
      const spiralled = sim.finish().deathSpirals.length > 0;
      const t = process.simulate({ origin: i, branches: [] }, event.level);
      expect(t.score >= event.level).toBe(spiralled);
      // A run stops once the event has happened: the score cannot rise further.
      if (spiralled) expect(t.steps).toBeLessThan(params.sim.steps);
      spirals += spiralled ? 1 : 0;
    }
    expect(spirals).toBeGreaterThan(0);
  }, 120_000);

  it("replays a branched trajectory bit for bit up to its branch", () => {
    const params = resolveParams(scenario, validationSets(0.016));
    const process = new ScenarioProcess(scenario, params, 1, parseRareEvent("spiral"));
    const parent = process.simulate({ origin: 3, branches: [{ at: 100, id: "a" }] }, 1);
    const child = process.simulate(
      {
        origin: 3,
        branches: [
          { at: 100, id: "a" },
          { at: 400, id: "b" },
        ],
      },
      1,
    );
    const before = (t: typeof parent) => t.recordSteps.filter((s) => s < 400).length;
    const k = before(parent);
    expect(k).toBeGreaterThan(0);
    expect(child.recordSteps.slice(0, k)).toEqual(parent.recordSteps.slice(0, k));
    expect(child.recordScores.slice(0, k)).toEqual(parent.recordScores.slice(0, k));
    expect(JSON.stringify(child)).not.toBe(JSON.stringify(parent));
  }, 60_000);

  it("gives the same bytes for the same seed", () => {
    const params = resolveParams(scenario, [...validationSets(0.02), "sim.steps=300"]);
    const run = (seed: number) =>
      JSON.stringify(
        estimateScenarioRare(scenario, params, {
          event: "drawdown>0.5",
          particles: 4,
          replicas: 2,
          seed,
        }),
      );
    const a = run(7);
    expect(run(7)).toBe(a);
    expect(run(8)).not.toBe(a);
  }, 120_000);
});
