import { describe, expect, it } from "vitest";
import { wilsonInterval } from "../../engine/check/intervals.ts";
import { parseRareEvent } from "../../engine/rare/event.ts";
import { ScenarioProcess } from "../../engine/rare/process.ts";
import { estimateScenarioRare } from "../../engine/rare/scenarioRare.ts";
import { loadScenario, resolveParams } from "../../engine/scenario.ts";
import { validationSets } from "./setting.ts";

// A statistical validation (800 brute-force runs against splitting): in the slow
// tier (`npm run test:slow`), with the other tests whose seconds buy power.
const scenario = await loadScenario("crash-death-spiral");

describe("rare events of a real scenario, against brute force", () => {
  it("agrees with brute-force Monte Carlo at P(spiral) near 1e-2 (intervals overlap)", () => {
    const params = resolveParams(scenario, validationSets(0.016));
    const event = parseRareEvent("spiral");
    const mc = new ScenarioProcess(scenario, params, 2026, event);
    const n = 800;
    let hits = 0;
    for (let i = 0; i < n; i++)
      if (mc.simulate({ origin: i, branches: [] }, event.level).score >= event.level) hits++;
    const w = wilsonInterval(hits, n, 0.95);
    const { result: r } = estimateScenarioRare(scenario, params, {
      event: "spiral",
      particles: 40,
      replicas: 5,
      seed: 1,
    });
    console.log(
      `P(spiral): Monte Carlo ${hits}/${n} [${w.lower.toFixed(4)}, ${w.upper.toFixed(4)}]; AMS ${r.estimate.toFixed(4)} [${r.lower.toFixed(4)}, ${r.upper.toFixed(4)}] in ${r.runs} runs`,
    );
    expect(hits).toBeGreaterThan(2);
    expect(r.estimate).toBeGreaterThan(0);
    expect(r.lower).toBeLessThanOrEqual(w.upper);
    expect(w.lower).toBeLessThanOrEqual(r.upper);
    expect(r.estimate).toBeGreaterThan(w.lower / 3);
    expect(r.estimate).toBeLessThan(w.upper * 3);
  }, 300_000);
});
