import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { expect } from "vitest";
import { cli } from "../cli/inProcess.ts";

/**
 * Runs a tiny `tokensim stress --target spiral --p 0.5 --shocks <family>` search
 * on `scenario` with the `--set` overrides `sets` and further flags `extra`:
 * a budget of 8 runs in generations of 4 candidates × 2 runs, 2 final runs and
 * 1 leg run per finalist, seed 1, on one worker thread. Expects it to print
 * nothing on stderr and exit 0; returns its stress.json as written (the folder
 * is removed).
 */
export async function tinyFamilySearch(
  scenario: string,
  family: string,
  sets: readonly string[],
  extra: readonly string[] = [],
): Promise<string> {
  const out = mkdtempSync(join(tmpdir(), `tokensim-stress-${family}-`));
  try {
    const r = await cli(
      "stress",
      scenario,
      "--target",
      "spiral",
      "--p",
      "0.5",
      "--shocks",
      family,
      ...sets.flatMap((x) => ["--set", x]),
      ...extra,
      "--budget",
      "8",
      "--population",
      "4",
      "--runs",
      "2",
      "--max-runs",
      "2",
      "--final-runs",
      "2",
      "--leg-runs",
      "1",
      "--seed",
      "1",
      "--workers",
      "1",
      "--out",
      out,
      "--quiet",
      "--json",
    );
    expect(r.stderr).toBe("");
    expect(r.code).toBe(0);
    return readFileSync(join(out, "stress.json"), "utf8");
  } finally {
    rmSync(out, { recursive: true, force: true });
  }
}
