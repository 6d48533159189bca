import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { cli } from "../cli/inProcess.ts";
import { completeFiles, expectCleanStderr } from "./fuzzHelpers.ts";

/** The inputs the fuzz tests (cli.fuzz.test.ts) found mishandled, kept as plain examples. */
const dir = mkdtempSync(join(tmpdir(), "tokensim-fuzz-found-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

let n = 0;
/** A scenario file (an ES module) with `body`. */
function scenarioFile(body: string): string {
  const file = join(dir, `found-${n++}.mts`);
  writeFileSync(file, body);
  return file;
}

const small = ["--steps", "1", "--set", "providers.initial=2", "--quiet"];

/** Runs argv and checks the answer is one clean error line with exit code 2. */
async function expectUsageError(argv: string[], message: RegExp) {
  const r = await cli(...argv);
  expect(r.code, r.stderr).toBe(2);
  expectCleanStderr(argv, r.code, r.stderr);
  expect(r.stderr.trim().split("\n"), r.stderr).toHaveLength(1);
  expect(r.stderr).toMatch(message);
  return r;
}

describe("inputs the fuzzing found", () => {
  it("an option whose value starts with a dash is one line, not node's three", async () => {
    await expectUsageError(
      ["run", "baseline", "--steps", "-1"],
      /^tokensim run: Option '--steps' argument is ambiguous\. Did you forget .* use '--steps=-XYZ'\.$/m,
    );
    await expectUsageError(
      ["plot", "x", "--max-points", "--no-png"],
      /--max-points' argument is ambiguous/,
    );
  });

  it("a scenario that throws something other than an Error at import is named, not a crash", async () => {
    const out = join(dir, "out-throw");
    await expectUsageError(
      ["run", scenarioFile("throw 'a string';"), ...small, "--out", out],
      /cannot load: it threw "a string"/,
    );
    await expectUsageError(
      ["run", scenarioFile("throw null;"), ...small],
      /cannot load: it threw null/,
    );
    await expectUsageError(
      ["params", scenarioFile("throw undefined;")],
      /cannot load: it threw undefined/,
    );
    await expectUsageError(
      ["params", scenarioFile("throw { message: 5 };")],
      /it threw \{"message":5\}/,
    );
    await expectUsageError(
      ["params", scenarioFile("throw { get message() { throw new Error('getter'); } };")],
      /it threw a value that cannot be shown/,
    );
    expect(completeFiles(out)).toEqual([]);
  });

  it("a scenario whose schema is not a TypeBox object schema is refused by name", async () => {
    for (const schema of ["5", "{}", "{ type: 'object' }", "[]", "'object'"]) {
      await expectUsageError(
        [
          "run",
          scenarioFile(`export const scenario = { name: 'x', summary: 'y', schema: ${schema} };`),
          ...small,
        ],
        /the scenario's 'schema' is not a parameter schema/,
      );
    }
  });

  it("a scenario whose phases are not a list is refused by name", async () => {
    const base = JSON.stringify(join(import.meta.dirname, "../../scenarios/baseline.ts"));
    await expectUsageError(
      [
        "run",
        scenarioFile(
          `import { scenario as b } from ${base};\nexport const scenario = { ...b, phases: 5 };`,
        ),
        ...small,
      ],
      /the scenario's 'phases' is a number, not a list of phases/,
    );
  });

  it("params and scenarios refuse options and arguments they do not take", async () => {
    await expectUsageError(["params", "baseline", "--bogus"], /Unknown option '--bogus'/);
    await expectUsageError(
      ["params", "baseline", "--json=1"],
      /'--json' does not take an argument/,
    );
    await expectUsageError(["scenarios", "extra"], /takes no arguments \(got 'extra'\)/);
    await expectUsageError(["scenarios", "--seed", "1"], /Unknown option '--seed'/);
    expect((await cli("params", "--json", "baseline")).code).toBe(0);
    expect((await cli("scenarios", "--")).code).toBe(0);
  });

  it("--set with an empty key or a group's name says so", async () => {
    await expectUsageError(
      ["run", "baseline", "--set", " =1", ...small],
      /--set {2}=1: expected key=value/,
    );
    await expectUsageError(
      ["run", "baseline", "--set", "sim=1", ...small],
      /'sim' is a group of parameters, not one: set sim\.steps, sim\.stepHours, sim\.epochSteps$/m,
    );
    await expectUsageError(
      ["run", "baseline", "--set", "hardware=1", ...small],
      /'hardware' is a group of parameters.*\.\.\. \(\d+ in all\)/,
    );
  });

  it("check names a scenario it cannot load once, not twice", async () => {
    const missing = join(dir, "missing.ts");
    const r = await cli("check", missing, "--workers", "0", "--quiet");
    expect(r.code).toBe(2);
    expect(r.stderr.trim()).toBe(
      `tokensim check: ${missing}: no such scenario file or bundled scenario`,
    );
  });

  it("export refuses the filesystem's root instead of walking the disk", async () => {
    await expectUsageError(["export", "/"], /the filesystem's root is not a results folder/);
  });
  it("names an empty scenario or shard directory instead of printing an empty name", async () => {
    const run = await cli("run", "", "--steps", "1");
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/expected a scenario: a bundled name .* got an empty string/);
    const merge = await cli("merge", "", "", "--out", "x");
    expect(merge.code).toBe(2);
    expect(merge.stderr).toMatch(/a shard directory is an empty string/);
  });
});
