import { accessSync, constants, existsSync, mkdirSync, statSync } from "node:fs";
import { basename, dirname } from "node:path";
import { parseArgs } from "node:util";
import { DEFAULT_RETRIES, DEFAULT_TIMEOUTS } from "../../calibration/backend.ts";
import { discoverServer } from "../../calibration/discover.ts";
import type { LevelResult } from "../../calibration/driver.ts";
import { findGpu } from "../../calibration/gpus.ts";
import { runCalibration, writeProfile } from "../../calibration/harness.ts";
import { LatencyHistogram } from "../../calibration/histogram.ts";
import { DEFAULT_MAX_ERROR_RATE } from "../../calibration/profile.ts";
import { parseTarget } from "../../calibration/targets.ts";
import { defaultWorkloadPath } from "../../calibration/workload.ts";
import { type CliCommand, UsageError } from "../command.ts";
import { interruptible } from "../stopSignal.ts";

const help = `Usage: tokensim calibrate --backend <target> [options]

Measures an inference backend's throughput and latency under load and writes a calibration
profile (JSON, schemaVersion 1) for \`tokensim run --calibration\`.

Targets (--backend):
  http(s)://host:port         OpenAI-compatible server (/v1/chat/completions or /v1/completions,
                              streaming SSE); its Prometheus /metrics are recorded when offered
  emulated:<gpu>:<model>      in-process roofline emulator; gpu: h100sxm h100pcie h200 a100 l40s
                              rtx4090 rtx3090; model: llama3-8b llama3-70b llama3-70b-fp8 llama3.2-1b
  llama-cpp:<model.gguf>      llama.cpp in this process (needs the optional package node-llama-cpp:
                              npm install --no-save node-llama-cpp@3.22.1); one sequence per client

Options:
  --backend <target>          what to measure (required)
  --workload <file>           workload module (.ts default export) or .json (default: the bundled chat workload)
  --concurrency <list>        closed-loop levels, clients, e.g. 1,4,16,64 (default 1,4,16,64)
  --rate <list>               open-loop levels instead, requests/s, e.g. 1,5,20 (workload's arrival:
                              poisson or bursty)
  --trace-speed <list>        replay the workload's trace instead, at these speed-ups, e.g. 1,2
  --duration <time>           length of each level: 60s, 500ms, 2m (default 60s; model time)
  --warmup <time>             start of each level left out of the measurements (default 10% of duration)
  --out <file>                profile to write (default calib/<hardware-class>-<model>.json)
  --workers <n>               worker threads (default: CPU count; 0 = run in the main thread)
  --time-scale <x>            emulated: wall ms per emulated ms, 0 = virtual clock, as fast as
                              possible (default 0); http: the server's time scale, e.g. for a
                              \`tokensim emulate --time-scale\` server (default 1)
  --api <chat|completions>    endpoint for http targets (default chat)
  --model <name>              model name sent to an http server (default "default")
  --api-key-env <VAR>         environment variable holding the API key (default TOKENSIM_API_KEY)
  --hardware-class <name>     key of the hardware class in the profile (default: the GPU id)
  --gpu <id>                  GPU class of an http server, for its TDP in energy estimates
  --tdp <W>                   board power for the utilisation power model, W (default: the GPU's TDP)
  --power <W>                 measured average power under load, W (overrides the TDP model)
  --idle-power <fraction>     idle power as a fraction of TDP (default 0.3)
  --ttft-timeout <time>       per-request limit to the first token (default 30s, wall time)
  --idle-timeout <time>       per-request limit between tokens (default 10s, wall time)
  --request-timeout <time>    per-request total limit (default 120s, wall time)
  --retries <n>               retries of a failed request before its first token (default 2)
  --max-error-rate <x>        share of failed requests (errors and timeouts) a level may have,
                              0 to 1 (default ${DEFAULT_MAX_ERROR_RATE}); above it the profile is marked
                              "degraded" and the exit code is 3
  --threads <n>               llama-cpp: CPU threads for llama.cpp (default: CPU count - 1)
  --seed <s>                  seed of the workload sampling (default tokensim)
  --quiet                     no per-level progress lines
  -h, --help                  this text

Ctrl-C stops the run and writes the levels measured so far (marked "partial": true).

Prompts are shortened to fit an http server's context window when it says what it is
(vLLM's max_model_len at /v1/models, llama.cpp's n_ctx at /props) or refuses a request as
too long ("maximum context length is N tokens"); the profile counts the shortened requests.

Exit codes: 0 profile written; 1 nothing came back at any level (the profile is
written with the error counts: check the URL, the model and the API key); 2 bad input
(checked before measuring, the --out location included); 3 a level's failed requests
exceeded --max-error-rate (the profile is written, marked "degraded": true); 130
interrupted (partial profile).`;

