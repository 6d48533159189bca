/**
 * What a run that ends in an error leaves behind: nothing. A full disk, a crash
 * in a phase or an interrupt removes the file being written, and the error
 * reaches the caller (no unhandled rejection, no stack trace on the terminal).
 */
import { mkdtempSync, readdirSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { runScenarioToFiles } from "../../api/run.ts";
import { AtomicFileSink, type ByteSink } from "../../engine/metrics/arrow.ts";
import { RunInterrupted, runSimulation } from "../../engine/pipeline/run.ts";
import { cli } from "../cli/inProcess.ts";
import { smallBaseline } from "./helpers.ts";

/** A file sink on a disk that fills up after `room` bytes. */
class FullDiskSink implements ByteSink {
  private written = 0;
  constructor(
    private readonly inner: AtomicFileSink,
    private readonly room: number,
  ) {}
  write(chunk: Uint8Array): void {
    this.written += chunk.byteLength;
    if (this.written > this.room) {
      const err = new Error("ENOSPC: no space left on device, write") as NodeJS.ErrnoException;
      err.code = "ENOSPC";
      throw err;
    }
    this.inner.write(chunk);
  }
  close(): void {
    this.inner.close();
  }
  abort(): void {
    this.inner.abort();
  }
}

const tmp = () => mkdtempSync(join(tmpdir(), "tokensim-failed-"));

describe("a run that fails", () => {
  it("on a full disk: the error reaches the caller and no file is left", async () => {
    const { scenario, params } = await smallBaseline(["sim.steps=3000"]);
    const dir = tmp();
    const sink = new FullDiskSink(new AtomicFileSink(join(dir, "steps.arrow")), 200_000);
    await expect(runSimulation({ scenario, params, seed: 1 }, sink)).rejects.toThrow(/ENOSPC/);
    expect(readdirSync(dir)).toEqual([]);
  });

  it("interrupted: rejects with RunInterrupted and leaves nothing", async () => {
    const dir = tmp();
    const controller = new AbortController();
    const run = runScenarioToFiles("baseline", join(dir, "out"), {
      steps: 3000,
      sets: ["providers.initial=20", "providers.maxTotal=40"],
      signal: controller.signal,
      onProgress: (done) => {
        if (done >= 1500) controller.abort();
      },
    });
    await expect(run).rejects.toThrow(RunInterrupted);
    expect(readdirSync(join(dir, "out"))).toEqual([]);
  });

  it("with a crash in a phase: one line, exit 2, nothing in the output folder", async () => {
    const dir = tmp();
    const r = await cli("run", "test/fixtures/crashing-scenario.ts", "--out", dir, "--quiet");
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/tokensim run: a bug in the scenario's phase/);
    expect(r.stderr).not.toMatch(/\n\s+at /);
    expect(readdirSync(dir)).toEqual([]);
  });
});
