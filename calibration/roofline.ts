/**
 * Roofline arithmetic for transformer inference on one GPU.
 *
 * One forward pass ("step") over a batch that processes `T` new tokens (prompt tokens being
 * prefilled plus one token per decoding sequence) while attending over `K` cached context
 * tokens takes
 *
 *   t_step = max( 2 · P · T / (F · ηF),  (W + K · kv) / (B · ηB) ) + overhead
 *
 * where P is the parameter count, F the dense FP16 FLOP/s, W = P · bytesPerWeight the weight
 * bytes, kv the KV-cache bytes per token = 2 (K and V) · layers · kvHeads · headDim ·
 * kvBytesPerElement, B the memory bandwidth (bytes/s) and ηF, ηB achievable fractions of peak.
 * Prefill of a long prompt is compute-bound (left term); decode is memory-bound (right term).
 */
import type { GpuSpec } from "./gpus.ts";
import type { ModelShape } from "./models.ts";

/** Achievable fractions of peak and a fixed per-step overhead. */
export interface RooflineEfficiency {
  /** Fraction of peak FLOP/s achieved (0..1]; default 1. */
  readonly compute?: number;
  /** Fraction of peak memory bandwidth achieved (0..1]; default 1. */
  readonly bandwidth?: number;
  /** Fixed cost per step (kernel launches, scheduling), ms; default 0. */
  readonly stepOverheadMs?: number;
}

/** Bytes of weights read per forward pass, bytes. */
export function weightBytes(model: ModelShape): number {
  return model.params * model.bytesPerWeight;
}

/** KV-cache bytes held per token of context, bytes/token. */
export function kvBytesPerToken(model: ModelShape): number {
  return 2 * model.layers * model.kvHeads * model.headDim * model.kvBytesPerElement;
}

/** FLOPs to process `tokens` tokens through the model (2 FLOPs per parameter per token). */
function forwardFlops(model: ModelShape, tokens: number): number {
  return 2 * model.params * tokens;
}

/**
 * Duration of one batched forward step, ms.
 * @param newTokens tokens processed this step (prefill tokens + decoding sequences)
 * @param contextTokens KV-cache tokens read by attention this step
 */
export function stepTimeMs(
  gpu: GpuSpec,
  model: ModelShape,
  newTokens: number,
  contextTokens: number,
  eff: RooflineEfficiency = {},
): number {
  const computeS = forwardFlops(model, newTokens) / (gpu.fp16FlopsPerSec * (eff.compute ?? 1));
  const memoryS =
    (weightBytes(model) + contextTokens * kvBytesPerToken(model)) /
    (gpu.memoryBandwidthBytesPerSec * (eff.bandwidth ?? 1));
  return Math.max(computeS, memoryS) * 1000 + (eff.stepOverheadMs ?? 0);
}

/** Memory-bound floor of one decode step with an empty KV cache (weights only), ms/token. */
export function decodeFloorMs(
  gpu: GpuSpec,
  model: ModelShape,
  eff: RooflineEfficiency = {},
): number {
  return (
    (weightBytes(model) / (gpu.memoryBandwidthBytesPerSec * (eff.bandwidth ?? 1))) * 1000 +
    (eff.stepOverheadMs ?? 0)
  );
}

/** Time to prefill one prompt of `promptTokens` tokens alone on the GPU, ms. */
export function prefillTimeMs(
  gpu: GpuSpec,
  model: ModelShape,
  promptTokens: number,
  eff: RooflineEfficiency = {},
): number {
  return stepTimeMs(gpu, model, promptTokens, promptTokens, eff);
}

/**
 * Decode step time for `batch` sequences with `avgContextTokens` of context each, ms.
 */
export function decodeStepMs(
  gpu: GpuSpec,
  model: ModelShape,
  batch: number,
  avgContextTokens: number,
  eff: RooflineEfficiency = {},
): number {
  return stepTimeMs(gpu, model, batch, batch * avgContextTokens, eff);
}

/**
 * KV-cache capacity left after the weights, tokens.
 * @param memoryUtilisation fraction of device memory the server may use (vLLM default 0.9)
 */
export function kvCapacityTokens(gpu: GpuSpec, model: ModelShape, memoryUtilisation = 0.9): number {
  const free = gpu.memoryBytes * memoryUtilisation - weightBytes(model);
  return Math.max(0, Math.floor(free / kvBytesPerToken(model)));
}

/**
 * Average board power under a linear utilisation model, W:
 * P = TDP · (idleFraction + (1 − idleFraction) · utilisation).
 */
export function powerW(tdpW: number, utilisation: number, idleFraction = 0.3): number {
  const u = Math.min(1, Math.max(0, utilisation));
  return tdpW * (idleFraction + (1 - idleFraction) * u);
}

/** Energy per output token, J/token = W / (tokens/s). */
export function energyPerTokenJ(powerWatts: number, tokensPerSec: number): number {
  return tokensPerSec > 0 ? powerWatts / tokensPerSec : Number.POSITIVE_INFINITY;
}
