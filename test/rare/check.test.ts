import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { inThreadCheckExecutor } from "../../engine/check/inThread.ts";
import { checkScenario } from "../../engine/check/runner.ts";
import type { CheckSpec } from "../../engine/check/spec.ts";
import { validateChecks } from "../../engine/check/validate.ts";

const FIXTURE = fileURLToPath(new URL("./fixtures/rareChecks.ts", import.meta.url));

describe("tokensim check: rare-event assertions", () => {
  it("passes when the interval's upper end is under the bound and fails when its lower end is over it", async () => {
    const report = await checkScenario(FIXTURE, { executor: inThreadCheckExecutor });
    expect(report.error).toBeUndefined();
    const by = Object.fromEntries(report.assertions.map((a) => [a.name, a]));
    expect(Object.keys(by)).toEqual([
      "mc: price positive",
      "true: spirals are rare",
      "false: no 5% drawdown",
    ]);
    const pass = by["true: spirals are rare"]!;
    expect(pass.verdict).toBe("pass");
    expect(pass.statement).toBe("P(spiral) < 0.5");
    expect(pass.interval.upper).toBeLessThan(0.5);
    expect(pass.method).toMatch(/^AMS \(3 replicas of 10 particles, score nearness/);
    const fail = by["false: no 5% drawdown"]!;
    expect(fail.verdict).toBe("fail");
    expect(fail.interval.lower).toBeGreaterThanOrEqual(0.01);
    expect(report.status).toBe("fail");
    // The Monte Carlo part is as before: its own runs.
    expect(report.runs).toBe(2);
  }, 300_000);

  it("rejects malformed rare assertions before anything runs, naming the file and the problem", () => {
    const base: CheckSpec = { assertions: [] };
    const bad = (rare: unknown) => () => validateChecks("x.ts", { ...base, rare }, [], []);
    expect(bad({})).toThrow(/x.ts: checks.rare must be an array/);
    expect(bad([{ name: "a", event: "meltdown", lessThan: 1e-4 }])).toThrow(
      /x.ts: rare assertion 'a': unknown event 'meltdown'/,
    );
    expect(bad([{ name: "a", event: "spiral", score: "vibes", lessThan: 1e-4 }])).toThrow(
      /unknown score 'vibes'/,
    );
    expect(bad([{ name: "a", event: "spiral", lessThan: 2 }])).toThrow(/lessThan, a probability/);
    expect(bad([{ name: "a", event: "spiral", lessThan: 1e-4, replicas: 1 }])).toThrow(
      /replicas must be an integer >= 2/,
    );
    expect(bad([{ name: "a", event: "drawdown>1.5", lessThan: 1e-4 }])).toThrow(
      /fraction in \(0, 1\)/,
    );
    expect(
      bad([
        { name: "a", event: "spiral", lessThan: 1e-4 },
        { name: "a", event: "spiral", lessThan: 1e-3 },
      ]),
    ).toThrow(/two assertions are named 'a'/);
    expect(
      validateChecks(
        "x.ts",
        { ...base, rare: [{ name: "a", event: "spiral", lessThan: 1e-4 }] },
        [],
      ).rare,
    ).toHaveLength(1);
  });
});
