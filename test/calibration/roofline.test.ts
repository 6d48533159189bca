import { describe, expect, it } from "vitest";
import { findGpu, GPUS } from "../../calibration/gpus.ts";
import { findModel, MODELS } from "../../calibration/models.ts";
import {
  decodeFloorMs,
  decodeStepMs,
  energyPerTokenJ,
  kvBytesPerToken,
  kvCapacityTokens,
  powerW,
  prefillTimeMs,
  stepTimeMs,
  weightBytes,
} from "../../calibration/roofline.ts";

const llama8b = MODELS["llama3-8b"]!;
const h100 = GPUS.h100sxm!;
const rtx4090 = GPUS.rtx4090!;

describe("roofline arithmetic (hand-worked cases)", () => {
  it("8B FP16 weights are ~16 GB", () => {
    expect(weightBytes(llama8b)).toBeCloseTo(16.06e9, -7);
  });

  it("decode floor of an 8B FP16 model on H100 SXM is 16 GB / 3.35 TB/s ≈ 4.8 ms", () => {
    expect(decodeFloorMs(h100, llama8b)).toBeCloseTo(4.79, 2);
  });

  it("decode floor of an 8B FP16 model on RTX 4090 is 16 GB / 1.008 TB/s ≈ 15.9 ms", () => {
    expect(decodeFloorMs(rtx4090, llama8b)).toBeCloseTo(15.93, 2);
  });

  it("KV cache of llama3-8b is 2·32·8·128·2 = 131072 bytes/token", () => {
    expect(kvBytesPerToken(llama8b)).toBe(131072);
  });

  it("prefill of 2048 tokens on H100 is compute-bound: 2·8.03e9·2048/989e12 ≈ 33.3 ms", () => {
    const expected = ((2 * 8.03e9 * 2048) / 989e12) * 1000;
    expect(prefillTimeMs(h100, llama8b, 2048)).toBeCloseTo(expected, 6);
    expect(expected).toBeCloseTo(33.25, 1);
  });

  it("short prefill stays memory-bound (16 tokens costs the decode floor plus its KV)", () => {
    const t = prefillTimeMs(h100, llama8b, 16);
    expect(t).toBeCloseTo(((16.06e9 + 16 * 131072) / 3.35e12) * 1000, 6);
  });

  it("decode step grows with KV reads: batch 32 × 1000 ctx on RTX 4090", () => {
    // (16.06e9 + 32 000 · 131072) / 1.008e12 = (16.06e9 + 4.194e9) / 1.008e12 = 20.09 ms
    expect(decodeStepMs(rtx4090, llama8b, 32, 1000)).toBeCloseTo(20.094, 2);
  });

  it("efficiency factors and overhead apply", () => {
    const base = stepTimeMs(h100, llama8b, 1, 0);
    expect(stepTimeMs(h100, llama8b, 1, 0, { bandwidth: 0.5, stepOverheadMs: 1 })).toBeCloseTo(
      base * 2 + 1,
      9,
    );
  });

  it("KV capacity: RTX 4090 24 GB · 0.9 − 16.06 GB leaves ≈ 42 300 tokens", () => {
    expect(kvCapacityTokens(rtx4090, llama8b, 0.9)).toBe(Math.floor((21.6e9 - 16.06e9) / 131072));
  });

  it("a 70B FP16 model does not fit one H100", () => {
    expect(kvCapacityTokens(h100, MODELS["llama3-70b"]!)).toBe(0);
  });

  it("energy per token from a linear utilisation power model", () => {
    expect(powerW(700, 1)).toBe(700);
    expect(powerW(700, 0, 0.3)).toBeCloseTo(210, 9);
    expect(energyPerTokenJ(700, 3500)).toBeCloseTo(0.2, 9);
  });

  it("lookups accept aliases", () => {
    expect(findGpu("H100")?.id).toBe("h100sxm");
    expect(findGpu("RTX4090")?.id).toBe("rtx4090");
    expect(findModel("Llama3-8B")?.id).toBe("llama3-8b");
    expect(findGpu("tpu")).toBeUndefined();
  });
});
