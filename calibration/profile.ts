/**
 * The calibration profile: a versioned JSON document (schemaVersion 1) holding the measured
 * points, the fits and a per-hardware-class summary; its TypeBox schema, builder and loader.
 * `calibration/scenarioParams.ts` turns profiles into scenario parameters. See
 * docs/calibration.md for the field list.
 */
import { readFileSync } from "node:fs";
import { type Static, Type } from "@sinclair/typebox";
import { Value } from "@sinclair/typebox/value";
import { ERROR_KINDS } from "./backend.ts";
import type { LevelResult } from "./driver.ts";
import { fitLinear, fitSaturation, type LinearFit, type SaturationFit } from "./fit.ts";
import { LatencyHistogram } from "./histogram.ts";
import { energyPerTokenJ, powerW } from "./roofline.ts";

/** Current profile schema version. */
const SCHEMA_VERSION = 1;

/**
 * Highest share of failed requests (errors and timeouts over the requests that ended) a level
 * may have before the profile is marked degraded: above it, the level measured a server
 * refusing the workload more than it measured the server's speed.
 */
export const DEFAULT_MAX_ERROR_RATE = 0.05;

const Num = Type.Union([Type.Number(), Type.Null()]);

const Quantiles = Type.Object({
  count: Type.Number(),
  mean: Num,
  min: Num,
  p50: Num,
  p90: Num,
  p95: Num,
  p99: Num,
  max: Num,
});

const Histogram = Type.Object({
  encoding: Type.Literal("hdr-v2-compressed-base64"),
  unit: Type.Literal("us"),
  data: Type.String(),
  count: Type.Number(),
  sum: Type.Number(),
  min: Num,
  max: Num,
});

const Counts = Type.Record(Type.String(), Type.Number());

/** One measured load level. */
const PointSchema = Type.Object({
  mode: Type.Union([Type.Literal("closed"), Type.Literal("open"), Type.Literal("trace")]),
  load: Type.Number(),
  windowMs: Type.Number(),
  requests: Type.Object({
    started: Type.Number(),
    completed: Type.Number(),
    completedInWindow: Type.Number(),
    errors: Type.Number(),
    timeouts: Type.Number(),
    retries: Type.Number(),
    cancelledAtEnd: Type.Number(),
    dropped: Type.Number(),
    // Added within schemaVersion 1: optional, so profiles written before still load.
    resized: Type.Optional(Type.Number()),
  }),
  errorsByKind: Counts,
  retriesByKind: Counts,
  errorRate: Type.Number(),
  timeoutRate: Type.Number(),
  failureRate: Type.Optional(Type.Number()),
  tokenCounting: Type.Optional(
    Type.Object({
      source: Type.Union([
        Type.Literal("backend"),
        Type.Literal("usage"),
        Type.Literal("chunks"),
        Type.Literal("mixed"),
      ]),
      exact: Type.Number(),
      usage: Type.Number(),
      chunks: Type.Number(),
      estimated: Type.Number(),
    }),
  ),
  outputTokensPerSec: Type.Number(),
  requestsPerSec: Type.Number(),
  ttftMs: Quantiles,
  itlMs: Quantiles,
  e2eMs: Quantiles,
  utilisation: Num,
  powerW: Num,
  energyJPerToken: Num,
  interrupted: Type.Boolean(),
  histograms: Type.Object({ ttftMs: Histogram, itlMs: Histogram, e2eMs: Histogram }),
  prometheus: Type.Optional(Counts),
});

const SatFit = Type.Object({ xMax: Num, cHalf: Num, r2: Num });
const LinFit = Type.Object({ slope: Num, intercept: Num, r2: Num });

