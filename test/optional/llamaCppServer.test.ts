// Needs the optional package node-llama-cpp (see llamaCpp.test.ts). A real OpenAI-compatible
// server (calibration/llamaCppServer.ts: Fastify over node-llama-cpp) serving a tiny GGUF model
// the test writes itself, used by the official `openai` SDK and measured by `tokensim
// calibrate` over HTTP; the roofline emulator's prediction for the same model on this CPU is
// compared with the measurement and the ratio printed (docs/calibration.md quotes it).
import { mkdtempSync, readFileSync } from "node:fs";
import { cpus, tmpdir, totalmem } from "node:os";
import { join } from "node:path";
import OpenAI from "openai";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { driveLevel } from "../../calibration/driver.ts";
import type { GpuSpec } from "../../calibration/gpus.ts";
import { LatencyHistogram } from "../../calibration/histogram.ts";
import { type LlamaCppServer, startLlamaCppServer } from "../../calibration/llamaCppServer.ts";
import { validateCalibrationProfile } from "../../calibration/profile.ts";
import { weightBytes } from "../../calibration/roofline.ts";
import { EmulatedBackend } from "../../calibration/targets.ts";
import { tinyModelShape, writeTinyLlamaGguf } from "../../calibration/tinyGguf.ts";
import { loadWorkload } from "../../calibration/workload.ts";
import { cli } from "../cli/inProcess.ts";

const dir = mkdtempSync(join(tmpdir(), "tokensim-llama-server-"));
const modelPath = join(dir, "tiny.gguf");
writeTinyLlamaGguf(modelPath);
const FIXTURES = join(import.meta.dirname, "..", "calibration", "fixtures");
const CONTEXT = 256;
const THREADS = 1;

let server: LlamaCppServer;
beforeAll(async () => {
  server = await startLlamaCppServer({
    modelPath,
    modelName: "tiny",
    port: 0,
    sequences: 2,
    contextPerSequence: CONTEXT,
    threads: THREADS,
  });
}, 300_000);
afterAll(async () => {
  await server?.close();
}, 60_000);

