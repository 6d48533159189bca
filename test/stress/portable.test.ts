import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { portableStressExecutor } from "../../engine/stress/portable.ts";
import { writeStressScenario } from "../../engine/stress/wrapper.ts";
import { inThreadRunExecutor } from "../../engine/sweep/inThread.ts";
import type { RunExecutor } from "../../engine/sweep/runner.ts";
import { type RunTask, scenarioSha256 } from "../../engine/sweep/task.ts";

const dir = mkdtempSync(join(tmpdir(), "tokensim-stress-portable-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }), 30_000);

describe("portable stress tasks", () => {
  it("name the scenario as given, not the wrapper file, and give the wrapper's records", async () => {
    const wrapper = writeStressScenario("crash-death-spiral", dir);
    const task: RunTask = {
      kind: "sweepRun",
      scenarioRef: wrapper,
      scenarioSha256: scenarioSha256(wrapper),
      sets: [
        "sim.steps=400",
        "providers.initial=100",
        "providers.maxTotal=200",
        "demand.baseGpuHoursPerHour=90",
        "emission.tokensPerEpoch=920",
        "shocks.crashStartStep=100",
        "shocks.crashSteps=24",
        "shocks.crashDrop=0.95",
      ],
      point: 3,
      run: 1,
      seed: 17,
      keepSteps: true,
      recordEvery: 1,
    };
    const sent: RunTask[] = [];
    const spy: RunExecutor = (t) => {
      sent.push(t);
      return inThreadRunExecutor(t);
    };
    const portable = portableStressExecutor(spy, "crash-death-spiral");
    const viaRef = await portable(task);
    expect(sent[0]).toMatchObject({ scenarioRef: "crash-death-spiral", stress: true });
    expect(sent[0]!.scenarioSha256).toBe(scenarioSha256("crash-death-spiral"));
    const viaWrapper = await inThreadRunExecutor(task);
    expect(viaRef.record.status).toBe("ok");
    expect(viaRef.record.outcomes?.shockCostUsd).toBeGreaterThan(0);
    expect(viaRef.record.outcomes?.spiralNearness).toBeDefined();
    expect(viaRef).toEqual(viaWrapper);
  }, 120_000);

  it("keeps the executor's writesFiles", () => {
    const ex = Object.assign((t: RunTask) => inThreadRunExecutor(t), { writesFiles: true });
    expect(portableStressExecutor(ex, "crash-death-spiral").writesFiles).toBe(true);
    const bare: RunExecutor = (t) => inThreadRunExecutor(t);
    expect(portableStressExecutor(bare, "crash-death-spiral").writesFiles).toBeUndefined();
  });
});
