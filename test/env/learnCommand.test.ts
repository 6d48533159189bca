/**
 * `tokensim learn`: trains the built-in learner and writes the learning curve as
 * Arrow and JSON; the same options give the same bytes; bad input is a usage error.
 */
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { tableFromIPC } from "apache-arrow";
import { afterAll, describe, expect, it } from "vitest";
import { UsageError } from "../../cli/command.ts";
import { learnCommand } from "../../cli/commands/learn.ts";

const dir = mkdtempSync(join(tmpdir(), "tokensim-learn-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }), 30_000);

const ARGS = [
  "cheating-attack",
  "--agent",
  "cheaters",
  "--episodes",
  "3",
  "--steps",
  "72",
  "--seed",
  "4",
  "--actions",
  "0,1",
  "--set",
  "verification.sampleRate=0.00005",
  "--quiet",
];

describe("tokensim learn", () => {
  it("writes the learning curve (Arrow + JSON), the same bytes for the same options", async () => {
    expect(await learnCommand.run([...ARGS, "--out", join(dir, "a")])).toBe(0);
    expect(await learnCommand.run([...ARGS, "--out", join(dir, "b")])).toBe(0);
    const a = readFileSync(join(dir, "a", "curve.arrow"));
    expect(a.equals(readFileSync(join(dir, "b", "curve.arrow")))).toBe(true);
    const t = tableFromIPC(a);
    expect(t.numRows).toBe(3);
    expect(t.schema.fields.find((f) => f.name === "return")?.metadata.get("unit")).toBe("USD");
    expect(Array.from(t.getChild("decisions")!.toArray())).toEqual([3, 3, 3]);
    const json = JSON.parse(readFileSync(join(dir, "a", "learning.json"), "utf8"));
    expect(json).toMatchObject({ agent: "cheaters", episodes: 3, seed: 4, actionValues: [0, 1] });
    expect(json.curve.map((r: { return: number }) => r.return)).toEqual(
      Array.from(t.getChild("return")!.toArray()),
    );
    // Weak verification (a quarter of ρ*): faking pays, the table says so.
    expect(json.qTable[0][1]).toBeGreaterThan(json.qTable[0][0]);
  }, 120_000);

  it("refuses bad input with one line", async () => {
    await expect(learnCommand.run(["cheating-attack"])).rejects.toThrow(/--agent is required/);
    await expect(learnCommand.run(["cheating-attack", "--agent", "whale"])).rejects.toThrow(
      /--agent "whale": one of cheaters, speculator/,
    );
    await expect(
      learnCommand.run(["cheating-attack", "--agent", "cheaters", "--episodes", "0"]),
    ).rejects.toThrow(/--episodes "0": expected an integer >= 1/);
    await expect(
      learnCommand.run(["cheating-attack", "--agent", "cheaters", "--alpha", "x"]),
    ).rejects.toThrow(/--alpha "x": expected a number/);
    await expect(
      learnCommand.run(["cheating-attack", "--agent", "speculator", "--bins", "price"]),
    ).rejects.toThrow(/--bins "price": expected key=e1,e2/);
    await expect(learnCommand.run(["a", "b", "--agent", "cheaters"])).rejects.toThrow(
      new UsageError("expected one scenario (see 'tokensim learn --help')"),
    );
    await expect(
      learnCommand.run(["cheating-attack", "--agent", "cheaters", "--steps", "0"]),
    ).rejects.toThrow(new UsageError('--steps "0": expected an integer >= 1'));
    await expect(learnCommand.run(["no-such-scenario", "--agent", "cheaters"])).rejects.toThrow(
      new UsageError("no-such-scenario: no such scenario file or bundled scenario"),
    );
  });
});
