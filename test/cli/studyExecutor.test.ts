/**
 * withStudyExecutor, the executor set-up and Ctrl-C handling that sweep, optimize,
 * stress, rare, fit and counterfactual share: flags checked before anything
 * starts, in-thread runs with --workers 0, the first Ctrl-C's line, and engine
 * errors as usage errors. The --queue side against a real Redis is in
 * queueStudyExecutor.test.ts.
 */
import { describe, expect, it, vi } from "vitest";
import { UsageError } from "../../cli/command.ts";
import { type StudyExecutor, withStudyExecutor } from "../../cli/studyExecutor.ts";
import { ScenarioError } from "../../engine/errors.ts";

/** The SIGINT listener the body's study added (the others are the test runner's). */
function studyListener(before: readonly unknown[]): () => void {
  const added = process.listeners("SIGINT").filter((l) => !before.includes(l));
  expect(added).toHaveLength(1);
  return added[0] as () => void;
}

describe("withStudyExecutor", () => {
  it("runs the body in this thread with --workers 0, gives back its exit code, and closes", async () => {
    let seen: StudyExecutor | undefined;
    const code = await withStudyExecutor("sweep", { workers: "0" }, "out", async (ex, signal) => {
      seen = ex;
      expect(signal.aborted).toBe(false);
      return 7;
    });
    expect(code).toBe(7);
    expect(seen?.concurrency).toBe(2); // the in-thread executor's
    expect(seen?.watch).toBeUndefined();
  });

  it("checks --workers and --chunk before the body runs, with the flags' own messages", async () => {
    const body = vi.fn(async () => 0);
    await expect(withStudyExecutor("sweep", { workers: "x" }, "out", body)).rejects.toThrow(
      new UsageError('--workers "x": expected a non-negative integer'),
    );
    await expect(
      withStudyExecutor("rare", { workers: "0", chunk: "0" }, "out", body, { sweep: true }),
    ).rejects.toThrow(new UsageError('--chunk "0": expected an integer >= 1'));
    expect(body).not.toHaveBeenCalled();
  });

  it("names --queue in the message when the queue cannot be reached, sweep or study", async () => {
    for (const sweep of [true, false])
      await expect(
        withStudyExecutor("stress", { queue: "notaurl" }, "out", async () => 0, { sweep }),
      ).rejects.toThrow(new UsageError("--queue notaurl: expected a URL like redis://host:6379/0"));
  });

  it("turns an engine error in the body into a usage error and removes its Ctrl-C handlers", async () => {
    const before = process.listeners("SIGINT");
    await expect(
      withStudyExecutor("fit", { workers: "0" }, "out", async () => {
        throw new ScenarioError("unknown parameter 'x'");
      }),
    ).rejects.toThrow(new UsageError("unknown parameter 'x'"));
    expect(process.listeners("SIGINT")).toEqual(before);
  });

  it("prints the default line or the given one at the first Ctrl-C and aborts the body's signal", async () => {
    const write = vi.spyOn(process.stderr, "write").mockImplementation(() => true);
    try {
      for (const [stopping, line] of [
        [undefined, "stopping: finishing the runs in flight (Ctrl-C again to quit at once)"],
        ["stopping: the fit is abandoned (nothing written)", undefined],
      ] as const) {
        const before = process.listeners("SIGINT");
        const code = await withStudyExecutor(
          "fit",
          { workers: "0" },
          "out",
          async (_ex, signal) => {
            studyListener(before)();
            return signal.aborted ? 130 : 0;
          },
          stopping === undefined ? {} : { stopping },
        );
        expect(code).toBe(130);
        expect(write).toHaveBeenLastCalledWith(`\n${line ?? stopping}\n`);
      }
    } finally {
      write.mockRestore();
    }
  });
});