/** Per-hardware-class summary (what the engine consumes). */
const HardwareSummarySchema = Type.Object({
  gpu: Type.Union([Type.String(), Type.Null()]),
  model: Type.String(),
  saturated: Type.Boolean(),
  throughputTokensPerSec: Num,
  requestsPerSec: Num,
  ttftP50Ms: Num,
  ttftP95Ms: Num,
  itlP50Ms: Num,
  e2eP50Ms: Num,
  moderateLoad: Num,
  serviceTtftMs: Num,
  energyJPerToken: Num,
  powerW: Num,
  idleW: Num,
  powerSource: Type.Union([
    Type.Literal("measured"),
    Type.Literal("tdp-model"),
    Type.Literal("none"),
  ]),
  tdpW: Num,
  referenceLoad: Num,
});

/** The whole profile document. */
const CalibrationProfileSchema = Type.Object({
  schemaVersion: Type.Literal(SCHEMA_VERSION),
  createdAt: Type.String(),
  tool: Type.Object({ name: Type.String(), version: Type.String() }),
  target: Type.Object({
    kind: Type.Union([Type.Literal("http"), Type.Literal("emulated"), Type.Literal("llama-cpp")]),
    url: Type.Optional(Type.String()),
    modelPath: Type.Optional(Type.String()),
    gpu: Type.Optional(Type.String()),
    model: Type.Optional(Type.String()),
    timeScale: Type.Number(),
    contextTokens: Type.Optional(Type.Number()),
  }),
  hardwareClass: Type.String(),
  model: Type.String(),
  workload: Type.Object({
    name: Type.String(),
    path: Type.String(),
    description: Type.Optional(Type.String()),
  }),
  settings: Type.Object({
    mode: Type.Union([Type.Literal("closed"), Type.Literal("open"), Type.Literal("trace")]),
    levels: Type.Array(Type.Number()),
    durationMs: Type.Number(),
    warmupMs: Type.Number(),
    workers: Type.Number(),
    seed: Type.String(),
  }),
  points: Type.Array(PointSchema),
  fits: Type.Object({
    throughputTokensPerSec: SatFit,
    requestsPerSec: SatFit,
    ttftP50Ms: LinFit,
    ttftP95Ms: LinFit,
    itlP50Ms: LinFit,
    e2eP50Ms: LinFit,
  }),
  hardware: Type.Record(Type.String(), HardwareSummarySchema),
  partial: Type.Boolean(),
  errorBudget: Type.Optional(
    Type.Object({
      maxErrorRate: Type.Number(),
      worstFailureRate: Type.Number(),
      levelsOver: Type.Array(Type.Number()),
    }),
  ),
  degraded: Type.Optional(Type.Boolean()),
  notes: Type.Array(Type.String()),
});

/** A calibration profile (schemaVersion 1). */
export type CalibrationProfile = Static<typeof CalibrationProfileSchema>;
/** One measured point of a profile. */
type CalibrationPoint = Static<typeof PointSchema>;
/** Per-hardware-class summary of a profile. */
export type HardwareSummary = Static<typeof HardwareSummarySchema>;

const fin = (x: number | undefined | null): number | null =>
  x === undefined || x === null || !Number.isFinite(x) ? null : x;

function quantiles(h: LatencyHistogram): Static<typeof Quantiles> {
  const s = h.summary();
  return {
    count: s.count,
    mean: fin(s.mean),
    min: fin(s.min),
    p50: fin(s.p50),
    p90: fin(s.p90),
    p95: fin(s.p95),
    p99: fin(s.p99),
    max: fin(s.max),
  };
}

function histJson(h: LatencyHistogram): Static<typeof Histogram> {
  return h.toJSON();
}

/** Power settings for energy per token. */
export interface PowerInput {
  /** Board power limit, W (from the GPU table or --tdp). */
  readonly tdpW?: number;
  /** Measured average power under load, W (overrides the TDP model). */
  readonly measuredW?: number;
  /** Idle power as a fraction of TDP in the linear model (default 0.3). */
  readonly idleFraction?: number;
}

