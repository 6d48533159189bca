/**
 * Workloads: a weighted mix of request classes (prompt/output token-length distributions and
 * sampling parameters), an arrival process (closed loop, open-loop Poisson or bursty) or a
 * recorded trace to replay (JSONL). All sampling is seeded (seedrandom).
 */

import { readFileSync } from "node:fs";
import { dirname, isAbsolute, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import seedrandom from "seedrandom";
import { importFile } from "../engine/importFile.ts";
import { normal } from "../engine/rng/distributions.ts";
import type { GenRequest } from "./backend.ts";

/** A distribution of a positive integer quantity (tokens). A bare number is fixed. */
export type Dist =
  | number
  | { readonly kind: "fixed"; readonly value: number }
  | { readonly kind: "uniform"; readonly min: number; readonly max: number }
  | {
      readonly kind: "normal";
      readonly mean: number;
      readonly sd: number;
      readonly min?: number;
      readonly max?: number;
    }
  | {
      readonly kind: "lognormal";
      readonly median: number;
      readonly sigma: number;
      readonly min?: number;
      readonly max?: number;
    }
  | {
      readonly kind: "choice";
      readonly values: readonly number[];
      readonly weights?: readonly number[];
    };

/** One kind of request in the mix. */
interface RequestClass {
  readonly name?: string;
  /** Relative weight in the mix (default 1). */
  readonly weight?: number;
  /** Prompt length, tokens. */
  readonly promptTokens: Dist;
  /** Output length (max_tokens), tokens. */
  readonly outputTokens: Dist;
  readonly temperature?: number;
  readonly topP?: number;
}

/**
 * Arrival process. `closed`: each of N clients sends its next request when the previous one
 * ends (plus think time, ms); `poisson`: exponential inter-arrival times at the target rate;
 * `bursty`: gamma inter-arrival times with squared coefficient of variation `burstiness` (> 1
 * is burstier than Poisson).
 */
type Arrival =
  | { readonly kind: "closed"; readonly thinkTimeMs?: number }
  | { readonly kind: "poisson" }
  | { readonly kind: "bursty"; readonly burstiness: number };

/** A workload definition (the default export of a workload file). */
export interface Workload {
  readonly name: string;
  readonly description?: string;
  readonly mix: readonly RequestClass[];
  /** Arrival process for `--rate` levels (default poisson); `--concurrency` is always closed. */
  readonly arrival?: Arrival;
  /** JSONL trace to replay instead of the mix (path relative to the workload file). */
  readonly trace?: string;
  /** Replay speed-up of the trace (default 1). */
  readonly traceSpeed?: number;
}

/** One line of a trace file: `{"atMs": 0, "promptTokens": 512, "outputTokens": 128}`. */
export interface TraceEntry {
  /** Arrival time relative to the start of the trace, ms. */
  readonly atMs: number;
  readonly promptTokens: number;
  readonly outputTokens: number;
  readonly prompt?: string;
}

/** Identity helper giving type checking to workload files. */
export function defineWorkload(w: Workload): Workload {
  return w;
}

function checkDist(d: unknown, where: string): void {
  if (typeof d === "number") {
    if (!(d >= 1)) throw new Error(`${where}: must be ≥ 1`);
    return;
  }
  if (!d || typeof d !== "object") throw new Error(`${where}: not a distribution`);
  const o = d as Record<string, unknown>;
  const num = (k: string) => {
    if (typeof o[k] !== "number" || !Number.isFinite(o[k])) {
      throw new Error(`${where}: '${k}' must be a number`);
    }
  };
  switch (o.kind) {
    case "fixed":
      num("value");
      return;
    case "uniform":
      num("min");
      num("max");
      if ((o.max as number) < (o.min as number)) throw new Error(`${where}: max < min`);
      return;
    case "normal":
      num("mean");
      num("sd");
      return;
    case "lognormal":
      num("median");
      num("sigma");
      return;
    case "choice":
      if (!Array.isArray(o.values) || o.values.length === 0) {
        throw new Error(`${where}: 'values' must be a non-empty array`);
      }
      return;
    default:
      throw new Error(`${where}: unknown distribution kind '${String(o.kind)}'`);
  }
}

/** Checks a workload's shape; throws an Error with a one-line message when invalid. */
function validateWorkload(w: unknown): Workload {
  if (!w || typeof w !== "object") throw new Error("workload must be an object");
  const o = w as Record<string, unknown>;
  if (typeof o.name !== "string") throw new Error("workload.name must be a string");
  if (!Array.isArray(o.mix) || (o.mix.length === 0 && o.trace === undefined)) {
    throw new Error("workload.mix must be a non-empty array");
  }
  o.mix.forEach((c: unknown, i: number) => {
    if (!c || typeof c !== "object") throw new Error(`workload.mix[${i}] must be an object`);
    const rc = c as Record<string, unknown>;
    checkDist(rc.promptTokens, `workload.mix[${i}].promptTokens`);
    checkDist(rc.outputTokens, `workload.mix[${i}].outputTokens`);
  });
  const a = o.arrival as Record<string, unknown> | undefined;
  if (a !== undefined) {
    if (!["closed", "poisson", "bursty"].includes(String(a.kind))) {
      throw new Error(`workload.arrival.kind must be closed, poisson or bursty`);
    }
    if (a.kind === "bursty" && !(typeof a.burstiness === "number" && a.burstiness > 0)) {
      throw new Error("workload.arrival.burstiness must be a positive number");
    }
  }
  return w as Workload;
}

/** Standard normal sample: the engine's Box-Muller on this generator. */
function gauss(rng: () => number): number {
  return normal({ next: rng });
}

/** Gamma(shape, 1) sample (Marsaglia–Tsang). */
function gammaSample(shape: number, rng: () => number): number {
  if (shape < 1) return gammaSample(shape + 1, rng) * (1 - rng()) ** (1 / shape);
  const d = shape - 1 / 3;
  const c = 1 / Math.sqrt(9 * d);
  for (;;) {
    let x: number;
    let v: number;
    do {
      x = gauss(rng);
      v = 1 + c * x;
    } while (v <= 0);
    v = v * v * v;
    const u = rng();
    if (u < 1 - 0.0331 * x ** 4 || Math.log(u) < 0.5 * x * x + d * (1 - v + Math.log(v))) {
      return d * v;
    }
  }
}

const clamp = (x: number, lo = 1, hi = Number.POSITIVE_INFINITY) => Math.min(hi, Math.max(lo, x));

/** Draws one value of a token-length distribution (rounded, ≥ 1). */
export function sampleDist(d: Dist, rng: () => number): number {
  if (typeof d === "number") return Math.max(1, Math.round(d));
  switch (d.kind) {
    case "fixed":
      return Math.max(1, Math.round(d.value));
    case "uniform":
      return Math.round(clamp(d.min + (d.max - d.min) * rng()));
    case "normal":
      return Math.round(clamp(d.mean + d.sd * gauss(rng), d.min ?? 1, d.max));
    case "lognormal":
      return Math.round(clamp(d.median * Math.exp(d.sigma * gauss(rng)), d.min ?? 1, d.max));
    case "choice": {
      const w = d.weights ?? d.values.map(() => 1);
      const total = w.reduce((a, b) => a + b, 0);
      let r = rng() * total;
      for (let i = 0; i < d.values.length; i++) {
        r -= w[i] ?? 0;
        if (r <= 0) return Math.max(1, Math.round(d.values[i]!));
      }
      return Math.max(1, Math.round(d.values[d.values.length - 1]!));
    }
  }
}

/** Seeded generator of requests and inter-arrival gaps for one workload. */
export class RequestSampler {
  private readonly rng: seedrandom.PRNG;
  private readonly cumulative: number[];
  constructor(
    private readonly workload: Workload,
    seed: string,
  ) {
    this.rng = seedrandom(seed);
    let acc = 0;
    this.cumulative = workload.mix.map((c) => (acc += c.weight ?? 1));
  }

  /** Next request drawn from the mix. */
  next(): GenRequest {
    const total = this.cumulative[this.cumulative.length - 1] ?? 1;
    const r = this.rng() * total;
    let i = this.cumulative.findIndex((c) => r < c);
    if (i < 0) i = this.workload.mix.length - 1;
    const cls = this.workload.mix[i]!;
    return {
      promptTokens: sampleDist(cls.promptTokens, this.rng),
      outputTokens: sampleDist(cls.outputTokens, this.rng),
      ...(cls.temperature !== undefined ? { temperature: cls.temperature } : {}),
      ...(cls.topP !== undefined ? { topP: cls.topP } : {}),
    };
  }

  /** Next inter-arrival gap for a target rate (requests/s), ms. */
  gapMs(ratePerSec: number): number {
    const mean = 1000 / ratePerSec;
    const a = this.workload.arrival;
    if (a?.kind === "bursty") {
      const shape = 1 / a.burstiness;
      return (gammaSample(shape, this.rng) / shape) * mean;
    }
    return -Math.log(1 - this.rng()) * mean;
  }
}

/** Parses a JSONL trace; throws with the offending line number on bad input. */
export function parseTrace(text: string): TraceEntry[] {
  const out: TraceEntry[] = [];
  text.split("\n").forEach((line, i) => {
    const t = line.trim();
    if (t === "" || t.startsWith("#")) return;
    let o: Record<string, unknown>;
    try {
      o = JSON.parse(t);
    } catch {
      throw new Error(`trace line ${i + 1}: not JSON`);
    }
    const atMs = Number(o.atMs);
    const promptTokens = Number(o.promptTokens);
    const outputTokens = Number(o.outputTokens);
    if (![atMs, promptTokens, outputTokens].every(Number.isFinite) || atMs < 0) {
      throw new Error(`trace line ${i + 1}: needs numeric atMs ≥ 0, promptTokens, outputTokens`);
    }
    out.push({
      atMs,
      promptTokens: Math.max(1, Math.round(promptTokens)),
      outputTokens: Math.max(1, Math.round(outputTokens)),
      ...(typeof o.prompt === "string" ? { prompt: o.prompt } : {}),
    });
  });
  out.sort((a, b) => a.atMs - b.atMs);
  return out;
}

/** Reads a trace file (JSONL). */
export function loadTrace(path: string): TraceEntry[] {
  return parseTrace(readFileSync(path, "utf8"));
}

/**
 * Loads a workload from a `.ts`/`.js` module (default export) or a `.json` file, validates
 * it and resolves its trace path. A `.ts` file gets the tsx loader
 * registered when needed (see `importFile`).
 */
export async function loadWorkload(path: string): Promise<Workload> {
  const abs = isAbsolute(path) ? path : resolve(path);
  let w: unknown;
  if (abs.endsWith(".json")) {
    w = JSON.parse(readFileSync(abs, "utf8"));
  } else {
    const mod = (await importFile(abs)) as {
      default?: unknown;
      workload?: unknown;
    };
    w = mod.default ?? mod.workload;
  }
  const wl = validateWorkload(w);
  if (wl.trace !== undefined && !isAbsolute(wl.trace)) {
    return { ...wl, trace: resolve(dirname(abs), wl.trace) };
  }
  return wl;
}

/** The bundled chat workload's file (`calibration/workloads/chat.ts`; `.js` in the compiled package). */
export function defaultWorkloadPath(): string {
  const ext = import.meta.url.endsWith(".ts") ? ".ts" : ".js";
  // calibration/workload.ts, or one level below dist/ in the compiled package.
  return fileURLToPath(new URL(`../calibration/workloads/chat${ext}`, import.meta.url));
}
