/**
 * Parameters a scenario fixes (`fixParams`): its pipeline does not read them, so
 * `--set`, sweep axes, the dashboard's form and `tokensim params` treat them as
 * not settable, while the run still gets them at their defaults.
 */
import { Value } from "@sinclair/typebox/value";
import { describe, expect, it } from "vitest";
import { defineScenario, fixParams, ParameterError, resolveParams } from "../../api/index.ts";
import { runScenario } from "../../api/run.ts";
import { scenarioParams } from "../../dashboard/server/scenarioInfo.ts";
import { planSweep } from "../../engine/sweep/plan.ts";
import { baselineSchema } from "../../scenarios/baseline.ts";
import { cli } from "../cli/inProcess.ts";

const schema = fixParams(baselineSchema, ["demand", "market.feeRate"], "not read by this model");
const scenario = defineScenario({ name: "fixed", summary: "fixes some parameters", schema });

describe("fixParams", () => {
  it("refuses --set on a fixed parameter, naming it and the reason", () => {
    expect(() => resolveParams(scenario, ["market.feeRate=0.01"])).toThrow(
      "'market.feeRate' is fixed by this scenario (not read by this model); it cannot be set",
    );
    expect(() => resolveParams(scenario, ["demand.burstMultiplier=3"])).toThrow(ParameterError);
  });

  it("refuses a fixed section as a whole, and leaves the rest settable", () => {
    expect(() => resolveParams(scenario, ["demand=1"])).toThrow(
      "'demand' is a group of parameters this scenario fixes",
    );
    const params = resolveParams(scenario, ["market.ammUsdDepth=1000000"]);
    expect(params.market.ammUsdDepth).toBe(1_000_000);
  });

  it("does not suggest a fixed parameter for a misspelt key", () => {
    let message = "";
    try {
      resolveParams(scenario, ["market.feeRat=0.01"]);
    } catch (err) {
      message = (err as Error).message;
    }
    expect(message).toMatch(/^unknown parameter 'market.feeRat'/);
    expect(message).not.toContain("market.feeRate");
  });

  it("keeps every default, so the run is the one the unfixed schema gives", async () => {
    expect(Value.Create(schema)).toEqual(Value.Create(baselineSchema));
    const open = defineScenario({
      name: "fixed",
      summary: "fixes some parameters",
      schema: baselineSchema,
    });
    const [a, b] = await Promise.all([
      runScenario(scenario, { steps: 48, sets: ["providers.initial=20"] }),
      runScenario(open, { steps: 48, sets: ["providers.initial=20"] }),
    ]);
    expect(a.summary.headline).toEqual(b.summary.headline);
  });

  it("refuses a key that is not a parameter or section, and an empty reason", () => {
    expect(() => fixParams(baselineSchema, ["demand.nope"], "x")).toThrow(
      "fixParams: 'demand.nope' is not a parameter or section",
    );
    expect(() => fixParams(baselineSchema, ["market.feeRate.x"], "x")).toThrow(ParameterError);
    expect(() => fixParams(baselineSchema, ["demand"], " ")).toThrow("needs a reason");
  });

  it("marks fixed leaves readOnly in the JSON Schema, and leaves the input schema alone", () => {
    const leaf = schema.properties.market.properties.feeRate as unknown as Record<string, unknown>;
    expect(leaf.readOnly).toBe(true);
    expect(leaf.fixed).toBe("not read by this model");
    expect("readOnly" in baselineSchema.properties.market.properties.feeRate).toBe(false);
  });
});

describe("a bundled scenario that fixes what its pipeline does not read", () => {
  it("lists the fixed parameters apart in `tokensim params`", async () => {
    const { code, stdout } = await cli("params", "per-provider-rewards");
    expect(code).toBe(0);
    const [settable, fixed] = stdout.split("Fixed by the scenario");
    expect(settable).toContain("rewards.tokensPerStep");
    expect(settable).not.toMatch(/^verification\./m);
    expect(fixed).toMatch(/^ \(\d+ parameters, --set refuses them\):/);
    expect(fixed).toContain("verification.*");
    expect(fixed).toContain("market.noiseTradeShare");
    expect(fixed).toContain("not read by this scenario's one custom phase");
  });

  it("refuses a sweep axis over a fixed parameter before anything runs", async () => {
    await expect(
      planSweep({ scenario: "per-provider-rewards", grid: ["verification.sampleRate=0.1,0.2"] }),
    ).rejects.toThrow("'verification.sampleRate' is fixed by this scenario");
    const { code, stderr } = await cli(
      "run",
      "per-provider-rewards",
      "--set",
      "emission.policy=fixed",
      "--steps",
      "2",
    );
    expect(code).toBe(2);
    expect(stderr).toContain("'emission.policy' is fixed by this scenario");
  });

  it("does not offer fixed parameters in the dashboard's launch form", async () => {
    const keys = (await scenarioParams("per-provider-rewards")).map((f) => f.key);
    expect(keys).toContain("rewards.sampleRate");
    expect(keys).toContain("market.ammUsdDepth");
    expect(keys.some((k) => k.startsWith("demand."))).toBe(false);
    expect(keys).not.toContain("market.noiseTradeShare");
  });
});