/** Inputs of {@link buildProfile}. */
export interface ProfileInput {
  readonly results: readonly LevelResult[];
  readonly target: CalibrationProfile["target"];
  readonly hardwareClass: string;
  readonly model: string;
  readonly gpu?: string;
  readonly workload: CalibrationProfile["workload"];
  readonly settings: CalibrationProfile["settings"];
  readonly power: PowerInput;
  readonly toolVersion: string;
  readonly partial: boolean;
  /** Share of failed requests above which a level makes the profile degraded (default 5 %). */
  readonly maxErrorRate?: number;
  readonly notes?: readonly string[];
  /** Time source for createdAt (tests pass a fixed date). */
  readonly now?: Date;
}

function satJson(f: SaturationFit) {
  return { xMax: fin(f.xMax), cHalf: fin(f.cHalf), r2: fin(f.r2) };
}
function linJson(f: LinearFit) {
  return { slope: fin(f.slope), intercept: fin(f.intercept), r2: fin(f.r2) };
}

/**
 * Builds a profile from measured levels: per-point rates, quantiles and energy; the
 * saturation fit of tokens/s and requests/s against load; linear fits of latency quantiles
 * against load; and the hardware summary at the reference operating point (the lowest load
 * reaching 80 % of the fitted saturation throughput, else the highest-throughput load).
 */
