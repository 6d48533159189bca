import { copyFileSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { fc } from "@fast-check/vitest";
import { Value } from "@sinclair/typebox/value";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { leafParams } from "../../engine/params/overrides.ts";
import { loadScenario } from "../../engine/scenario.ts";
import { writeSyntheticSweep } from "../dashboard/syntheticResult.ts";
import { caseDir, cliCase } from "./fuzzHelpers.ts";

/** Fixed seeds: every run of this file generates the same cases. */
const SEED = 20261202;
/**
 * `npm test` sends a third of the full count (the first third of the same cases:
 * the seed is fixed); `npm run test:fuzz` (FUZZ_SCALE=1, run by CI) sends them
 * all; FUZZ_SCALE=0.1 for a quick look while editing.
 */
const SCALE = Number(process.env.FUZZ_SCALE ?? 1 / 3);
const ARGV_RUNS = Math.ceil(3000 * SCALE);
const SET_RUNS = Math.ceil(3000 * SCALE);
const SCENARIO_RUNS = Math.ceil(600 * SCALE);

const REPO = resolve(import.meta.dirname, "../..");
let root = "";
let synthetic = "";
let validKeys: string[] = [];
/** `key=default` for every parameter of the baseline: valid assignments. */
let validAssignments: string[] = [];
const counts: Record<string, number> = {};

beforeAll(async () => {
  root = mkdtempSync(join(tmpdir(), "tokensim-fuzz-cli-"));
  synthetic = join(root, "synthetic-sweep");
  writeSyntheticSweep(synthetic);
  mkdirSync(join(root, "empty"));
  writeFileSync(join(root, "not-arrow.arrow"), "not an arrow file");
  writeFileSync(
    join(root, "baseline-by-path.mts"),
    `export { scenario } from ${JSON.stringify(join(REPO, "scenarios/baseline.ts"))};\n`,
  );
  copyFileSync(join(REPO, "package.json"), join(root, "package-copy.json"));
  const schema = (await loadScenario("baseline")).schema;
  const defaults = Value.Create(schema) as Record<string, unknown>;
  validKeys = leafParams(schema).map((l) => l.path);
  validAssignments = validKeys.map(
    (k) =>
      `${k}=${String(k.split(".").reduce<unknown>((o, p) => (o as Record<string, unknown>)[p], defaults))}`,
  );
});

afterAll(() => {
  rmSync(root, { recursive: true, force: true });
  const all = Object.values(counts).reduce((a, b) => a + b, 0);
  const each = Object.entries(counts).map(
    ([k, n]) => `${k} ${n} (exit codes ${JSON.stringify(codes[k] ?? {})})`,
  );
  console.log(`fuzz cli: ${each.join(", ")}; ${all} cases in all (seed ${SEED})`);
});

/** Values as a user might type them, from plausible to hostile. */
const oddValue = fc.oneof(
  fc.constantFrom(
    "",
    " ",
    "-1",
    "-0",
    "0",
    "1",
    "2",
    "+5",
    "0x10",
    "0b11",
    "1e3",
    "1e400",
    "-1e400",
    "1.5",
    " 3",
    "3 ",
    "1_000",
    "NaN",
    "Infinity",
    "-Infinity",
    "99999999999999999999",
    "9007199254740993",
    "ñ",
    "😀",
    "\u0000",
    "\u202e",
    "true",
    "false",
    "null",
    "=",
    "a=b",
    "--",
    "-",
    "--x",
  ),
  fc.string({ maxLength: 12 }),
  fc.string({ unit: "grapheme", maxLength: 6 }),
  fc.integer().map(String),
  fc.double().map(String),
);

/** Sub-commands that never simulate for long here (sweep, worker, calibrate, serve... are left out). */
const subcommand = fc.oneof(
  {
    weight: 8,
    arbitrary: fc.constantFrom("run", "params", "scenarios", "export", "plot", "merge", "check"),
  },
  {
    weight: 1,
    arbitrary: fc.constantFrom(
      "",
      "RUN",
      "help",
      "--help",
      "-h",
      "-v",
      "--version",
      "nope",
      "ruin",
      "😀",
    ),
  },
);

const flag = fc.constantFrom(
  "--seed",
  "--out",
  "--set",
  "--steps",
  "--run-index",
  "--quiet",
  "--json",
  "--format",
  "--no-png",
  "--max-points",
  "--runs",
  "--workers",
  "--junit",
  "--baseline-dir",
  "--until-conclusive",
  "--allow-inconclusive",
  "--calibration",
  "--bogus",
  "-x",
  "--",
  "-",
  "--seed=",
  "--steps=-1",
  "--steps=",
  "--out=",
  "--set=",
  "--QUIET",
);

type Slot = "scenario" | "dir" | "path";

/** Positional arguments: bundled names, files, folders that exist or not. */
const positional = (slot: Slot) =>
  fc.oneof(
    fc.constantFrom<Slot | string>(
      slot,
      slot,
      "baseline",
      "crash-death-spiral",
      "nonexistent",
      "Baseline",
      "baseline.ts",
      "./baseline",
      "",
      ".",
      "..",
      "ñ",
      "@missing",
      "@empty",
      "@not-arrow",
      "@synthetic",
      "@repo-scenario",
      "@repo-package",
    ),
    fc.string({ maxLength: 10 }),
  );

/** A token of an argument vector. */
const token = fc.oneof(
  { weight: 4, arbitrary: flag },
  { weight: 3, arbitrary: oddValue },
  { weight: 3, arbitrary: positional("path") },
  {
    weight: 2,
    arbitrary: fc
      .tuple(flag, oddValue)
      .map(([f, v]) => (f.startsWith("--") && !f.includes("=") ? `${f}=${v}` : f)),
  },
);

/** Placeholders in generated argv, made concrete for the case's folder. */
function concrete(arg: string, dir: string): string {
  switch (arg) {
    case "scenario":
      return "baseline";
    case "dir":
    case "path":
      return join(dir, "out");
    case "@missing":
      // Missing, and under the fuzz folder: a command that creates it (check --junit) stays inside.
      return join(root, "missing", "deep", "x");
    case "@empty":
      return join(root, "empty");
    case "@not-arrow":
      return join(root, "not-arrow.arrow");
    case "@synthetic":
      return synthetic;
    // Copies in the fuzz folder: a flag that writes (check --json) must never reach the repository.
    case "@repo-scenario":
      return join(root, "baseline-by-path.mts");
    case "@repo-package":
      return join(root, "package-copy.json");
    default:
      return arg;
  }
}

/**
 * What keeps a case small whatever the fuzzer chose: a run simulates one step of
 * two providers; check runs in this thread; plot draws SVG only; every file goes
 * to the case's folder.
 */
function bounded(command: string, dir: string): string[] {
  switch (command) {
    case "run":
      return ["--steps", "1", "--set", "providers.initial=2", "--quiet", "--out", join(dir, "o")];
    case "check":
      return ["--workers", "0", "--quiet", "--runs", "2"];
    case "plot":
      return ["--no-png", "--max-points", "1", "--out", join(dir, "report")];
    case "merge":
      return ["--quiet", "--out", join(dir, "merged")];
    default:
      return [];
  }
}

/** Each command's options (without --help): anything else that looks like an option is a usage error. */
const OPTIONS: Record<string, readonly string[]> = {
  run: ["seed", "out", "set", "steps", "run-index", "calibration", "quiet"],
  params: ["json"],
  scenarios: [],
  export: ["format", "quiet"],
  plot: ["out", "no-png", "max-points"],
  merge: ["out", "quiet"],
  check: [
    "until-conclusive",
    "allow-inconclusive",
    "update-baseline",
    "baseline-dir",
    "runs",
    "junit",
    "json",
    "quiet",
    "workers",
  ],
};

/** The first argument that node:util parseArgs must refuse as an unknown option, if any. */
function unknownOption(command: string, args: readonly string[]): string | undefined {
  const known = OPTIONS[command];
  if (!known || args.includes("--help") || args.includes("-h")) return undefined;
  for (const a of args) {
    if (a === "--") return undefined;
    if (!/^-./.test(a)) continue;
    const name = a.replace(/^--?/, "").split("=")[0]!;
    if (!a.startsWith("--") || !known.includes(name)) return a;
  }
  return undefined;
}

/** Exit codes seen, per category, for the summary line. */
const codes: Record<string, Record<number, number>> = {};
const tally = (category: string, code: number) => {
  const c = codes[category] ?? {};
  codes[category] = c;
  c[code] = (c[code] ?? 0) + 1;
};

describe("fuzz: the CLI answers every argument vector cleanly", { timeout: 600_000 }, () => {
  it(`argument vectors (${ARGV_RUNS} cases)`, async () => {
    let n = 0;
    await fc.assert(
      fc.asyncProperty(subcommand, fc.array(token, { maxLength: 8 }), async (command, args) => {
        const dir = caseDir(root, n++);
        // check on a real scenario simulates a year per run: only broken ones here.
        // ("./baseline" names the bundled scenario too: --until-conclusive ran 74 runs of
        // it, 13 s of CPU, which a loaded machine stretched past the case bound.)
        const safe =
          command === "check"
            ? args.filter(
                (a) =>
                  ![
                    "scenario",
                    "baseline",
                    "./baseline",
                    "crash-death-spiral",
                    "@repo-scenario",
                  ].includes(a),
              )
            : args;
        const argv = [command, ...safe.map((a) => concrete(a, dir)), ...bounded(command, dir)];
        const r = await cliCase(argv, dir);
        tally("argv", r.code);
        const unknown = unknownOption(command, safe);
        if (unknown !== undefined) expect(r.code, `${unknown} in ${JSON.stringify(argv)}`).toBe(2);
        // A command that takes no arguments refuses them.
        const extra = argv.slice(1).filter((a) => a !== "--");
        if (
          command === "scenarios" &&
          extra.length > 0 &&
          !argv.includes("--help") &&
          !argv.includes("-h")
        )
          expect(r.code, JSON.stringify(argv)).toBe(2);
      }),
      { numRuns: ARGV_RUNS, seed: SEED, endOnFailure: true },
    );
    counts.argv = n;
    expect(n).toBeGreaterThanOrEqual(ARGV_RUNS);
  }, 600_000);

  /** `--set` assignments: valid keys with bad values, bad keys, odd syntax. */
  const key = fc.oneof(
    { weight: 5, arbitrary: fc.constant("@valid") },
    {
      weight: 2,
      arbitrary: fc.constantFrom(
        "",
        " ",
        ".",
        "sim",
        "sim.",
        ".sim.steps",
        "sim..steps",
        "sim.steps.x",
        "SIM.STEPS",
        "sim.step",
        "__proto__",
        "__proto__.polluted",
        "constructor",
        "constructor.prototype.x",
        "toString",
        "hasOwnProperty",
        "providers",
        "hardware",
        "ñ.ñ",
        "😀",
        "a".repeat(300),
      ),
    },
    { weight: 1, arbitrary: fc.string({ maxLength: 20 }) },
  );
  const assignment = fc
    .tuple(
      key,
      fc.nat(10_000),
      fc.constantFrom("=", "==", ":", ":", ":", " = ", "", "=="),
      oddValue,
      fc.boolean(),
    )
    .map(([k, i, eq, v, typo]) => {
      if (k === "@valid" && eq === ":") return validAssignments[i % validAssignments.length]!;
      let name = k === "@valid" ? validKeys[i % validKeys.length]! : k;
      if (typo && k === "@valid") name = name.replace(/[aeiou]/, "");
      return `${name}${eq}${v}`;
    });

  it(`--set key=value (${SET_RUNS} cases)`, async () => {
    let n = 0;
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom("baseline", "crash-death-spiral"),
        fc.array(assignment, { minLength: 1, maxLength: 4 }),
        async (scenario, sets) => {
          const dir = caseDir(root, n++);
          const argv = [
            "run",
            scenario,
            ...sets.flatMap((s) => ["--set", s]),
            ...bounded("run", dir),
          ];
          const r = await cliCase(argv, dir);
          tally("--set", r.code);
          // A bad key or value never gets as far as running.
          if (r.code === 2) expect(r.stdout, JSON.stringify(argv)).toBe("");
        },
      ),
      { numRuns: SET_RUNS, seed: SEED + 1, endOnFailure: true },
    );
    counts["--set"] = n;
    expect(n).toBeGreaterThanOrEqual(SET_RUNS);
  }, 600_000);
});