describe("llama.cpp behind an OpenAI-compatible HTTP server", () => {
  it("serves the official openai SDK: model list, streamed usage, a 400 for an overlong request", async () => {
    const client = new OpenAI({ baseURL: `${server.url}/v1`, apiKey: "none", maxRetries: 0 });
    const models = await client.models.list();
    expect(models.data.map((m) => m.id)).toEqual(["tiny"]);
    expect((models.data[0] as unknown as { max_model_len: number }).max_model_len).toBe(CONTEXT);

    const stream = await client.chat.completions.create({
      model: "tiny",
      messages: [{ role: "user", content: "the GPU serves tokens" }],
      max_tokens: 12,
      stream: true,
      stream_options: { include_usage: true },
      // vLLM's extension: exactly max_tokens, end-of-generation tokens do not stop it
      ignore_eos: true,
    } as OpenAI.ChatCompletionCreateParamsStreaming);
    let text = "";
    let usage: OpenAI.CompletionUsage | undefined;
    let finish: string | null | undefined;
    for await (const chunk of stream) {
      text += chunk.choices[0]?.delta.content ?? "";
      finish ??= chunk.choices[0]?.finish_reason;
      if (chunk.usage) usage = chunk.usage;
    }
    expect(usage?.completion_tokens).toBe(12);
    expect(usage?.prompt_tokens).toBeGreaterThan(0);
    expect(finish).toBe("length");
    expect(text.length).toBeGreaterThan(0);

    const whole = await client.chat.completions.create({
      model: "tiny",
      messages: [{ role: "user", content: "hello" }],
      max_tokens: 3,
    });
    expect(whole.usage?.completion_tokens).toBeLessThanOrEqual(3);
    expect(whole.choices[0]?.message.role).toBe("assistant");

    const tooLong = await client.chat.completions
      .create({ model: "tiny", messages: [{ role: "user", content: "x" }], max_tokens: CONTEXT })
      .then(
        () => undefined,
        (err: unknown) => err,
      );
    expect(tooLong).toBeInstanceOf(OpenAI.BadRequestError);
    expect((tooLong as InstanceType<typeof OpenAI.BadRequestError>).code).toBe(
      "context_length_exceeded",
    );
    const unknown = await client.chat.completions
      .create({ model: "other", messages: [{ role: "user", content: "x" }], max_tokens: 1 })
      .then(
        () => undefined,
        (err: unknown) => err,
      );
    expect(unknown).toBeInstanceOf(OpenAI.NotFoundError);
  });

  it("tokensim calibrate measures it over HTTP, shortening prompts to its context", async () => {
    const out = join(dir, "overlong.json");
    // overlong.json: half its prompts are 12,000 tokens, far beyond the 256 the server takes
    const r = await cli(
      "calibrate",
      "--backend",
      server.url,
      "--workload",
      join(FIXTURES, "overlong.json"),
      "--concurrency",
      "2",
      "--duration",
      "3s",
      "--warmup",
      "500ms",
      "--workers",
      "1",
      "--out",
      out,
    );
    expect(r.stderr).toMatch(/serves tiny; using model 'tiny'; context 256 tokens/);
    expect(r.code, r.stderr).toBe(0);
    const profile = validateCalibrationProfile(JSON.parse(readFileSync(out, "utf8")));
    expect(profile.degraded).toBe(false);
    expect(profile.target.contextTokens).toBe(CONTEXT);
    const p = profile.points[0]!;
    expect(p.requests.completed).toBeGreaterThan(0);
    expect(p.requests.errors + p.requests.timeouts).toBe(0);
    expect(p.requests.resized).toBeGreaterThan(0);
    // tokens as the server counted them (usage), not SSE chunks
    expect(p.tokenCounting?.source).toBe("usage");
  });

  it("compares the emulator's prediction for the same model on this CPU with the measurement", async () => {
    const out = join(dir, "short.json");
    const levels = [1, 2];
    const r = await cli(
      "calibrate",
      "--backend",
      server.url,
      "--workload",
      join(FIXTURES, "short.json"),
      "--concurrency",
      levels.join(","),
      "--duration",
      "3s",
      "--warmup",
      "500ms",
      "--workers",
      "1",
      "--quiet",
      "--out",
      out,
    );
    expect(r.code, r.stderr).toBe(0);
    const measured = validateCalibrationProfile(JSON.parse(readFileSync(out, "utf8")));
    const model = tinyModelShape(CONTEXT);
    const cpu = hostCpu(weightBytes(model), THREADS);
    const workload = await loadWorkload(join(FIXTURES, "short.json"));
    const lines = [
      `tiny model: ${model.params} parameters, ${(weightBytes(model) / 1e3).toFixed(0)} kB of FP32 weights; ` +
        `${cpu.name}: ${(cpu.memoryBandwidthBytesPerSec / 1e9).toFixed(1)} GB/s (measured copy rate of the weights), ` +
        `${(cpu.fp16FlopsPerSec / 1e9).toFixed(0)} GFLOP/s (nominal)`,
    ];
    for (const [i, c] of levels.entries()) {
      const emulated = new EmulatedBackend(
        { target: { kind: "emulated", gpu: cpu.id, model: model.id }, timeScale: 0 },
        { gpu: cpu, model },
      );
      const predicted = await driveLevel({
        backend: emulated,
        workload,
        level: { mode: "closed", value: c },
        durationMs: 3000,
        warmupMs: 500,
        seed: "tokensim",
      });
      await emulated.close();
      const point = measured.points[i]!;
      expect(point.requests.errors + point.requests.timeouts).toBe(0);
      const realTps = point.outputTokensPerSec;
      const emuTps = predicted.outputTokensInWindow / (predicted.windowMs / 1000);
      const emuItl = LatencyHistogram.from(predicted.itl).mean();
      const realItl = point.itlMs.mean!;
      expect(realTps).toBeGreaterThan(0);
      expect(emuTps).toBeGreaterThan(0);
      lines.push(
        `concurrency ${c}: emulator ${emuTps.toFixed(0)} tok/s, measured ${realTps.toFixed(0)} tok/s, ` +
          `ratio emulator/real ${(emuTps / realTps).toFixed(1)}; mean inter-token latency emulator ` +
          `${emuItl.toFixed(4)} ms, measured ${realItl.toFixed(3)} ms (per-step overhead the roofline leaves out: ` +
          `about ${(realItl - emuItl).toFixed(3)} ms)`,
      );
    }
    console.log(`emulator vs llama.cpp over HTTP\n  ${lines.join("\n  ")}`);
  });
});

/**
 * This CPU as the roofline describes a GPU: memory bandwidth measured as the rate at which
 * `bytes` (the model's weights, which stay in cache at this size) are copied, best of several
 * tries; compute the nominal FP32 rate of `threads` cores with two 8-wide FMA units (AVX2) at
 * the clock the OS reports (2.5 GHz when it reports none). Informative only: nothing asserts
 * on the figures.
 */
function hostCpu(bytes: number, threads: number): GpuSpec {
  const src = Buffer.alloc(bytes, 1);
  const dst = Buffer.alloc(bytes);
  let best = 0;
  for (let trial = 0; trial < 5; trial++) {
    const reps = 200;
    const t0 = process.hrtime.bigint();
    for (let i = 0; i < reps; i++) src.copy(dst);
    const s = Number(process.hrtime.bigint() - t0) / 1e9;
    if (s > 0) best = Math.max(best, (bytes * reps) / s);
  }
  const mhz = cpus()[0]?.speed || 2500;
  return {
    id: "host-cpu",
    name: `${cpus()[0]?.model.trim() ?? "CPU"} (${threads} thread${threads === 1 ? "" : "s"})`,
    memoryBandwidthBytesPerSec: best,
    fp16FlopsPerSec: threads * mhz * 1e6 * 32,
    memoryBytes: totalmem(),
    tdpW: 1,
    source: "measured copy rate and nominal AVX2 FMA rate of the host",
  };
}