export function buildProfile(inp: ProfileInput): CalibrationProfile {
  const pts = [...inp.results].sort((a, b) => a.level.value - b.level.value);
  const points: CalibrationPoint[] = pts.map((r) => {
    const windowS = r.windowMs / 1000;
    const errors = ERROR_KINDS.reduce(
      (s, k) => s + (k.startsWith("timeout_") ? 0 : (r.errors[k] ?? 0)),
      0,
    );
    const timeouts = ERROR_KINDS.reduce(
      (s, k) => s + (k.startsWith("timeout_") ? (r.errors[k] ?? 0) : 0),
      0,
    );
    const retries = Object.values(r.retries).reduce((s, n) => s + (n ?? 0), 0);
    const ended = r.completed + errors + timeouts;
    const counted = r.tokenCounts;
    const tokensPerSec = windowS > 0 ? r.outputTokensInWindow / windowS : 0;
    const ttft = LatencyHistogram.from(r.ttft);
    const itl = LatencyHistogram.from(r.itl);
    const e2e = LatencyHistogram.from(r.e2e);
    const utilisation =
      r.gpuBusyMs !== undefined && r.windowMs > 0
        ? Math.min(1, r.gpuBusyMs / (r.windowMs + (inp.settings.warmupMs ?? 0)))
        : null;
    return {
      mode: r.level.mode,
      load: r.level.value,
      windowMs: r.windowMs,
      requests: {
        started: r.started,
        completed: r.completed,
        completedInWindow: r.completedInWindow,
        errors,
        timeouts,
        retries,
        cancelledAtEnd: r.cancelledAtEnd,
        dropped: r.dropped,
        ...(r.resized !== undefined ? { resized: r.resized } : {}),
      },
      errorsByKind: { ...r.errors } as Record<string, number>,
      retriesByKind: { ...r.retries } as Record<string, number>,
      errorRate: ended > 0 ? errors / ended : 0,
      timeoutRate: ended > 0 ? timeouts / ended : 0,
      failureRate: ended > 0 ? (errors + timeouts) / ended : 0,
      ...(counted ? { tokenCounting: { source: tokenSource(counted), ...counted } } : {}),
      outputTokensPerSec: tokensPerSec,
      requestsPerSec: windowS > 0 ? r.completedInWindow / windowS : 0,
      ttftMs: quantiles(ttft),
      itlMs: quantiles(itl),
      e2eMs: quantiles(e2e),
      utilisation,
      powerW: null,
      energyJPerToken: null,
      interrupted: r.interrupted,
      histograms: { ttftMs: histJson(ttft), itlMs: histJson(itl), e2eMs: histJson(e2e) },
      ...(r.prometheus ? { prometheus: r.prometheus } : {}),
    };
  });

  const loads = points.map((p) => p.load);
  const tokFit = fitSaturation(
    loads,
    points.map((p) => p.outputTokensPerSec),
  );
  const reqFit = fitSaturation(
    loads,
    points.map((p) => p.requestsPerSec),
  );
  const lin = (f: (p: CalibrationPoint) => number | null) =>
    fitLinear(
      loads,
      points.map((p) => f(p) ?? Number.NaN),
    );

  // Energy per token at each point.
  const idle = inp.power.idleFraction ?? 0.3;
  const powerSource: HardwareSummary["powerSource"] =
    inp.power.measuredW !== undefined
      ? "measured"
      : inp.power.tdpW !== undefined
        ? "tdp-model"
        : "none";
  for (const p of points) {
    let u = p.utilisation;
    if (u === null && tokFit.xMax > 0) u = Math.min(1, p.outputTokensPerSec / tokFit.xMax);
    p.utilisation = fin(u);
    const w =
      inp.power.measuredW ??
      (inp.power.tdpW !== undefined && u !== null ? powerW(inp.power.tdpW, u, idle) : undefined);
    p.powerW = fin(w);
    p.energyJPerToken = w !== undefined ? fin(energyPerTokenJ(w, p.outputTokensPerSec)) : null;
  }

  // Reference operating point and saturation summary.
  const maxMeasured = points.reduce((m, p) => Math.max(m, p.outputTokensPerSec), 0);
  const saturated = tokFit.r2 >= 0.9 && tokFit.xMax > 0 && maxMeasured >= 0.8 * tokFit.xMax;
  const best = points.reduce<CalibrationPoint | undefined>(
    (b, p) => (b === undefined || p.outputTokensPerSec > b.outputTokensPerSec ? p : b),
    undefined,
  );
  const ref = saturated
    ? (points.find((p) => p.outputTokensPerSec >= 0.8 * tokFit.xMax) ?? best)
    : best;
  const throughput = saturated ? tokFit.xMax : maxMeasured;
  const reqs = saturated && reqFit.r2 >= 0.9 ? reqFit.xMax : (best?.requestsPerSec ?? 0);
  // Moderate load: where throughput is half the fitted saturation (the fit's cHalf), clamped
  // to the measured range; the median TTFT there is interpolated between measured points.
  const moderate =
    points.length === 0
      ? null
      : Math.min(
          points[points.length - 1]!.load,
          Math.max(points[0]!.load, tokFit.r2 >= 0.5 && tokFit.cHalf > 0 ? tokFit.cHalf : 0),
        );
  const serviceTtft =
    moderate === null
      ? null
      : interpolate(
          points.filter((p) => p.ttftMs.p50 !== null).map((p) => [p.load, p.ttftMs.p50!] as const),
          moderate,
        );
  const satPower =
    inp.power.measuredW ??
    (inp.power.tdpW !== undefined ? powerW(inp.power.tdpW, 1, idle) : undefined);
  const summary: HardwareSummary = {
    gpu: inp.gpu ?? null,
    model: inp.model,
    saturated,
    throughputTokensPerSec: fin(throughput),
    requestsPerSec: fin(reqs),
    ttftP50Ms: ref?.ttftMs.p50 ?? null,
    ttftP95Ms: ref?.ttftMs.p95 ?? null,
    itlP50Ms: ref?.itlMs.p50 ?? null,
    e2eP50Ms: ref?.e2eMs.p50 ?? null,
    moderateLoad: fin(moderate),
    serviceTtftMs: fin(serviceTtft),
    // At saturation: full power over the saturation throughput; otherwise the energy of the
    // highest-throughput point (its power at its utilisation), not full power over a
    // throughput that has not reached capacity.
    energyJPerToken: saturated
      ? satPower !== undefined && throughput > 0
        ? fin(energyPerTokenJ(satPower, throughput))
        : null
      : (best?.energyJPerToken ?? null),
    powerW: fin(satPower),
    idleW: inp.power.tdpW !== undefined ? fin(inp.power.tdpW * idle) : null,
    powerSource,
    tdpW: fin(inp.power.tdpW),
    referenceLoad: ref?.load ?? null,
  };

  const maxErrorRate = inp.maxErrorRate ?? DEFAULT_MAX_ERROR_RATE;
  const levelsOver = points.filter((p) => (p.failureRate ?? 0) > maxErrorRate).map((p) => p.load);
  const worstFailureRate = points.reduce((m, p) => Math.max(m, p.failureRate ?? 0), 0);
  const notes = [...(inp.notes ?? [])];
  if (levelsOver.length > 0) {
    notes.push(
      `degraded: ${(worstFailureRate * 100).toFixed(1)}% of requests failed at worst, above the ${(maxErrorRate * 100).toFixed(1)}% allowed, at load ${levelsOver.join(", ")}: these points measure refusals more than speed`,
    );
  }

  return {
    schemaVersion: SCHEMA_VERSION,
    createdAt: (inp.now ?? new Date()).toISOString(),
    tool: { name: "tokensim", version: inp.toolVersion },
    target: inp.target,
    hardwareClass: inp.hardwareClass,
    model: inp.model,
    workload: inp.workload,
    settings: inp.settings,
    points,
    fits: {
      throughputTokensPerSec: satJson(tokFit),
      requestsPerSec: satJson(reqFit),
      ttftP50Ms: linJson(lin((p) => p.ttftMs.p50)),
      ttftP95Ms: linJson(lin((p) => p.ttftMs.p95)),
      itlP50Ms: linJson(lin((p) => p.itlMs.p50)),
      e2eP50Ms: linJson(lin((p) => p.e2eMs.p50)),
    },
    hardware: { [inp.hardwareClass]: summary },
    partial: inp.partial,
    errorBudget: { maxErrorRate, worstFailureRate, levelsOver },
    degraded: levelsOver.length > 0,
    notes,
  };
}

