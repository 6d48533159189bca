/**
 * `tokensim run` and `sweep --calibration` refuse a profile that `calibrate` marked degraded (too many of
 * its requests failed), in one line with exit code 2, unless `--allow-degraded` is given.
 */
import { existsSync, mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { runCalibration, writeProfile } from "../../calibration/harness.ts";
import { cli } from "../cli/inProcess.ts";

const root = join(import.meta.dirname, "..", "..");
const dir = mkdtempSync(join(tmpdir(), "tokensim-degraded-"));
const degraded = join(dir, "rtx4090-degraded.json");
const healthy = join(dir, "rtx4090.json");
const small = ["--steps", "48", "--set", "providers.initial=50", "--quiet"];

beforeAll(async () => {
  const { profile } = await runCalibration({
    target: "emulated:rtx4090:llama3-8b",
    workloadPath: join(root, "calibration", "workloads", "chat.ts"),
    mode: "closed",
    levels: [1, 8],
    durationMs: 5_000,
    warmupMs: 500,
    workers: 0,
  });
  writeProfile(healthy, profile);
  // as calibrate writes it when 54% of a level's requests failed
  writeProfile(degraded, {
    ...profile,
    degraded: true,
    errorBudget: { maxErrorRate: 0.05, worstFailureRate: 0.542, levelsOver: [8] },
  });
}, 60_000);

describe("tokensim run --calibration with a degraded profile", () => {
  it("refuses it in one line, exit code 2, and writes nothing", async () => {
    const out = join(dir, "refused");
    const r = await cli("run", "baseline", "--out", out, "--calibration", degraded, ...small);
    expect(r.code).toBe(2);
    expect(r.stderr.trim().split("\n")).toEqual([
      `tokensim run: --calibration ${degraded} is marked "degraded" (54.2% of its requests failed): it measured refusals more than speed; calibrate again (a smaller workload, fewer clients) or pass --allow-degraded to use it anyway`,
    ]);
    expect(existsSync(out)).toBe(false);
  }, 60_000);

  it("refuses it among healthy ones, as a shell glob passes them", async () => {
    const r = await cli(
      "run",
      "baseline",
      "--out",
      join(dir, "glob"),
      "--calibration",
      healthy,
      degraded,
      ...small,
    );
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/rtx4090-degraded\.json is marked "degraded"/);
  }, 60_000);

  it("uses it with --allow-degraded, and says it is degraded", async () => {
    const out = join(dir, "allowed");
    const r = await cli(
      "run",
      "baseline",
      "--out",
      out,
      "--calibration",
      degraded,
      "--allow-degraded",
      "--steps",
      "48",
      "--set",
      "providers.initial=50",
    );
    expect(r.code).toBe(0);
    expect(r.stderr).toMatch(
      /note: .*rtx4090-degraded\.json: degraded profile \(54\.2% of requests failed at worst\)/,
    );
    expect(existsSync(join(out, "summary.json"))).toBe(true);
  }, 60_000);

  it("takes a healthy profile without the flag", async () => {
    const r = await cli(
      "run",
      "baseline",
      "--out",
      join(dir, "healthy"),
      "--calibration",
      healthy,
      ...small,
    );
    expect(r.code).toBe(0);
  }, 60_000);
});

describe("tokensim sweep --calibration with a degraded profile", () => {
  it("refuses it before any run, and takes it with --allow-degraded", async () => {
    const out = join(dir, "sweep-refused");
    const sweep = ["sweep", "baseline", "--runs", "1", "--workers", "0", ...small];
    const r = await cli(...sweep, "--out", out, "--calibration", degraded);
    expect(r.code).toBe(2);
    expect(r.stderr.trim().split("\n")).toEqual([
      `tokensim sweep: --calibration ${degraded} is marked "degraded" (54.2% of its requests failed): it measured refusals more than speed; calibrate again (a smaller workload, fewer clients) or pass --allow-degraded to use it anyway`,
    ]);
    expect(existsSync(out)).toBe(false);
    const ok = await cli(
      ...sweep,
      "--out",
      join(dir, "sweep-allowed"),
      "--calibration",
      degraded,
      "--allow-degraded",
    );
    expect(ok.code, ok.stderr).toBe(0);
    expect(existsSync(join(dir, "sweep-allowed", "runs.arrow"))).toBe(true);
  }, 120_000);
});
