import { join } from "node:path";
import { build } from "esbuild";
import { describe, expect, it } from "vitest";
import { executeRun, scenarioSha256 } from "../../engine/sweep/task.ts";

const root = join(import.meta.dirname, "../..");

/**
 * What loading `entry` loads before any of its code runs: the files reached
 * through static imports (type-only imports are erased), and the packages they
 * import. Dynamic `import()`s are not followed.
 */
async function staticGraph(entry: string): Promise<{ files: Set<string>; packages: Set<string> }> {
  const { metafile } = await build({
    absWorkingDir: root,
    entryPoints: [entry],
    bundle: true,
    write: false,
    metafile: true,
    platform: "node",
    format: "esm",
    packages: "external",
    logLevel: "silent",
  });
  const files = new Set<string>();
  const packages = new Set<string>();
  const todo = [entry];
  while (todo.length > 0) {
    const f = todo.pop()!;
    if (files.has(f)) continue;
    files.add(f);
    for (const imp of metafile.inputs[f]?.imports ?? []) {
      if (imp.kind !== "import-statement") continue;
      if (imp.external) packages.add(imp.path);
      else todo.push(imp.path);
    }
  }
  return { files, packages };
}

describe("what a sweep loads before its runs start", () => {
  it("a worker thread loads the run task's modules, not those of checks, rare events or stress searches", async () => {
    const { files } = await staticGraph("workers/tasks.ts");
    expect(files).toContain("engine/sweep/task.ts");
    expect(files).toContain("engine/pipeline/run.ts");
    for (const lazy of [
      "engine/check/runner.ts",
      "engine/check/runOne.ts",
      "engine/rare/replicaTask.ts",
      "engine/stress/outcomes.ts",
    ])
      expect(files, lazy).not.toContain(lazy);
  }, 30_000);

  it("the sweep command starts its workers before it loads the engine, Arrow or TypeBox", async () => {
    const { files, packages } = await staticGraph("cli/commands/sweep.ts");
    for (const heavy of [
      "engine/scenario.ts",
      "engine/sweep/runner.ts",
      "engine/sweep/tables.ts",
      "engine/pipeline/run.ts",
    ])
      expect(files, heavy).not.toContain(heavy);
    expect(packages).not.toContain("apache-arrow");
    expect(packages).not.toContain("@sinclair/typebox");
    // the check is real: the runner itself does load them
    const runner = await staticGraph("engine/sweep/runner.ts");
    expect(runner.files).toContain("engine/scenario.ts");
    expect(runner.packages).toContain("apache-arrow");
  }, 30_000);
});

describe("a sweep run without per-step output", () => {
  it("gives the same record as with it, and no bytes", async () => {
    const task = {
      kind: "sweepRun" as const,
      scenarioRef: "baseline",
      scenarioSha256: scenarioSha256("baseline"),
      sets: ["sim.steps=120", "providers.initial=50"],
      point: 0,
      run: 3,
      seed: 11,
      keepSteps: true,
      recordEvery: 1,
    };
    const kept = await executeRun(task);
    const none = await executeRun({ ...task, keepSteps: false });
    expect(kept.record.status).toBe("ok");
    expect(kept.steps!.byteLength).toBeGreaterThan(0);
    expect(none.steps).toBeNull();
    expect(JSON.stringify(none.record)).toBe(JSON.stringify(kept.record));
  }, 30_000);
});