/** Scenario files, valid and broken, each written fresh (modules are cached by path). */
const BASELINE = JSON.stringify(join(REPO, "scenarios/baseline.ts"));
const scenarioBody = fc.constantFrom(
  // valid: the baseline under another name
  `import { scenario as b } from ${BASELINE};\nexport const scenario = { ...b, name: "fuzzed" };`,
  `import { scenario as b } from ${BASELINE};\nexport default { ...b, name: "fuzzed-default" };`,
  // syntax errors
  "export const scenario = {",
  "export default )",
  "export const scenario = { name: 'x', summary: 'y', schema: }",
  "{{{",
  "import from;",
  "<<<<<<< HEAD\nexport default 1\n=======\n>>>>>>>",
  // exports that are not scenarios
  "export default 42;",
  "export const scenario = 42;",
  "export default null;",
  "export default undefined;",
  "export default 'baseline';",
  "export default [];",
  "export default () => 1;",
  "export const x = 1;",
  "",
  // missing or bad fields
  "export const scenario = { name: 'x' };",
  "export const scenario = { name: 'x', summary: 'y' };",
  "export const scenario = { name: 'x', summary: 'y', schema: 5 };",
  "export const scenario = { name: 'x', summary: 'y', schema: 'object' };",
  "export const scenario = { name: 'x', summary: 'y', schema: {} };",
  "export const scenario = { name: 'x', summary: 'y', schema: { type: 'object' } };",
  "export const scenario = { name: 'x', summary: 'y', schema: [] };",
  `import { scenario as b } from ${BASELINE};\nexport const scenario = { ...b, name: 42 };`,
  `import { scenario as b } from ${BASELINE};\nexport const scenario = { ...b, name: "../../escape" };`,
  `import { scenario as b } from ${BASELINE};\nexport const scenario = { ...b, phases: ["no-such-phase"] };`,
  `import { scenario as b } from ${BASELINE};\nexport const scenario = { ...b, phases: 5 };`,
  `import { scenario as b } from ${BASELINE};\nexport const scenario = { ...b, phases: [{ name: "boom", create: () => { throw new Error("boom in create"); } }] };`,
  `import { scenario as b } from ${BASELINE};\nexport const scenario = { ...b, phases: [{ name: "boom", create: () => () => { throw new Error("boom in step"); } }] };`,
  // throwing at import
  "throw new Error('boom at import');",
  "throw new Error('multi\\nline\\n    at fake (x.ts:1:1)');",
  "throw 'a string';",
  "throw null;",
  "throw undefined;",
  "throw 42;",
  "throw { message: 5 };",
  "throw Object.create(null);",
  "throw { get message() { throw new Error('getter'); } };",
  "throw new TypeError('');",
  "import '/nonexistent/dep.ts';\nexport default 1;",
  "import { nope } from 'node:fs';\nexport default nope;",
);

