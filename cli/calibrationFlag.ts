import { readdirSync, statSync } from "node:fs";
import { join } from "node:path";
import type { CalibrationApplied, ProfileSource } from "../calibration/scenarioParams.ts";
import { UsageError } from "./command.ts";

/** Help text of `--calibration`, shared by the commands that take it. */
export const CALIBRATION_HELP = `  --calibration <f>   calibration profile(s) from 'tokensim calibrate' (repeatable; a folder means
                      every .json in it; shell globs work: --calibration calib/*.json). Matching
                      hardware classes take their time to first token, power and VRAM from the
                      profiles, and their throughput relative to the scenario's reference class
                      (throughput 1) when that class is calibrated too. --set still wins.`;

/**
 * Splits `--calibration` files out of the positionals: the shell expands
 * `--calibration calib/*.json` into one flag and more `.json` positionals.
 */
export function splitCalibrationArgs(
  flagged: readonly string[] | undefined,
  positionals: readonly string[],
): { files: string[]; positionals: string[] } {
  const files = [...(flagged ?? [])];
  const rest = positionals.filter((a) => {
    if (files.length === 0 || !a.endsWith(".json")) return true;
    files.push(a);
    return false;
  });
  return { files, positionals: rest };
}

/**
 * Loads profiles from files and folders (every .json in a folder, sorted). The
 * profile module (and its histogram library) loads only here, so a run without
 * `--calibration` does not pay for it at start-up.
 */
export async function loadProfiles(paths: readonly string[]): Promise<ProfileSource[]> {
  const { loadCalibrationProfile } = await import("../calibration/profile.ts");
  const files: string[] = [];
  for (const p of paths) {
    let isDir = false;
    try {
      isDir = statSync(p).isDirectory();
    } catch {
      throw new UsageError(`--calibration ${p}: no such file or folder`);
    }
    if (!isDir) files.push(p);
    else {
      const inDir = readdirSync(p)
        .filter((f) => f.endsWith(".json"))
        .sort()
        .map((f) => join(p, f));
      if (inDir.length === 0)
        throw new UsageError(`--calibration ${p}: folder holds no .json profile`);
      files.push(...inDir);
    }
  }
  return files.map((path) => {
    try {
      return { path, profile: loadCalibrationProfile(path) };
    } catch (err) {
      throw new UsageError((err as Error).message);
    }
  });
}

/** What the profiles set, one line per calibrated class. */
export function formatCalibration(c: CalibrationApplied): string {
  const lines = [`calibration: ${c.profiles.length} profile(s)`];
  for (const [cls, k] of Object.entries(c.classes)) {
    const set = Object.entries(k.set)
      .map(([f, v]) => `${f}=${v}`)
      .join(" ");
    lines.push(`  ${cls} <- ${k.profile} (${k.profileClass}): ${set}`);
  }
  for (const n of c.notes) lines.push(`  note: ${n}`);
  return lines.join("\n");
}

/** A degraded profile is refused, in one line, unless --allow-degraded says otherwise. */
export function refuseDegraded(profiles: readonly ProfileSource[]): void {
  const bad = profiles.find((p) => p.profile.degraded);
  if (!bad) return;
  const worst = bad.profile.errorBudget?.worstFailureRate;
  const rate =
    worst !== undefined
      ? `${(worst * 100).toFixed(1)}% of its requests failed`
      : "too many of its requests failed";
  throw new UsageError(
    `--calibration ${bad.path} is marked "degraded" (${rate}): it measured refusals more than speed; calibrate again (a smaller workload, fewer clients) or pass --allow-degraded to use it anyway`,
  );
}
