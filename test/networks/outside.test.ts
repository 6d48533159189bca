import { describe, expect, it } from "vitest";
import { Competition } from "../../engine/networks/compete.ts";
import { twinStudy } from "./fixtures.ts";

describe("the outside option", () => {
  it("takes every GPU when neither network pays (no emission, no demand) and the cloud does", () => {
    const nothing = ["emission.tokensPerEpoch=0", "demand.baseGpuHoursPerHour=0"];
    const study = twinStudy(60, 100, 100, [
      ...nothing.map((s) => `a.${s}`),
      ...nothing.map((s) => `b.${s}`),
    ]);
    const c = new Competition(study, { seed: 5 });
    const summaries = c.runToEnd();
    expect(summaries.map((s) => s.status)).toEqual(["ok", "ok"]);
    const col = (name: string) => c.values[c.columns.findIndex((x) => x.name === name)]!;
    const last = c.stepsCompleted - 1;
    // Both networks paid less than the cloud (their return is minus power) ...
    expect(col("a.returnUsdPerGpuHour")[last]).toBeLessThan(0);
    expect(col("outside.returnUsdPerGpuHour")[last]).toBeGreaterThan(0);
    // ... and every owner ended on the outside option.
    expect(c.placeCounts()).toEqual({ outside: 200, networks: [0, 0] });
    // Each left by its own choice or by a network's exit rule.
    expect(c.counts.movesIn[2]! + c.counts.networkExits).toBe(200);
  });

  it("keeps GPUs on the networks when the cloud pays nothing", () => {
    const free = ["rtx3090", "rtx4090", "a100", "h100"].map((c) => `outside.usdPerGpuHour.${c}=0`);
    const c = new Competition(twinStudy(30, 100, 100, free), { seed: 5 });
    c.runToEnd();
    expect(c.counts.movesIn[2]).toBe(0);
  });
});
