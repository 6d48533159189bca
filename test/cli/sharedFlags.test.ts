/**
 * The flag helpers the study commands share: the one-positional parseArgs
 * preamble, `--steps`, the default output folder and engine errors as usage
 * errors (exit code 2).
 */
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { UsageError } from "../../cli/command.ts";
import { parseCommandArgs, stepsSet } from "../../cli/flags.ts";
import { studyOut } from "../../cli/studyFlags.ts";
import { rethrowAsUsage } from "../../cli/usageErrors.ts";
import { ScenarioError } from "../../engine/errors.ts";

const OPTIONS = { seed: { type: "string" }, quiet: { type: "boolean" } } as const;

describe("parseCommandArgs", () => {
  it("gives the flags and the one positional", () => {
    const { values, ref } = parseCommandArgs(
      "fit",
      ["--seed", "3", "baseline", "--quiet"],
      OPTIONS,
    );
    expect(ref).toBe("baseline");
    expect(values).toEqual({ seed: "3", quiet: true });
  });

  it("refuses none or two positionals, naming what it expects and the command's help", () => {
    expect(() => parseCommandArgs("fit", [], OPTIONS)).toThrow(UsageError);
    expect(() => parseCommandArgs("fit", [], OPTIONS)).toThrow(
      "expected one scenario (see 'tokensim fit --help')",
    );
    expect(() => parseCommandArgs("compete", ["a.ts", "b.ts"], OPTIONS, "study file")).toThrow(
      new UsageError("expected one study file (see 'tokensim compete --help')"),
    );
  });

  it("refuses an unknown flag", () => {
    expect(() => parseCommandArgs("fit", ["baseline", "--bogus"], OPTIONS)).toThrow(
      /Unknown option '--bogus'/,
    );
  });
});

describe("stepsSet", () => {
  it("is sim.steps=n for --steps n, nothing without it, and refuses a count below 1", () => {
    expect(stepsSet("240")).toEqual(["sim.steps=240"]);
    expect(stepsSet(undefined)).toEqual([]);
    expect(() => stepsSet("0")).toThrow(new UsageError('--steps "0": expected an integer >= 1'));
  });

  it("passes n on as typed with asTyped (sweep records it so; the scenario's check judges it)", () => {
    expect(stepsSet("012", { asTyped: true })).toEqual(["sim.steps=012"]);
    expect(stepsSet("abc", { asTyped: true })).toEqual(["sim.steps=abc"]);
    expect(stepsSet(undefined, { asTyped: true })).toEqual([]);
    expect(stepsSet("012")).toEqual(["sim.steps=12"]);
  });
});

describe("studyOut", () => {
  it("is --out when given, else results/<scenario file name less .ts>-<command>", () => {
    expect(studyOut("stress", "scenarios/crash-death-spiral.ts", "x")).toBe("x");
    expect(studyOut("stress", "scenarios/crash-death-spiral.ts", undefined)).toBe(
      join("results", "crash-death-spiral-stress"),
    );
    expect(studyOut("rare", "baseline", undefined)).toBe(join("results", "baseline-rare"));
  });
});

describe("rethrowAsUsage", () => {
  it("turns an engine error into a usage error with its message, and throws anything else as it is", () => {
    let thrown: unknown;
    try {
      rethrowAsUsage(new ScenarioError("no such parameter"));
    } catch (err) {
      thrown = err;
    }
    expect(thrown).toBeInstanceOf(UsageError);
    expect((thrown as UsageError).message).toBe("no such parameter");
    const other = new RangeError("bug");
    expect(() => rethrowAsUsage(other)).toThrow(other);
  });
});
