import { mkdirSync, mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { tableFromIPC } from "apache-arrow";
import { describe, expect, it } from "vitest";
import { runCalibration, writeProfile } from "../../calibration/harness.ts";
import {
  buildProfile,
  type CalibrationProfile,
  type HardwareSummary,
  validateCalibrationProfile,
} from "../../calibration/profile.ts";
import { calibrationParams, sameHardware } from "../../calibration/scenarioParams.ts";
import { loadScenario, resolveParams } from "../../engine/scenario.ts";
import { cli } from "../cli/inProcess.ts";

const root = join(import.meta.dirname, "..", "..");

/** A schema-valid profile whose only content is the given hardware summaries. */
function profileWith(hardware: Record<string, Partial<HardwareSummary>>): CalibrationProfile {
  const base = buildProfile({
    results: [],
    target: { kind: "emulated", gpu: "x", model: "llama3-8b", timeScale: 0 },
    hardwareClass: "x",
    model: "llama3-8b",
    workload: { name: "chat", path: "workloads/chat.ts" },
    settings: { mode: "closed", levels: [], durationMs: 1, warmupMs: 0, workers: 0, seed: "s" },
    power: {},
    toolVersion: "0",
    partial: false,
    now: new Date(0),
  });
  const empty = base.hardware.x!;
  const out = {
    ...base,
    hardware: Object.fromEntries(
      Object.entries(hardware).map(([k, h]) => [k, { ...empty, saturated: true, ...h }]),
    ),
  };
  return validateCalibrationProfile(out);
}

describe("calibration profiles → scenario parameters", async () => {
  const baseline = await loadScenario(join(root, "scenarios", "baseline.ts"));
  const params = resolveParams(baseline);

  it("matches classes by name or by the GPU they stand for", () => {
    expect(sameHardware("h100", "h100sxm")).toBe(true);
    expect(sameHardware("rtx4090", "4090")).toBe(true);
    expect(sameHardware("h100", "h100pcie")).toBe(false);
    expect(sameHardware("a100", "default", "a100")).toBe(true);
    expect(sameHardware("myCard", "mycard")).toBe(true);
    expect(sameHardware("a100", "default")).toBe(false);
  });

  it("sets latency, power, VRAM and throughput relative to the reference class", () => {
    const a = profileWith({
      rtx4090: {
        gpu: "rtx4090",
        throughputTokensPerSec: 2000,
        serviceTtftMs: 80,
        powerW: 420,
        idleW: 40,
      },
    });
    const b = profileWith({
      h100sxm: {
        gpu: "h100sxm",
        throughputTokensPerSec: 9000,
        serviceTtftMs: 20,
        powerW: 650,
        idleW: 100,
      },
    });
    const applied = calibrationParams(params, [
      { path: "a.json", profile: a },
      { path: "b.json", profile: b },
    ]);
    expect(applied.referenceClass).toBe("rtx4090");
    expect(applied.classes.rtx4090!.set).toEqual({
      serviceLatencyMs: 80,
      loadW: 420,
      idleW: 40,
      vramGb: 24,
      throughput: 1,
    });
    expect(applied.classes.h100!.set).toEqual({
      serviceLatencyMs: 20,
      loadW: 650,
      idleW: 100,
      vramGb: 80,
      throughput: 4.5,
    });
    expect(applied.notes).toEqual(["not calibrated (scenario values kept): rtx3090, a100"]);
    // the assignments pass the schema; the user's --set applied after them wins
    const p = resolveParams(baseline, [...applied.sets, "hardware.h100.loadW=600"]);
    expect(p.hardware.h100).toMatchObject({ throughput: 4.5, serviceLatencyMs: 20, loadW: 600 });
    expect(p.hardware.rtx3090).toEqual(params.hardware.rtx3090);
  });

  it("keeps throughput without a profile of the reference class, and says why", () => {
    const b = profileWith({
      h100sxm: { gpu: "h100sxm", throughputTokensPerSec: 9000, saturated: false },
    });
    const other = profileWith({ tpu9: { throughputTokensPerSec: 1 } });
    const applied = calibrationParams(params, [
      { path: "b.json", profile: b },
      { path: "c.json", profile: other },
    ]);
    expect(applied.classes.h100!.set.throughput).toBeUndefined();
    expect(applied.notes.join("\n")).toMatch(/no profile measures the reference class 'rtx4090'/);
    expect(applied.notes.join("\n")).toMatch(/'tpu9' matches no class of the scenario/);
    expect(applied.notes.join("\n")).toMatch(/h100: b\.json did not reach saturation/);
  });

  it("lets a later profile replace an earlier one for the same class", () => {
    const first = profileWith({ rtx4090: { throughputTokensPerSec: 1000, powerW: 400 } });
    const second = profileWith({ "4090": { throughputTokensPerSec: 1000, powerW: 500 } });
    const applied = calibrationParams(params, [
      { path: "1.json", profile: first },
      { path: "2.json", profile: second },
    ]);
    expect(applied.classes.rtx4090!.set.loadW).toBe(500);
    expect(applied.notes.join("\n")).toMatch(/rtx4090: 2\.json replaces 1\.json/);
  });
});

describe("tokensim run --calibration", () => {
  it("parameterises hardware classes from calibrate's profiles, and the economics follow", async () => {
    const dir = mkdtempSync(join(tmpdir(), "tokensim-calib-run-"));
    const calibrate = async (target: string, measuredW?: number) =>
      (
        await runCalibration({
          target,
          workloadPath: join(root, "calibration", "workloads", "chat.ts"),
          mode: "closed",
          levels: [1, 16, 64],
          durationMs: 10_000,
          warmupMs: 1_000,
          workers: 0,
          ...(measuredW !== undefined ? { power: { measuredW } } : {}),
        })
      ).profile;
    const rtx = await calibrate("emulated:rtx4090:llama3-8b");
    const rtxHungry = await calibrate("emulated:rtx4090:llama3-8b", 3000);
    const h100 = await calibrate("emulated:h100sxm:llama3-8b");
    writeProfile(join(dir, "rtx4090.json"), rtx);
    writeProfile(join(dir, "rtx4090-3kW.json"), rtxHungry);
    writeProfile(join(dir, "h100.json"), h100);

    const small = [
      "--steps",
      "720",
      ...["providers.initial=200", "providers.maxTotal=400", "demand.baseGpuHoursPerHour=180"],
      "emission.tokensPerEpoch=1840",
    ].flatMap((x) => (x.includes("=") ? ["--set", x] : [x]));
    const run = async (name: string, ...calibration: string[]) => {
      const out = join(dir, name);
      const args = calibration.length > 0 ? ["--calibration", ...calibration] : [];
      // In this process, through main(argv) as bin/tokensim.js calls it (issue 14).
      const r = await cli(
        "run",
        join(root, "scenarios", "baseline.ts"),
        "--out",
        out,
        ...small,
        ...args,
      );
      expect(r.code, r.stderr).toBe(0);
      const summary = JSON.parse(readFileSync(join(out, "summary.json"), "utf8"));
      const table = tableFromIPC(readFileSync(join(out, "steps.arrow")));
      const activeRtx = table.getChild("active_rtx4090")!.get(table.numRows - 1) as number;
      return { summary, activeRtx, stderr: r.stderr };
    };
    // two profiles in one --calibration, as a shell glob expands them
    const plain = await run("plain");
    const cal = await run("cal", join(dir, "rtx4090.json"), join(dir, "h100.json"));
    const hungry = await run("hungry", join(dir, "rtx4090-3kW.json"), join(dir, "h100.json"));

    const x = (p: CalibrationProfile, k: string) => p.hardware[k]!.throughputTokensPerSec!;
    const hw = cal.summary.params.hardware;
    expect(hw.h100.throughput).toBeCloseTo(x(h100, "h100sxm") / x(rtx, "rtx4090"), 4);
    expect(hw.h100.throughput).toBeGreaterThan(3);
    expect(hw.rtx4090).toMatchObject({ throughput: 1, loadW: 450, idleW: 135, vramGb: 24 });
    expect(hw.h100).toMatchObject({ loadW: 700, idleW: 210, vramGb: 80 });
    expect(hw.h100.serviceLatencyMs).toBeCloseTo(h100.hardware.h100sxm!.serviceTtftMs!, 3);
    expect(hw.a100).toEqual(plain.summary.params.hardware.a100);
    expect(cal.summary.calibration.referenceClass).toBe("rtx4090");
    expect(Object.keys(cal.summary.calibration.classes).sort()).toEqual(["h100", "rtx4090"]);
    expect(cal.stderr).toMatch(/h100 <- .*h100\.json \(h100sxm\)/);
    // more H100 capacity per provider: the same demand leaves the network less utilised
    expect(cal.summary.headline.meanUtilisation).toBeLessThan(
      plain.summary.headline.meanUtilisation,
    );
    // a 3 kW RTX 4090 loses money on power: more exits, fewer 4090s left
    expect(hungry.summary.params.hardware.rtx4090.loadW).toBe(3000);
    expect(hungry.summary.headline.exits).toBeGreaterThan(cal.summary.headline.exits);
    expect(hungry.activeRtx).toBeLessThan(cal.activeRtx);
  });

  it("rejects a file that is not a calibration profile", async () => {
    const dir = mkdtempSync(join(tmpdir(), "tokensim-calib-bad-"));
    const bad = join(dir, "bad.json");
    writeProfile(bad, { schemaVersion: 99 } as unknown as CalibrationProfile);
    const err = await cli("run", "baseline", "--calibration", bad);
    expect(err.code).toBe(2);
    expect(err.stderr).toMatch(/unsupported schemaVersion 99/);
  });
});

describe("tokensim sweep --calibration", () => {
  it("applies the profiles at every point, as --sets recorded in the manifest", async () => {
    const dir = mkdtempSync(join(tmpdir(), "tokensim-calib-sweep-"));
    const calib = join(dir, "calib");
    mkdirSync(calib);
    for (const [gpu, file] of [
      ["rtx4090", "rtx4090.json"],
      ["h100sxm", "h100.json"],
    ] as const) {
      const { profile } = await runCalibration({
        target: `emulated:${gpu}:llama3-8b`,
        workloadPath: join(root, "calibration", "workloads", "chat.ts"),
        mode: "closed",
        levels: [1, 64],
        durationMs: 5_000,
        warmupMs: 500,
        workers: 0,
      });
      writeProfile(join(calib, file), profile);
    }
    const small = ["--steps", "240", "--set", "providers.initial=100"];
    const out = join(dir, "sweep");
    const sweep = await cli(
      "sweep",
      "baseline",
      "--runs",
      "2",
      "--grid",
      "verification.sampleRate=0.02,0.1",
      "--workers",
      "0",
      "--calibration",
      calib,
      "--out",
      out,
      ...small,
    );
    expect(sweep.code, sweep.stderr).toBe(0);
    expect(sweep.stderr).toMatch(/calibration: 2 profile\(s\)/);
    const manifest = JSON.parse(readFileSync(join(out, "manifest.json"), "utf8"));
    const h100 = (manifest.sets as string[]).find((s) => s.startsWith("hardware.h100.throughput="));
    expect(Number(h100?.split("=")[1])).toBeGreaterThan(3);
    expect(manifest.sets.some((s: string) => s.startsWith("hardware.rtx4090.loadW="))).toBe(true);
    // the sweep's run equals the same run alone with `tokensim run --calibration`
    const rec = JSON.parse(readFileSync(join(out, "summaries", "p0001-r00001.json"), "utf8"));
    const alone = join(dir, "alone");
    const r = await cli(
      "run",
      "baseline",
      "--seed",
      String(rec.seed),
      "--run-index",
      "1",
      "--set",
      "verification.sampleRate=0.1",
      "--calibration",
      calib,
      "--out",
      alone,
      "--quiet",
      ...small,
    );
    expect(r.code, r.stderr).toBe(0);
    const summary = JSON.parse(readFileSync(join(alone, "summary.json"), "utf8"));
    expect(summary.params.hardware.h100.throughput).toBeGreaterThan(3);
    expect(rec.headline).toEqual(summary.headline);
  });
});
