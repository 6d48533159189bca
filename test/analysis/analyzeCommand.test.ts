/**
 * `tokensim analyze`'s input checks, before any sweep is read: one sweep
 * directory, known flags, and an unreadable directory as a usage error (exit
 * code 2). The analyses themselves are in endToEnd.test.ts and rulesEndToEnd.test.ts.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { UsageError } from "../../cli/command.ts";
import { analyzeCommand } from "../../cli/commands/analyze.ts";

const dir = mkdtempSync(join(tmpdir(), "tokensim-analyze-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }), 30_000);

/** The error `analyzeCommand.run(argv)` rejects with. */
async function refusal(argv: string[]): Promise<unknown> {
  return analyzeCommand.run(argv).then(
    () => expect.unreachable(`analyze ${argv.join(" ")} succeeded`),
    (err: unknown) => err,
  );
}

describe("tokensim analyze: bad input", () => {
  it("wants exactly one sweep directory, naming its help", async () => {
    for (const argv of [[], [dir, dir]]) {
      const err = await refusal(argv);
      expect(err).toBeInstanceOf(UsageError);
      expect((err as Error).message).toBe(
        "expected one sweep directory (see 'tokensim analyze --help')",
      );
    }
  });

  it("refuses an unknown flag, and a bad flag value before reading the directory", async () => {
    expect(String(await refusal([dir, "--bogus"]))).toMatch(/Unknown option '--bogus'/);
    const err = await refusal([join(dir, "nowhere"), "--confidence", "2"]);
    expect(err).toBeInstanceOf(UsageError);
    expect((err as Error).message).toBe('--confidence "2": expected a number between 0 and 1');
  });

  it("turns a folder that holds no sweep into a usage error", async () => {
    const err = await refusal([dir]);
    expect(err).toBeInstanceOf(UsageError);
    expect((err as Error).message).toBe(`${dir}: no manifest.json (not a sweep directory)`);
  });
});
