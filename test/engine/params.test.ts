import { describe, expect, it } from "vitest";
import { ParameterError } from "../../engine/errors.ts";
import {
  applyOverrides,
  closestPaths,
  editDistance,
  leafParams,
} from "../../engine/params/overrides.ts";
import { withDefaults } from "../../engine/params/withDefaults.ts";
import { defaultParams, loadScenario, resolveParams } from "../../engine/scenario.ts";

describe("scenario parameters", () => {
  it("every leaf has a default, a unit and a description", async () => {
    const s = await loadScenario("baseline");
    const leaves = leafParams(s.schema);
    expect(leaves.length).toBeGreaterThan(60);
    for (const leaf of leaves) {
      expect(leaf.schema.default, leaf.path).toBeDefined();
      expect(typeof leaf.schema.unit, leaf.path).toBe("string");
      expect(typeof leaf.schema.description, leaf.path).toBe("string");
    }
  });

  it("applies typed overrides by dotted path without touching the defaults", async () => {
    const s = await loadScenario("baseline");
    const p = resolveParams(s, [
      "verification.sampleRate=0.1",
      "sim.steps=1_000",
      "emission.policy=burnPegged",
    ]);
    expect(p.verification.sampleRate).toBe(0.1);
    expect(p.sim.steps).toBe(1000);
    expect(p.emission.policy).toBe("burnPegged");
    expect(defaultParams(s).verification.sampleRate).toBe(0.02);
  });

  it("names close keys for an unknown key", async () => {
    const s = await loadScenario("baseline");
    expect(() =>
      applyOverrides(s.schema, defaultParams(s), ["verification.sampelRate=0.1"]),
    ).toThrowError(
      /unknown parameter 'verification.sampelRate'. Did you mean: verification.sampleRate/,
    );
    expect(closestPaths("slashfraction", ["verification.slashFraction", "sim.steps"])[0]).toBe(
      "verification.slashFraction",
    );
    expect(editDistance("kitten", "sitting")).toBe(3);
  });

  it("names the allowed range and unit for a bad value", async () => {
    const s = await loadScenario("baseline");
    const bad = (set: string) => () => resolveParams(s, [set]);
    expect(bad("verification.sampleRate=1.5")).toThrowError(
      /verification.sampleRate=1.5: expected a number >= 0 and <= 1 \(unit: fraction\)/,
    );
    expect(bad("sim.steps=2.5")).toThrowError(
      /sim.steps=2.5: expected an integer >= 1 and <= 1000000 \(unit: steps\)/,
    );
    expect(bad("regions.euWest.powerUsdPerKwh=cheap")).toThrowError(
      /expected a number >= 0 and <= 10 \(unit: USD\/kWh\)/,
    );
    expect(bad("emission.policy=magic")).toThrowError(
      /expected one of "fixed", "halving", "decay", "burnPegged"/,
    );
    expect(bad("sim.steps")).toThrowError(ParameterError);
  });

  it("checks relations between parameters", async () => {
    const s = await loadScenario("baseline");
    expect(() => resolveParams(s, ["providers.initial=20000"])).toThrowError(
      /exceeds providers.maxTotal/,
    );
    expect(() => resolveParams(s, ["hardware.h100.idleW=900"])).toThrowError(
      /idleW=900 exceeds hardware.h100.loadW/,
    );
    expect(() => resolveParams(s, ["market.genesisSupplyTokens=1000"])).not.toThrow();
  });

  it("lets a scenario change defaults but not invent parameters", async () => {
    const s = await loadScenario("baseline");
    const changed = withDefaults(s.schema, { sim: { steps: 77 } });
    expect(leafParams(changed).find((l) => l.path === "sim.steps")?.schema.default).toBe(77);
    expect(() => withDefaults(s.schema, { sim: { stepz: 1 } })).toThrowError(
      /'sim.stepz' is not a parameter/,
    );
  });
});
