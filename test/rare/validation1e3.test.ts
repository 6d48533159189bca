/**
 * The 1e-3 validation: AMS against a brute-force Monte Carlo reference of
 * 20,000 runs, recorded by `npx tsx bench/rare.ts reference --write` in
 * fixtures/mc-1e-3.json (about 5 minutes on one core: too long for every CI
 * run), and spot-checked here against the engine run by run.
 */
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { wilsonInterval } from "../../engine/check/intervals.ts";
import { parseRareEvent } from "../../engine/rare/event.ts";
import { ScenarioProcess } from "../../engine/rare/process.ts";
import { estimateScenarioRare } from "../../engine/rare/scenarioRare.ts";
import { loadScenario, resolveParams } from "../../engine/scenario.ts";
import { RARE_1E3 } from "./setting.ts";

interface Reference {
  scenario: string;
  sets: string[];
  event: string;
  seed: number;
  runs: number;
  hits: number;
  hitRuns: number[];
}

const ref = JSON.parse(
  readFileSync(new URL("./fixtures/mc-1e-3.json", import.meta.url), "utf8"),
) as Reference;
const scenario = await loadScenario(RARE_1E3.scenario);
const params = resolveParams(scenario, [...RARE_1E3.sets]);

describe("rare events near 1e-3", () => {
  it("has a reference of this setting that the engine still reproduces", () => {
    expect({ scenario: ref.scenario, sets: ref.sets, event: ref.event }).toEqual({
      ...RARE_1E3,
      sets: [...RARE_1E3.sets],
    });
    expect(ref.hitRuns).toHaveLength(ref.hits);
    const p = ref.hits / ref.runs;
    expect(p).toBeGreaterThan(3e-4);
    expect(p).toBeLessThan(3e-3);
    // Run by run: three recorded hits reach the event, the runs before the first do not.
    const event = parseRareEvent(ref.event);
    const mc = new ScenarioProcess(scenario, params, ref.seed, event);
    const reaches = (i: number) =>
      mc.simulate({ origin: i, branches: [] }, event.level).score >= event.level;
    for (const i of ref.hitRuns.slice(0, 3)) expect(reaches(i), `run ${i}`).toBe(true);
    const misses = [...Array(ref.hitRuns[0]!).keys()].slice(0, 5);
    for (const i of misses) expect(reaches(i), `run ${i}`).toBe(false);
  }, 120_000);

  it("agrees with the brute-force reference (intervals overlap)", () => {
    const w = wilsonInterval(ref.hits, ref.runs, 0.95);
    const { result: r } = estimateScenarioRare(scenario, params, {
      event: ref.event,
      particles: 50,
      replicas: 8,
      seed: 1,
    });
    console.log(
      `P(${ref.event}): Monte Carlo ${ref.hits}/${ref.runs} [${w.lower.toExponential(2)}, ${w.upper.toExponential(2)}]; AMS ${r.estimate.toExponential(2)} [${r.lower.toExponential(2)}, ${r.upper.toExponential(2)}] in ${r.runs} runs, ${r.steps} steps`,
    );
    expect(r.incomplete).toBe(0);
    expect(r.lower).toBeLessThanOrEqual(w.upper);
    expect(w.lower).toBeLessThanOrEqual(r.upper);
    expect(r.estimate).toBeGreaterThan(w.lower / 3);
    expect(r.estimate).toBeLessThan(w.upper * 3);
    // far cheaper than the reference's runs
    expect(r.runs).toBeLessThan(ref.runs / 3);
  }, 300_000);
});
