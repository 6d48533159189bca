import { describe, expect, it } from "vitest";
import { MemorySink } from "../../engine/metrics/arrow.ts";
import { runSimulation } from "../../engine/pipeline/run.ts";
import { resolveParams } from "../../engine/scenario.ts";
import { scenario } from "../../scenarios/baseline.ts";
import { FULL_MECHANISMS } from "../../scenarios/overrides/fullMechanisms.ts";

describe("every mechanism switched on at once", () => {
  it("holds every invariant at every step, and is deterministic", async () => {
    const sets = [
      ...FULL_MECHANISMS,
      "sim.steps=1500",
      "providers.initial=600",
      "providers.maxTotal=1200",
      "demand.baseGpuHoursPerHour=540",
      "shocks.crashStartStep=300",
      "shocks.liquidityStep=500",
      "shocks.powerStartStep=200",
      "shocks.hardwareGenStep=400",
    ];
    const params = resolveParams(scenario, sets);
    const a = new MemorySink();
    const b = new MemorySink();
    const s1 = await runSimulation({ scenario, params, seed: 5 }, a, { auditEveryStep: true });
    const s2 = await runSimulation({ scenario, params, seed: 5 }, b, { auditEveryStep: true });
    expect(s1.status).toBe("ok");
    expect(s1.failure).toBeUndefined();
    expect(s2).toEqual(s1);
    expect(Buffer.from(a.bytes()).equals(Buffer.from(b.bytes()))).toBe(true);
    expect(s1.headline.slashedTokens).toBeGreaterThan(0);
  });
});
