import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { tableFromIPC } from "apache-arrow";
import { afterAll, describe, expect, it } from "vitest";
import { parseBudget, rareCommand } from "../../cli/commands/rare.ts";
import { validationSets } from "./setting.ts";

const dir = mkdtempSync(join(tmpdir(), "tokensim-rare-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }), 30_000);

describe("tokensim rare", () => {
  it("writes rare.json and rare.arrow", async () => {
    const out = join(dir, "a");
    const sets = [...validationSets(0.02), "sim.steps=300"].flatMap((s) => ["--set", s]);
    const code = await rareCommand.run([
      "crash-death-spiral",
      "--event",
      "drawdown>0.3",
      ...sets,
      "--particles",
      "6",
      "--replicas",
      "2",
      "--seed",
      "4",
      "--out",
      out,
      "--quiet",
    ]);
    expect(code).toBe(0);
    const r = JSON.parse(readFileSync(join(out, "rare.json"), "utf8"));
    expect(r.format).toBe("tokensim-rare/1");
    expect(r.event).toBe("drawdown>0.3");
    expect(r.particles).toBe(6);
    expect(r.replicas).toBe(2);
    expect(r.runs).toBeGreaterThanOrEqual(12);
    expect(r.steps).toBeGreaterThan(0);
    expect(r.lower).toBeLessThanOrEqual(r.estimate);
    expect(r.upper).toBeGreaterThanOrEqual(r.estimate);
    expect(r.method).toMatch(/adaptive multilevel splitting/);
    const t = tableFromIPC(readFileSync(join(out, "rare.arrow")));
    expect(t.schema.fields.map((f) => f.name)).toEqual([
      "replica",
      "iteration",
      "level",
      "killed",
      "logWeight",
      "runs",
      "steps",
    ]);
    expect(t.numRows).toBe(
      r.perReplica.reduce((a: number, x: { iterations: number }) => a + x.iterations, 0),
    );
  }, 120_000);

  it("explains bad input", async () => {
    const run = (...args: string[]) => rareCommand.run(["crash-death-spiral", ...args, "--quiet"]);
    await expect(run()).rejects.toThrow(/--event is required/);
    await expect(run("--event", "meltdown")).rejects.toThrow(/unknown event 'meltdown'/);
    await expect(run("--event", "spiral", "--replicas", "1")).rejects.toThrow(/--replicas "1"/);
    await expect(run("--event", "spiral", "--budget", "lots")).rejects.toThrow(/--budget "lots"/);
    await expect(run("--event", "spiral", "--budget", "10", "--particles", "20")).rejects.toThrow(
      /cannot start 10 replicas of 20 particles/,
    );
    await expect(rareCommand.run(["--event", "spiral"])).rejects.toThrow(/expected one scenario/);
  });

  it("reads budgets in runs or steps", () => {
    expect(parseBudget("20000")).toEqual({ runs: 20000 });
    expect(parseBudget("20000runs")).toEqual({ runs: 20000 });
    expect(parseBudget("5e6steps")).toEqual({ steps: 5_000_000 });
    expect(() => parseBudget("0")).toThrow(/positive whole number/);
    expect(() => parseBudget("1.5")).toThrow(/positive whole number/);
  });
});
