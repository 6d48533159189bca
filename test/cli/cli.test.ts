import { execFile, spawn } from "node:child_process";
import { existsSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import { tableFromIPC } from "apache-arrow";
import { describe, expect, it } from "vitest";
import { cli } from "./inProcess.ts";

const run = promisify(execFile);
const BIN = join(import.meta.dirname, "../../bin/tokensim.js");

async function tokensim(...args: string[]) {
  try {
    const { stdout, stderr } = await run(process.execPath, [BIN, ...args]);
    return { code: 0, stdout, stderr };
  } catch (err) {
    const e = err as { code: number; stdout: string; stderr: string };
    return { code: e.code, stdout: e.stdout, stderr: e.stderr };
  }
}

const SMALL = [
  "--steps",
  "96",
  "--set",
  "providers.initial=200",
  "--set",
  "providers.maxTotal=400",
];

describe("tokensim CLI", () => {
  it("runs a scenario and writes Arrow metrics and a JSON summary", async () => {
    const out = mkdtempSync(join(tmpdir(), "tokensim-cli-"));
    // In this process, through main(argv) as bin/tokensim.js calls it (issue 14); the
    // next test runs the bin itself, in two processes.
    const r = await cli("run", "scenarios/baseline.ts", "--seed", "42", "--out", out, ...SMALL);
    expect(r.stderr).not.toMatch(/Error|at .*\.ts/);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/price\s+1 -> /);
    expect(r.stdout).toMatch(/invariants\s+all held/);
    expect(r.stdout).toMatch(/minted\/burned/);
    const summary = JSON.parse(readFileSync(join(out, "summary.json"), "utf8"));
    expect(summary).toMatchObject({
      scenario: "baseline",
      seed: 42,
      status: "ok",
      steps: 96,
      stepsCompleted: 96,
    });
    expect(summary.tokensimVersion).toMatch(/^\d+\.\d+\.\d+/);
    expect(summary.params.providers.initial).toBe(200);
    expect(tableFromIPC(readFileSync(join(out, "steps.arrow"))).numRows).toBe(96);
    expect(existsSync(join(out, "steps.arrow.tmp-0"))).toBe(false);
  });

  it("gives the same bytes for the same seed from two processes", async () => {
    const a = mkdtempSync(join(tmpdir(), "tokensim-a-"));
    const b = mkdtempSync(join(tmpdir(), "tokensim-b-"));
    const [ra, rb] = await Promise.all([
      tokensim("run", "baseline", "--quiet", "--out", a, ...SMALL),
      tokensim("run", "baseline", "--quiet", "--out", b, ...SMALL),
    ]);
    expect([ra.code, rb.code], ra.stderr + rb.stderr).toEqual([0, 0]);
    expect(readFileSync(join(a, "steps.arrow")).equals(readFileSync(join(b, "steps.arrow")))).toBe(
      true,
    );
  });

  it("reports bad input as one clear line with exit code 2, never a stack trace", async () => {
    const tmp = mkdtempSync(join(tmpdir(), "tokensim-cli-bad-"));
    const file = join(tmp, "a-file");
    writeFileSync(file, "");
    // a scenario outside a "type": "module" package: tsx loads a .ts file there as CommonJS
    writeFileSync(
      join(tmp, "mine.ts"),
      'import { x } from "./lib.ts";\nexport const scenario = x;\n',
    );
    writeFileSync(join(tmp, "lib.ts"), "export const x = 1;\n");
    writeFileSync(join(tmp, "syntax.mts"), "export const scenario = ;\n");
    writeFileSync(join(tmp, "number.mts"), "export const scenario = 42;\n");
    // Loading a file is the loader's business: tsx in a process (vitest's own in this one).
    const inProcess: [string[], RegExp][] = [
      [
        ["run", "baseline", "--steps", "2", "--out", file],
        /cannot create .*a-file: .*a-file is a file/,
      ],
      [
        ["run", "baseline", "--steps", "2", "--out", join(file, "sub")],
        /cannot create .*sub: .*a-file is a file/,
      ],
      [["worker", "--queue", "notaurl"], /--queue notaurl: expected a URL like redis:\/\/host/],
      [
        ["worker", "--queue", "redis://127.0.0.1:1/0", "--connect-timeout", "1"],
        /no answer from Redis at redis:\/\/127\.0\.0\.1:1\/0 within 1000 ms \(last error: connect ECONNREFUSED/,
      ],
      [
        ["run", "baseline", "--set", "verification.sampelRate=0.1"],
        /Did you mean: verification.sampleRate/,
      ],
      [
        ["run", "baseline", "--set", "verification.sampleRate=3"],
        /expected a number >= 0 and <= 1 \(unit: fraction\)/,
      ],
      [["run", "baseline", "--seed", "abc"], /--seed "abc": expected a non-negative integer/],
      [
        ["run", "baseline", "--set", "shocks.hardwareGenClass=9"],
        /shocks\.hardwareGenClass=9: expected a class index from 0 to \d+ \(0=\w+/,
      ],
      [["run", "no-such-scenario"], /no such scenario/],
      [["run"], /expected one scenario/],
      [["run", "baseline", "--frobnicate"], /Unknown option '--frobnicate'/],
      // Numbers are decimal as typed: no empty value, no hex, no negative seed or run.
      [["run", "baseline", "--seed", ""], /--seed "": expected a non-negative integer/],
      [["run", "baseline", "--seed", "0x10"], /--seed "0x10": expected a non-negative integer/],
      [["run", "baseline", "--seed=-1"], /--seed "-1": expected a non-negative integer/],
      [["run", "baseline", "--run-index=-1"], /--run-index "-1": expected a non-negative integer/],
      [
        ["run", "baseline", "--set", "verification.sampleRate=0x1"],
        /verification\.sampleRate=0x1: expected a number >= 0 and <= 1/,
      ],
      [["sweep", "baseline", "--shard", "0/0"], /the number of shards must be at least 1/],
      [["serve", "--results", join(tmp, "no-such")], /--results .*no-such: no such folder/],
      [["run", join(tmp, "number.mts")], /its 'scenario' export is a number, not a scenario/],
      [
        ["check", "baseline", "--junit", join(file, "report.xml")],
        /--junit .*report\.xml: cannot write there/,
      ],
      // Where nothing can be created, at once and with its reason (recursive mkdir hung here).
      [
        ["run", "baseline", "--steps", "2", "--out", "/proc/tokensim-x"],
        /cannot create \/proc\/tokensim-x: ENOENT/,
      ],
      [["sweep", "baseline", "--shards", "3x"], /--shards "3x": expected an integer >= 1/],
      [["frobnicate"], /unknown command 'frobnicate'/],
    ];
    for (const [args, message] of inProcess) {
      const r = await cli(...args);
      expect(r.code, args.join(" ")).toBe(2);
      expect(r.stderr).toMatch(message);
      expect(r.stderr).not.toMatch(/\n\s+at /);
    }
    const inSubprocess: [string[], RegExp][] = [
      [
        ["run", join(tmp, "mine.ts")],
        /name the file \.mts, or put a package\.json with "type": "module"/,
      ],
      [["run", join(tmp, "syntax.mts")], /syntax\.mts: cannot load: .*syntax\.m?ts:1:\d+: ERROR: /],
    ];
    const answers = await Promise.all(inSubprocess.map(([args]) => tokensim(...args)));
    for (const [i, [args, message]] of inSubprocess.entries()) {
      const r = answers[i]!;
      expect(r.code, args.join(" ")).toBe(2);
      expect(r.stderr).toMatch(message);
      expect(r.stderr).not.toMatch(/\n\s+at /);
    }
  });

  it("documents itself: --help, run --help, --version, scenarios, params", async () => {
    const help = await cli("--help");
    expect(help.stdout).toMatch(/run\s+simulate one seeded run/);
    const runHelp = await cli("run", "--help");
    for (const opt of ["--seed", "--out", "--set", "--steps", "--quiet"])
      expect(runHelp.stdout).toContain(opt);
    const version = await cli("--version");
    expect(version.stdout.trim()).toMatch(/^\d+\.\d+\.\d+$/);
    const list = await cli("scenarios");
    expect(list.stdout).toMatch(/^baseline\s+\S/m);
    const params = await cli("params", "baseline");
    expect(params.stdout).toMatch(
      /verification\.sampleRate\s+0\.02\s+a number >= 0 and <= 1 \(unit: fraction\)/,
    );
  });

  it("on Ctrl-C stops with exit code 130 and leaves nothing behind", async () => {
    const out = mkdtempSync(join(tmpdir(), "tokensim-sigint-"));
    const child = spawn(process.execPath, [
      BIN,
      "run",
      "baseline",
      "--out",
      out,
      "--steps",
      "100000",
    ]);
    let stderr = "";
    // Interrupt once the run is under way (its first progress line), however long start-up took.
    const started = new Promise<void>((resolve) =>
      child.stderr.on("data", (d: Buffer) => {
        stderr += d.toString();
        if (/run baseline: \d+\/100000 steps/.test(stderr)) resolve();
      }),
    );
    const exited = new Promise<number | null>((resolve) =>
      child.on("exit", (code) => resolve(code)),
    );
    await started;
    child.kill("SIGINT");
    expect(await exited).toBe(130);
    expect(stderr).toMatch(/tokensim run: interrupted at step \d+; nothing written/);
    expect(readdirSync(out)).toEqual([]);
  }, 180_000);

  it("exits 1 and keeps the results when an invariant fails", async () => {
    const out = mkdtempSync(join(tmpdir(), "tokensim-fail-"));
    const r = await cli("run", "test/fixtures/broken-scenario.ts", "--out", out, "--steps", "60");
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(
      /invariants\s+FAILED: invariant 'supply-conservation' violated at step 47/,
    );
    const summary = JSON.parse(readFileSync(join(out, "summary.json"), "utf8"));
    expect(summary.status).toBe("failed");
    expect(tableFromIPC(readFileSync(join(out, "steps.arrow"))).numRows).toBe(48);
  });
});

describe("README", () => {
  const root = join(import.meta.dirname, "../..");

  it("docs/output.md, linked from the README, documents every per-step output column", async () => {
    const { BASE_COLUMNS } = await import("../../engine/metrics/columns.ts");
    expect(readFileSync(join(root, "README.md"), "utf8")).toContain("(docs/output.md)");
    const output = readFileSync(join(root, "docs/output.md"), "utf8");
    const flat = output.replace(/ +/g, " ");
    for (const c of BASE_COLUMNS) expect(flat, c.name).toContain(`| \`${c.name}\` | ${c.unit} |`);
  });

  it("lists every command in the README's command table and in docs/cli.md", async () => {
    const { commands } = await import("../../cli/commands/index.ts");
    const readme = readFileSync(join(root, "README.md"), "utf8");
    const cli = readFileSync(join(root, "docs/cli.md"), "utf8");
    for (const { name } of commands) {
      expect(readme, name).toMatch(new RegExp(`^\\| \\[\`tokensim ${name}[ \`]`, "m"));
      expect(cli, name).toMatch(new RegExp(`^\\| \`tokensim ${name}[ \`]`, "m"));
    }
  });
});
