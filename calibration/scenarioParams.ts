/**
 * Calibration profiles → scenario parameters (`tokensim run --calibration`).
 *
 * A scenario's hardware class is matched with a profile's hardware class by name, or by the
 * GPU both names stand for (`h100` and `h100sxm` are the same card). For each matched class:
 *
 * - `serviceLatencyMs` ← the profile's median time to first token at moderate load (where
 *   throughput is half the fitted saturation throughput);
 * - `loadW` ← the profile's power at saturation (measured, or TDP × utilisation model);
 * - `idleW` ← the profile's idle power (TDP × idle fraction), where it has one;
 * - `vramGb` ← the GPU's memory, where the profile names a known GPU;
 * - `throughput` (reference GPU-hours per hour) ← θ_ref · X_k / X_ref, the ratio of the
 *   class's measured saturation output throughput X_k (tokens/s) to that of the scenario's
 *   reference class — the class whose throughput is 1 — times the reference's own value.
 *   This needs a profile for the reference class as well; without one throughputs stay as
 *   the scenario has them, and a note says so.
 *
 * The result is a list of `key=value` assignments, applied before the user's `--set`
 * (which therefore win), so that every value passes the schema's range checks.
 */
import type { NetworkParams } from "../engine/params/network.ts";
import { findGpu } from "./gpus.ts";
import type { CalibrationProfile, HardwareSummary } from "./profile.ts";

/** A loaded profile and where it came from. */
export interface ProfileSource {
  readonly path: string;
  readonly profile: CalibrationProfile;
}

/** The parameters one scenario class took from a profile. */
interface CalibratedClass {
  /** Profile file and hardware class within it. */
  readonly profile: string;
  readonly profileClass: string;
  /** Measured saturation output throughput, tokens/s. */
  readonly tokensPerSec: number | null;
  /** Parameter values set, by field name (e.g. `loadW`). */
  readonly set: Record<string, number>;
}

/** What {@link calibrationParams} decided (recorded in summary.json as `calibration`). */
export interface CalibrationApplied {
  readonly profiles: readonly string[];
  /** The scenario class whose throughput is the unit (1), or null when there is none. */
  readonly referenceClass: string | null;
  readonly classes: Record<string, CalibratedClass>;
  /** `hardware.<class>.<field>=<value>` assignments. */
  readonly sets: readonly string[];
  readonly notes: readonly string[];
}

/** Whether a scenario class name and a profile class name denote the same hardware. */
export function sameHardware(scenarioClass: string, profileClass: string, gpu?: string | null) {
  const a = scenarioClass.toLowerCase();
  if (a === profileClass.toLowerCase()) return true;
  const ga = findGpu(a)?.id;
  if (ga === undefined) return false;
  return ga === findGpu(profileClass)?.id || (gpu != null && ga === findGpu(gpu)?.id);
}

const round = (x: number, digits = 6) => Number(x.toPrecision(digits));

/**
 * Scenario parameter assignments from calibration profiles. Later profiles win when two
 * describe the same class.
 */
export function calibrationParams(
  params: NetworkParams,
  sources: readonly ProfileSource[],
): CalibrationApplied {
  const notes: string[] = [];
  const classes = Object.keys(params.hardware);
  const found = new Map<string, { path: string; name: string; h: HardwareSummary }>();
  for (const { path, profile } of sources) {
    if (profile.partial) notes.push(`${path}: partial profile (interrupted calibration)`);
    if (profile.degraded) {
      const worst = profile.errorBudget?.worstFailureRate;
      notes.push(
        `${path}: degraded profile (${worst !== undefined ? `${(worst * 100).toFixed(1)}% of requests failed at worst` : "too many requests failed"}): its figures measure refusals more than speed`,
      );
    }
    for (const [name, h] of Object.entries(profile.hardware)) {
      const match = classes.filter((c) => sameHardware(c, name, h.gpu));
      for (const c of match) {
        if (found.has(c)) notes.push(`${c}: ${path} replaces ${found.get(c)!.path}`);
        found.set(c, { path, name, h });
      }
      if (match.length === 0) {
        notes.push(
          `${path}: hardware class '${name}' matches no class of the scenario (${classes.join(", ")}); ` +
            "calibrate with --hardware-class <scenario class> or --gpu <id>",
        );
      }
    }
  }
  const models = new Set([...found.values()].map((f) => f.h.model));
  const workloads = new Set(
    sources
      .filter((s) => [...found.values()].some((f) => f.path === s.path))
      .map((s) => s.profile.workload.name),
  );
  if (models.size > 1 || workloads.size > 1) {
    notes.push(
      `profiles measure different models (${[...models].join(", ")}) or workloads (${[...workloads].join(", ")}): ` +
        "throughput ratios compare different work",
    );
  }

  const units = classes.filter((c) => params.hardware[c]!.throughput === 1);
  const referenceClass = units.length === 1 ? units[0]! : null;
  const refX = referenceClass ? found.get(referenceClass)?.h.throughputTokensPerSec : undefined;
  const scaleThroughput = refX !== undefined && refX !== null && refX > 0;
  if (found.size > 0 && !scaleThroughput) {
    notes.push(
      referenceClass === null
        ? "throughput left as the scenario has it: the scenario has no single class with throughput 1 to measure the others against"
        : `throughput left as the scenario has it: no profile measures the reference class '${referenceClass}' (throughput 1)`,
    );
  }

  const out: Record<string, CalibratedClass> = {};
  const sets: string[] = [];
  for (const c of classes) {
    const f = found.get(c);
    if (!f) continue;
    const { h } = f;
    const set: Record<string, number> = {};
    if (h.serviceTtftMs !== null) set.serviceLatencyMs = round(h.serviceTtftMs);
    if (h.powerW !== null) set.loadW = round(h.powerW);
    if (h.idleW !== null && h.idleW <= (set.loadW ?? params.hardware[c]!.loadW)) {
      set.idleW = round(h.idleW);
    }
    const gpu = h.gpu ? findGpu(h.gpu) : findGpu(f.name);
    if (gpu) set.vramGb = round(gpu.memoryBytes / 1e9);
    if (scaleThroughput && h.throughputTokensPerSec !== null && h.throughputTokensPerSec > 0) {
      const thetaRef = params.hardware[referenceClass!]!.throughput;
      set.throughput = round((thetaRef * h.throughputTokensPerSec) / refX);
    }
    if (!h.saturated) {
      notes.push(
        `${c}: ${f.path} did not reach saturation; its throughput and time to first token come from the highest loads measured (calibrate at higher concurrency)`,
      );
    }
    for (const [k, v] of Object.entries(set)) sets.push(`hardware.${c}.${k}=${v}`);
    out[c] = {
      profile: f.path,
      profileClass: f.name,
      tokensPerSec: h.throughputTokensPerSec,
      set,
    };
  }
  const uncalibrated = classes.filter((c) => !found.has(c));
  if (found.size > 0 && uncalibrated.length > 0) {
    notes.push(`not calibrated (scenario values kept): ${uncalibrated.join(", ")}`);
  }
  return {
    profiles: sources.map((s) => s.path),
    referenceClass,
    classes: out,
    sets,
    notes,
  };
}
