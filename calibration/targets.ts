/**
 * Calibration targets (`--backend`): an OpenAI-compatible server URL, or
 * `emulated:<gpu>:<model>` (the in-process roofline emulator), or `llama-cpp:<model.gguf>`
 * (llama.cpp in-process through the optional node-llama-cpp package).
 */

import { existsSync } from "node:fs";
import {
  type Backend,
  DEFAULT_TIMEOUTS,
  type GenRequest,
  type RetryPolicy,
  type StreamSink,
  type Timeouts,
} from "./backend.ts";
import { type Clock, RealClock, VirtualClock } from "./clock.ts";
import { fitToContext } from "./contextFit.ts";
import { EmulatedGpu } from "./emulator.ts";
import { findGpu, GPUS, type GpuSpec } from "./gpus.ts";
import { LlamaCppBackend } from "./llamaCpp.ts";
import { findModel, MODELS, type ModelShape } from "./models.ts";
import { HttpBackend } from "./openaiClient.ts";
import type { RooflineEfficiency } from "./roofline.ts";

/** A parsed `--backend` value. */
export type TargetSpec =
  | { readonly kind: "http"; readonly url: string }
  | { readonly kind: "emulated"; readonly gpu: string; readonly model: string }
  | { readonly kind: "llama-cpp"; readonly modelPath: string };

/** Parses a target; throws an Error with a one-line message when invalid. */
export function parseTarget(target: string): TargetSpec {
  if (/^https?:\/\//i.test(target)) {
    let u: URL;
    try {
      u = new URL(target);
    } catch {
      throw new Error(`invalid URL '${target}'`);
    }
    return { kind: "http", url: u.href.replace(/\/+$/, "") };
  }
  if (target.startsWith("emulated:")) {
    const [, gpu = "", model = "", ...rest] = target.split(":");
    if (rest.length > 0 || !gpu || !model) {
      throw new Error(`emulated target must be 'emulated:<gpu>:<model>', got '${target}'`);
    }
    const g = findGpu(gpu);
    if (!g) throw new Error(`unknown GPU '${gpu}' (known: ${Object.keys(GPUS).join(", ")})`);
    const m = findModel(model);
    if (!m) throw new Error(`unknown model '${model}' (known: ${Object.keys(MODELS).join(", ")})`);
    return { kind: "emulated", gpu: g.id, model: m.id };
  }
  if (target.startsWith("llama-cpp:")) {
    const modelPath = target.slice("llama-cpp:".length);
    if (!modelPath) throw new Error("llama-cpp target must be 'llama-cpp:<model.gguf>'");
    if (!existsSync(modelPath)) throw new Error(`llama-cpp: model file not found: ${modelPath}`);
    return { kind: "llama-cpp", modelPath };
  }
  throw new Error(
    `unrecognised backend '${target}': use http(s)://host:port, emulated:<gpu>:<model> or llama-cpp:<model.gguf>`,
  );
}

/** Everything needed to build a backend inside a worker (structured-clone safe). */
export interface BackendConfig {
  readonly target: TargetSpec;
  /** Emulated: wall ms per model ms, 0 = virtual clock (as fast as possible). HTTP: the
   * server's time scale (measured times are divided by it). */
  readonly timeScale: number;
  readonly api?: "chat" | "completions";
  /** Model name for HTTP requests (defaults to the emulated model id or "default"). */
  readonly modelName?: string;
  readonly apiKey?: string;
  readonly timeouts?: Timeouts;
  readonly retries?: RetryPolicy;
  readonly extraBody?: Record<string, unknown>;
  readonly efficiency?: RooflineEfficiency;
  readonly memoryUtilisation?: number;
  readonly maxBatch?: number;
  readonly seed?: string;
  /** llama-cpp: parallel sequences (default: the level's concurrency, else 16). */
  readonly sequences?: number;
  /** llama-cpp: CPU threads (default CPU count − 1). */
  readonly threads?: number;
}

/**
 * The in-process emulator as a {@link Backend}; requests are sized to the emulated model's
 * context (or KV cache, when smaller) and time out after timeouts.totalMs of model time.
 */