describe("fuzz: scenario files", { timeout: 600_000 }, () => {
  it(`valid and broken scenario files (${SCENARIO_RUNS} cases)`, async () => {
    let n = 0;
    await fc.assert(
      fc.asyncProperty(
        scenarioBody,
        fc.constantFrom(".ts", ".mts", ".js", ".mjs", ".json", ".txt", ""),
        fc.boolean(),
        fc.constantFrom("run", "params", "check"),
        fc.string({ maxLength: 8 }),
        async (body, ext, moduleType, command, junk) => {
          const dir = caseDir(root, n++);
          if (moduleType) writeFileSync(join(dir, "package.json"), '{"type":"module"}');
          const file = join(dir, `scenario-${n}${ext}`);
          // Some cases get trailing junk (a second syntax error, or a comment).
          writeFileSync(file, junk.length > 4 ? `${body}\n${junk}` : body);
          const argv = [command, file, ...bounded(command, dir)];
          // A scenario's own phase that throws is reported with the stack-trace hint.
          const r = await cliCase(argv, dir, [0, 1, 2], body.includes("boom in"));
          tally("scenario files", r.code);
        },
      ),
      { numRuns: SCENARIO_RUNS, seed: SEED + 2, endOnFailure: true },
    );
    counts["scenario files"] = n;
    expect(n).toBeGreaterThanOrEqual(SCENARIO_RUNS);
  }, 600_000);
});
