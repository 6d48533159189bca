import { spawn } from "node:child_process";
import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  symlinkSync,
} from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { dirBytes } from "../sweep/dirBytes.ts";
import { cli } from "./inProcess.ts";

const BIN = join(import.meta.dirname, "../../bin/tokensim.js");

const FLAKY = "test/fixtures/sweep/flaky.ts";
const tmp = () => mkdtempSync(join(tmpdir(), "tokensim-sweep-cli-"));

describe("tokensim sweep and merge", () => {
  it("reports deterministic failures with seeds and a rerun command, and exits 1", async () => {
    const out = tmp();
    const r = await cli(
      "sweep",
      FLAKY,
      "--runs",
      "2",
      "--grid",
      "verification.sampleRate=0.05,0.6",
      "--workers",
      "0",
      "--out",
      out,
    );
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(/verification\.sampleRate=0\.6\s+0\/2/);
    expect(r.stderr).toMatch(/FAILED point 1 run 0 seed \d+: invariant 'supply-conservation'/);
    const rerun = /rerun: (tokensim run .*)/.exec(r.stderr)![1]!;
    const again = await cli(...rerun.split(" ").slice(1), "--out", tmp(), "--quiet");
    expect(again.code).toBe(1); // the reported seed reproduces the failure on its own
  });

  it("rejects bad flags and bad values with exit 2 and a clear message", async () => {
    const r1 = await cli("sweep", FLAKY, "--grid", "verification.sampleRate", "--out", tmp());
    expect(r1.code).toBe(2);
    expect(r1.stderr).toMatch(/expected key=v1,v2/);
    const r2 = await cli("sweep", FLAKY, "--grid", "verification.sampelRate=0.1", "--out", tmp());
    expect(r2.code).toBe(2);
    expect(r2.stderr).toMatch(/sampleRate/); // names the close key
    const r3 = await cli("sweep", FLAKY, "--shards", "3", "--out", tmp());
    expect(r3.code).toBe(2);
    expect(r3.stderr).toMatch(/JOB_COMPLETION_INDEX/);
  });

  it("stops on Ctrl-C keeping completed runs, resumes to the same bytes, and shards merge alike", async () => {
    const args = [
      "sweep",
      FLAKY,
      "--runs",
      "6",
      "--grid",
      "verification.sampleRate=0.02,0.05",
      "--steps",
      "300",
      "--workers",
      "1",
    ];
    // Only the interrupted sweep needs a process of its own (a signal); the rest runs
    // in this one, through main(argv) (issue 14).
    const ref = tmp();
    expect((await cli(...args, "--out", ref, "--quiet")).code).toBe(0);

    const out = tmp();
    const child = spawn(process.execPath, [BIN, ...args, "--out", out], { stdio: "pipe" });
    let stderr = "";
    const code = await new Promise<number | null>((resolve) => {
      child.stderr.on("data", (d: Buffer) => {
        stderr += d.toString();
        if (/\b[1-9]\d*\/12 runs/.test(stderr) && !child.killed) child.kill("SIGINT");
      });
      child.on("exit", resolve);
    });
    expect(code).toBe(130);
    expect(stderr).toMatch(/interrupted: \d+\/12 runs complete.*--resume/);
    expect(existsSync(join(out, "runs.arrow"))).toBe(false);
    const resumed = await cli(...args, "--out", out, "--resume");
    expect(resumed.code).toBe(0);
    expect(resumed.stdout).toMatch(/done before/);
    expect(dirBytes(out)).toEqual(dirBytes(ref));

    const shards = [tmp(), tmp()];
    for (const [i, dir] of shards.entries())
      expect((await cli(...args, "--shard", `${i}/2`, "--out", dir, "--quiet")).code).toBe(0);
    // --resume on a folder that holds nothing starts the sweep, and says so
    const fresh = tmp();
    const r0 = await cli(...args, "--shard", "0/2", "--out", join(fresh, "new"), "--resume");
    expect(r0.code).toBe(0);
    expect(r0.stderr).toMatch(/nothing to resume in .*new: starting the sweep/);
    expect(dirBytes(join(fresh, "new"))).toEqual(dirBytes(shards[0]!));
    const twice = await cli("merge", shards[0]!, `${shards[0]}/`, "--out", tmp());
    expect(twice.code).toBe(2);
    expect(twice.stderr).toMatch(/is given twice/);
    const merged = tmp();
    const m = await cli("merge", ...shards, "--out", merged);
    expect(m.code).toBe(0);
    expect(m.stdout).toMatch(/merged 12\/12 runs/);
    expect(dirBytes(merged)).toEqual(dirBytes(ref));
    const manifest = JSON.parse(readFileSync(join(merged, "manifest.json"), "utf8"));
    expect(manifest.seedRule).toMatch(/hash53/);
  });
  it("on a full disk in a worker thread: one line, exit 2, no retries, nothing half-written", async () => {
    const out = tmp();
    const stepsDir = join(out, "steps", "point=0000");
    mkdirSync(stepsDir, { recursive: true });
    // The worker thread shares this process's id: run 0's Arrow file goes to /dev/full.
    symlinkSync("/dev/full", join(stepsDir, `run=00000.arrow.tmp-${process.pid}`));
    const r = await cli("sweep", FLAKY, "--runs", "2", "--workers", "1", "--quiet", "--out", out);
    expect(r.code).toBe(2);
    expect(r.stderr.trim().split("\n")).toHaveLength(1);
    expect(r.stderr).toMatch(/cannot write the sweep's output in .*ENOSPC/);
    expect(r.stderr).not.toMatch(/lost|retrying/);
    expect(readdirSync(stepsDir).filter((f) => f.includes(".tmp-"))).toEqual([]);
    expect(existsSync(join(out, "runs.arrow"))).toBe(false);
  });
});