const options = {
  backend: { type: "string" },
  workload: { type: "string" },
  concurrency: { type: "string" },
  rate: { type: "string" },
  "trace-speed": { type: "string" },
  duration: { type: "string" },
  warmup: { type: "string" },
  out: { type: "string" },
  workers: { type: "string" },
  "time-scale": { type: "string" },
  api: { type: "string" },
  model: { type: "string" },
  "api-key-env": { type: "string" },
  "hardware-class": { type: "string" },
  gpu: { type: "string" },
  tdp: { type: "string" },
  power: { type: "string" },
  "idle-power": { type: "string" },
  "ttft-timeout": { type: "string" },
  "idle-timeout": { type: "string" },
  "request-timeout": { type: "string" },
  retries: { type: "string" },
  "max-error-rate": { type: "string" },
  seed: { type: "string" },
  threads: { type: "string" },
  quiet: { type: "boolean" },
} as const;

/** Parses "60s", "500ms", "2m", "1h" or a bare number of seconds into ms. */
export function parseDuration(text: string, what: string): number {
  const m = /^(\d+(?:\.\d+)?)(ms|s|m|h)?$/.exec(text.trim());
  if (!m) throw new UsageError(`${what}: expected a duration like 60s, 500ms or 2m, got '${text}'`);
  const n = Number(m[1]);
  const unit = m[2] ?? "s";
  return n * (unit === "ms" ? 1 : unit === "s" ? 1000 : unit === "m" ? 60_000 : 3_600_000);
}

function parseList(text: string, what: string): number[] {
  const xs = text.split(",").map((s) => Number(s.trim()));
  if (xs.length === 0 || xs.some((x) => !Number.isFinite(x) || x <= 0)) {
    throw new UsageError(
      `${what}: expected a comma-separated list of positive numbers, got '${text}'`,
    );
  }
  return xs;
}

function parseNumber(text: string | undefined, what: string, min = 0): number | undefined {
  if (text === undefined) return undefined;
  const n = Number(text);
  if (!Number.isFinite(n) || n < min)
    throw new UsageError(`${what}: expected a number ≥ ${min}, got '${text}'`);
  return n;
}

function fmt(x: number | null | undefined, digits = 1): string {
  return x === null || x === undefined || !Number.isFinite(x) ? "-" : x.toFixed(digits);
}

/** Fails before measuring, not after, when the profile could not be written. */
function checkWritable(out: string): void {
  try {
    if (existsSync(out) && statSync(out).isDirectory()) throw new Error("is a directory");
    const dir = dirname(out);
    mkdirSync(dir, { recursive: true });
    accessSync(dir, constants.W_OK);
  } catch (err) {
    throw new UsageError(
      `--out ${out}: cannot write the profile there (${(err as Error).message})`,
    );
  }
}

function progressLine(r: LevelResult, unit: string): string {
  const windowS = r.windowMs / 1000;
  const ttft = LatencyHistogram.from(r.ttft);
  const itl = LatencyHistogram.from(r.itl);
  const errs = Object.entries(r.errors)
    .map(([k, n]) => `${k}=${n}`)
    .join(" ");
  const failed = Object.values(r.errors).reduce((a, n) => a + (n ?? 0), 0);
  const share = failed > 0 ? ` (${fmt((100 * failed) / (failed + r.completed))}% failed)` : "";
  return (
    `  ${unit}=${r.level.value}: ${fmt(windowS > 0 ? r.outputTokensInWindow / windowS : 0)} tokens/s, ` +
    `${fmt(windowS > 0 ? r.completedInWindow / windowS : 0, 2)} req/s, TTFT p50 ${fmt(ttft.quantile(0.5))} ms, ` +
    `ITL p50 ${fmt(itl.quantile(0.5), 2)} ms, ${r.completed} done${errs ? `, errors: ${errs}${share}` : ""}` +
    `${r.interrupted ? " (interrupted)" : ""}`
  );
}