/** Which way a level's output tokens were counted, from its requests' counts. */
function tokenSource(
  c: NonNullable<LevelResult["tokenCounts"]>,
): "backend" | "usage" | "chunks" | "mixed" {
  const used = (["exact", "usage", "chunks"] as const).filter((k) => c[k] > 0);
  if (used.length === 1) return used[0] === "exact" ? "backend" : used[0]!;
  if (used.length === 0) return c.estimated > 0 ? "chunks" : "backend";
  return "mixed";
}

/** Piecewise-linear interpolation through (x, y) points sorted by x; null when none. */
function interpolate(pts: ReadonlyArray<readonly [number, number]>, x: number): number | null {
  if (pts.length === 0) return null;
  let prev = pts[0]!;
  if (x <= prev[0]) return prev[1];
  for (const p of pts.slice(1)) {
    if (x <= p[0]) return prev[1] + ((p[1] - prev[1]) * (x - prev[0])) / (p[0] - prev[0]);
    prev = p;
  }
  return prev[1];
}

/** Checks an object against the schema; throws an Error listing the first problems. */
export function validateCalibrationProfile(data: unknown, source = "profile"): CalibrationProfile {
  if (
    data &&
    typeof data === "object" &&
    (data as { schemaVersion?: unknown }).schemaVersion !== SCHEMA_VERSION
  ) {
    throw new Error(
      `${source}: unsupported schemaVersion ${String((data as { schemaVersion?: unknown }).schemaVersion)} (expected ${SCHEMA_VERSION})`,
    );
  }
  if (!Value.Check(CalibrationProfileSchema, data)) {
    const errs = [...Value.Errors(CalibrationProfileSchema, data)]
      .slice(0, 3)
      .map((e) => `${e.path || "/"}: ${e.message}`);
    throw new Error(`${source}: invalid calibration profile: ${errs.join("; ")}`);
  }
  return data;
}

/** Reads and validates a calibration profile JSON file. */
export function loadCalibrationProfile(path: string): CalibrationProfile {
  let data: unknown;
  try {
    data = JSON.parse(readFileSync(path, "utf8"));
  } catch (err) {
    throw new Error(`${path}: cannot read calibration profile: ${(err as Error).message}`);
  }
  return validateCalibrationProfile(data, path);
}
