import { existsSync, mkdtempSync, readdirSync, rmSync } from "node:fs";
import { join } from "node:path";
import { expect } from "vitest";
import { cli } from "../cli/inProcess.ts";

/** Files whose presence says a run or sweep finished: none may be left after an error. */
export const COMPLETE_FILES = new Set(["summary.json", "steps.arrow", "runs.arrow", "sweep.arrow"]);

/**
 * Bound on one in-process CLI case: a case that has not answered by then has hung.
 * Generous: a valid case can be real work (`check <bundled> --until-conclusive`
 * runs up to the scenario's maxRuns in this thread, 20 s on an idle 2-core VM).
 */
export const CASE_TIMEOUT_MS = 120_000;

/** Every file under `dir` whose name is one of {@link COMPLETE_FILES}. */
export function completeFiles(dir: string): string[] {
  if (!existsSync(dir)) return [];
  const out: string[] = [];
  for (const e of readdirSync(dir, { withFileTypes: true, recursive: true })) {
    if (e.isFile() && COMPLETE_FILES.has(e.name)) out.push(join(e.parentPath, e.name));
  }
  return out;
}

/** Progress lines a command prints on stderr while it works (not errors). */
const PROGRESS = /^(run|check|sweep) .*(steps|runs)\b.*(\d+%|ETA|\/s)/;

/**
 * The lines of an error answer: each is `tokensim <command>: ...`, or `tokensim: ...`,
 * or an indented continuation of the line above (the engine's list of invalid
 * parameters); never a stack frame or Node's own `Error:` prefix.
 */
export function expectCleanStderr(
  argv: readonly string[],
  code: number,
  stderr: string,
  crashOk = false,
): void {
  const where = `argv ${JSON.stringify(argv)} (exit ${code}):\n${stderr}`;
  const lines = stderr.split("\n").filter((l) => l.trim() !== "" && !PROGRESS.test(l.trim()));
  for (const line of lines) {
    expect(line, where).not.toMatch(/^\s+at\s/);
    expect(line, where).not.toMatch(/^\s*(\w*Error|Error \[\w+\]):/);
    // An unforeseen error (the hint to see its stack): a bug, unless the scenario's own code threw.
    if (!crashOk) expect(line, where).not.toMatch(/TOKENSIM_DEBUG/);
  }
  if (code === 2) {
    expect(lines.length, `no error line for ${where}`).toBeGreaterThan(0);
    const errorLines = lines.filter((l) => !l.startsWith("  "));
    for (const l of errorLines) expect(l, where).toMatch(/^tokensim( [a-z]+)?: /);
    // One error, one line (plus indented continuations, or one line per scenario for check).
    if (argv[0] !== "check") expect(errorLines.length, where).toBe(1);
  }
}

/** A fresh folder for one case under `root`. */
export const caseDir = (root: string, n: number): string =>
  mkdtempSync(join(root, `case-${String(n).padStart(5, "0")}-`));

/**
 * Runs the CLI in-process with `cwd` as the working directory, bounded by
 * {@link CASE_TIMEOUT_MS}; checks exit code, stderr and the files left behind.
 */
export async function cliCase(
  argv: readonly string[],
  cwd: string,
  allowed: readonly number[] = [0, 1, 2],
  crashOk = false,
): Promise<{ code: number; stdout: string; stderr: string }> {
  const before = process.cwd();
  process.chdir(cwd);
  let timer: NodeJS.Timeout | undefined;
  try {
    const result = await Promise.race([
      cli(...argv),
      new Promise<never>((_, reject) => {
        timer = setTimeout(
          () => reject(new Error(`hung: ${JSON.stringify(argv)}`)),
          CASE_TIMEOUT_MS,
        );
      }),
    ]);
    expect(allowed, `exit ${result.code} for ${JSON.stringify(argv)}: ${result.stderr}`).toContain(
      result.code,
    );
    expectCleanStderr(argv, result.code, result.stderr, crashOk);
    if (result.code === 2)
      expect(completeFiles(cwd), `left behind after ${JSON.stringify(argv)}`).toEqual([]);
    return result;
  } finally {
    clearTimeout(timer);
    process.chdir(before);
    rmSync(cwd, { recursive: true, force: true });
  }
}