export const calibrateCommand: CliCommand = {
  help,
  async run(argv) {
    let values: ReturnType<typeof parseArgs<{ options: typeof options }>>["values"];
    try {
      ({ values } = parseArgs({ args: [...argv], options, strict: true, allowPositionals: false }));
    } catch (err) {
      throw new UsageError((err as Error).message);
    }
    if (!values.backend)
      throw new UsageError(
        "--backend is required (a URL, emulated:<gpu>:<model> or llama-cpp:<model.gguf>)",
      );
    let target: ReturnType<typeof parseTarget>;
    try {
      target = parseTarget(values.backend);
    } catch (err) {
      throw new UsageError((err as Error).message);
    }
    const modes = [values.concurrency, values.rate, values["trace-speed"]].filter(
      (x) => x !== undefined,
    );
    if (modes.length > 1)
      throw new UsageError("give only one of --concurrency, --rate, --trace-speed");
    const mode =
      values.rate !== undefined ? "open" : values["trace-speed"] !== undefined ? "trace" : "closed";
    const levels =
      mode === "open"
        ? parseList(values.rate!, "--rate")
        : mode === "trace"
          ? parseList(values["trace-speed"]!, "--trace-speed")
          : parseList(values.concurrency ?? "1,4,16,64", "--concurrency");
    if (mode === "closed" && levels.some((c) => !Number.isInteger(c))) {
      throw new UsageError("--concurrency: levels must be whole numbers of clients");
    }
    const durationMs = parseDuration(values.duration ?? "60s", "--duration");
    if (durationMs <= 0) throw new UsageError("--duration must be positive");
    const warmupMs =
      values.warmup !== undefined ? parseDuration(values.warmup, "--warmup") : durationMs * 0.1;
    if (warmupMs >= durationMs) throw new UsageError("--warmup must be shorter than --duration");
    const workers = parseNumber(values.workers, "--workers", 0);
    if (workers !== undefined && !Number.isInteger(workers))
      throw new UsageError("--workers must be a whole number");
    let timeScale = parseNumber(values["time-scale"], "--time-scale", 0);
    if (target.kind === "http" && timeScale === 0)
      throw new UsageError("--time-scale must be > 0 for http targets");
    const api = values.api ?? "chat";
    if (api !== "chat" && api !== "completions")
      throw new UsageError("--api must be chat or completions");
    if (values.gpu !== undefined && !findGpu(values.gpu))
      throw new UsageError(`--gpu: unknown GPU '${values.gpu}'`);
    const keyVar = values["api-key-env"] ?? "TOKENSIM_API_KEY";
    const apiKey = process.env[keyVar];
    const tdpW = parseNumber(values.tdp, "--tdp", 1);
    const measuredW = parseNumber(values.power, "--power", 0);
    const idleFraction = parseNumber(values["idle-power"], "--idle-power", 0);
    if (idleFraction !== undefined && idleFraction > 1)
      throw new UsageError("--idle-power must be ≤ 1");
    const retries = parseNumber(values.retries, "--retries", 0);
    const maxErrorRate =
      parseNumber(values["max-error-rate"], "--max-error-rate", 0) ?? DEFAULT_MAX_ERROR_RATE;
    if (maxErrorRate > 1) throw new UsageError("--max-error-rate must be ≤ 1 (a share, e.g. 0.05)");
    const timeouts = {
      ttftMs: values["ttft-timeout"]
        ? parseDuration(values["ttft-timeout"], "--ttft-timeout")
        : DEFAULT_TIMEOUTS.ttftMs,
      idleMs: values["idle-timeout"]
        ? parseDuration(values["idle-timeout"], "--idle-timeout")
        : DEFAULT_TIMEOUTS.idleMs,
      totalMs: values["request-timeout"]
        ? parseDuration(values["request-timeout"], "--request-timeout")
        : DEFAULT_TIMEOUTS.totalMs,
    };
    const quiet = values.quiet === true;
    // An http server's /v1/models names its model (vLLM insists on it); a `tokensim emulate`
    // server also names its GPU and time scale. The user's options win.
    let gpu = values.gpu;
    let modelName =
      values.model ??
      (target.kind === "emulated"
        ? target.model
        : target.kind === "llama-cpp"
          ? basename(target.modelPath, ".gguf")
          : undefined);
    const threads = parseNumber(values.threads, "--threads", 1);
    if (threads !== undefined && !Number.isInteger(threads))
      throw new UsageError("--threads must be a whole number");
    let contextTokens: number | undefined;
    if (target.kind === "http") {
      const info = await discoverServer(target.url, apiKey);
      contextTokens = info?.contextTokens;
      const emu = info?.emulator;
      modelName ??= emu?.model ?? info?.models[0];
      gpu ??= emu?.gpu;
      if (emu && timeScale === undefined) timeScale = emu.timeScale;
      if (!quiet) {
        console.error(
          info === undefined
            ? `tokensim calibrate: ${target.url}/v1/models gave no model list (down, or refused: check the API key); model name '${modelName ?? "default"}'`
            : emu
              ? `tokensim calibrate: ${target.url} is a tokensim emulator (${emu.gpu}, ${emu.model}, time scale ${emu.timeScale})`
              : `tokensim calibrate: ${target.url} serves ${info.models.join(", ") || "no models"}; using model '${modelName ?? "default"}'` +
                (contextTokens
                  ? `; context ${contextTokens} tokens (longer prompts are shortened)`
                  : ""),
        );
      }
    }
    modelName ??= "default";
    const hardwareClass =
      values["hardware-class"] ??
      (target.kind === "emulated" ? target.gpu : gpu ? findGpu(gpu)!.id : "default");
    const out = values.out ?? `calib/${hardwareClass}-${modelName}.json`;
    checkWritable(out);
    const workloadPath = values.workload ?? defaultWorkloadPath();
    if (!existsSync(workloadPath)) throw new UsageError(`workload file not found: ${workloadPath}`);
    const unit = mode === "closed" ? "concurrency" : mode === "open" ? "rate" : "speed";

    const interrupt = interruptible(
      "tokensim calibrate: stopping; writing what was measured so far (Ctrl-C again to quit)",
    );
    if (!quiet) {
      console.error(
        `tokensim calibrate: ${values.backend}, ${levels.length} levels (${unit} ${levels.join(",")}), ${durationMs / 1000}s each`,
      );
    }
    try {
      const run = await runCalibration({
        target: values.backend,
        workloadPath,
        mode,
        levels,
        durationMs,
        warmupMs,
        ...(workers !== undefined ? { workers } : {}),
        ...(timeScale !== undefined ? { timeScale } : {}),
        api,
        modelName,
        ...(apiKey ? { apiKey } : {}),
        timeouts,
        retries: {
          ...DEFAULT_RETRIES,
          ...(retries !== undefined ? { max: Math.floor(retries) } : {}),
        },
        ...(values.seed ? { seed: values.seed } : {}),
        ...(threads !== undefined ? { threads } : {}),
        hardwareClass,
        maxErrorRate,
        ...(contextTokens !== undefined ? { contextTokens } : {}),
        ...(gpu ? { gpu } : {}),
        power: {
          ...(tdpW !== undefined ? { tdpW } : {}),
          ...(measuredW !== undefined ? { measuredW } : {}),
          ...(idleFraction !== undefined ? { idleFraction } : {}),
        },
        signal: interrupt.signal,
        ...(quiet ? {} : { onLevel: (r: LevelResult) => console.error(progressLine(r, unit)) }),
      }).catch((err: unknown) => {
        const msg = (err as Error).message ?? String(err);
        if (/workload|Cannot find module|ENOENT|trace line|node-llama-cpp/.test(msg))
          throw new UsageError(msg);
        throw err;
      });
      writeProfile(out, run.profile);
      const h = run.profile.hardware[hardwareClass];
      const served = run.results.reduce((n, r) => n + r.completed + r.outputTokensInWindow, 0);
      if (served === 0 && !run.profile.partial) {
        const errors: Record<string, number> = {};
        for (const r of run.results)
          for (const [k, n] of Object.entries(r.errors)) errors[k] = (errors[k] ?? 0) + (n ?? 0);
        const shown = Object.entries(errors)
          .map(([k, n]) => `${k}=${n}`)
          .join(" ");
        console.error(
          `tokensim calibrate: no request completed and no token came back (${shown || "no errors recorded"}); ${out} holds the error counts but no measurements, and 'run --calibration' would learn nothing from it` +
            (errors.http_4xx ? `. A 4xx often means a missing API key: set it in $${keyVar}` : ""),
        );
        return 1;
      }
      console.log(
        `wrote ${out}${run.profile.partial ? " (partial)" : ""}: ${hardwareClass} ${fmt(h?.throughputTokensPerSec)} tokens/s` +
          `${h?.saturated ? " at saturation" : " (max measured; not saturated)"}, ${fmt(h?.requestsPerSec, 2)} req/s, ` +
          `TTFT p50 ${fmt(h?.ttftP50Ms)} ms / p95 ${fmt(h?.ttftP95Ms)} ms, ${fmt(h?.energyJPerToken, 3)} J/token ` +
          `(${(run.wallMs / 1000).toFixed(1)} s)`,
      );
      if (run.profile.partial) return 130;
      if (run.profile.degraded) {
        const worst = run.profile.points.reduce((w, p) =>
          (p.failureRate ?? 0) > (w.failureRate ?? 0) ? p : w,
        );
        const kinds = Object.entries(worst.errorsByKind)
          .map(([k, n]) => `${k}=${n}`)
          .join(" ");
        console.error(
          `tokensim calibrate: ${fmt((worst.failureRate ?? 0) * 100)}% of requests failed at ${unit}=${worst.load} (${kinds}), above --max-error-rate ${maxErrorRate}; ${out} is marked "degraded": true`,
        );
        return 3;
      }
      return 0;
    } finally {
      interrupt.release();
    }
  },
};