export class EmulatedBackend implements Backend {
  readonly clock: Clock;
  readonly emulator: EmulatedGpu;
  private readonly totalMs: number;

  /**
   * @param specs a GPU or model description of one's own in place of the target's ids (a CPU,
   * a model not in the table)
   */
  constructor(
    cfg: BackendConfig & { target: { kind: "emulated" } },
    specs: { readonly gpu?: GpuSpec; readonly model?: ModelShape } = {},
  ) {
    const target = cfg.target as { kind: "emulated"; gpu: string; model: string };
    this.clock = cfg.timeScale > 0 ? new RealClock(cfg.timeScale) : new VirtualClock();
    this.emulator = new EmulatedGpu({
      gpu: specs.gpu ?? findGpu(target.gpu)!,
      model: specs.model ?? findModel(target.model)!,
      clock: this.clock,
      ...(cfg.efficiency ? { efficiency: cfg.efficiency } : {}),
      ...(cfg.memoryUtilisation !== undefined ? { memoryUtilisation: cfg.memoryUtilisation } : {}),
      ...(cfg.maxBatch !== undefined ? { maxBatch: cfg.maxBatch } : {}),
    });
    this.totalMs = (cfg.timeouts ?? DEFAULT_TIMEOUTS).totalMs;
  }

  /** Longest prompt + output the emulated GPU takes, tokens. */
  get contextTokens(): number {
    return this.emulator.maxRequestTokens;
  }

  send(asked: GenRequest, sink: StreamSink): () => void {
    const req = fitToContext(asked, { contextTokens: this.contextTokens });
    if (req !== asked) sink.onResized?.();
    let live = true;
    const timer = this.clock.setTimer(this.totalMs, () => {
      if (!live) return;
      live = false;
      cancel();
      sink.onError("timeout_total", `no completion within ${this.totalMs} ms`);
    });
    const cancel = this.emulator.submit(req, {
      onToken: () => {
        if (live) sink.onToken(1);
      },
      onEnd: () => {
        if (!live) return;
        live = false;
        timer.cancel();
        sink.onEnd({ promptTokens: req.promptTokens, outputTokens: req.outputTokens });
      },
      onError: (code, message) => {
        if (!live) return;
        live = false;
        timer.cancel();
        sink.onError(code === "context_too_long" ? "refused" : "other", message);
      },
    });
    return () => {
      live = false;
      timer.cancel();
      cancel();
    };
  }

  async close(): Promise<void> {}
}

/** Builds the backend for a target (llama-cpp loads its model first). */
export async function createBackend(cfg: BackendConfig): Promise<Backend> {
  if (cfg.target.kind === "llama-cpp") {
    return LlamaCppBackend.create({
      modelPath: cfg.target.modelPath,
      ...(cfg.sequences !== undefined ? { sequences: cfg.sequences } : {}),
      ...(cfg.threads !== undefined ? { threads: cfg.threads } : {}),
      totalTimeoutMs: (cfg.timeouts ?? DEFAULT_TIMEOUTS).totalMs,
      ...(cfg.seed ? { seed: cfg.seed } : {}),
    });
  }
  if (cfg.target.kind === "emulated") {
    return new EmulatedBackend(cfg as BackendConfig & { target: { kind: "emulated" } });
  }
  const target = cfg.target;
  return new HttpBackend({
    baseUrl: target.url,
    model: cfg.modelName ?? "default",
    timeScale: cfg.timeScale > 0 ? cfg.timeScale : 1,
    ...(cfg.api ? { api: cfg.api } : {}),
    ...(cfg.apiKey ? { apiKey: cfg.apiKey } : {}),
    ...(cfg.timeouts ? { timeouts: cfg.timeouts } : {}),
    ...(cfg.retries ? { retries: cfg.retries } : {}),
    ...(cfg.extraBody ? { extraBody: cfg.extraBody } : {}),
    ...(cfg.seed ? { seed: cfg.seed } : {}),
  });
}
