import { parseArgs } from "node:util";
import { startEmulatorServer } from "../../calibration/emulatorServer.ts";
import { findGpu, GPUS } from "../../calibration/gpus.ts";
import { findModel, MODELS } from "../../calibration/models.ts";
import { decodeFloorMs, kvCapacityTokens } from "../../calibration/roofline.ts";
import { type CliCommand, UsageError } from "../command.ts";
import { untilStopSignal } from "../stopSignal.ts";

/** Granularity of Node's setTimeout, wall ms. */
const TIMER_RESOLUTION_MS = 1;

const help = `Usage: tokensim emulate --gpu <gpu> --model <model> [options]

Serves an emulated GPU (roofline model with continuous batching and a KV-cache limit) as an
OpenAI-compatible HTTP server: POST /v1/chat/completions, POST /v1/completions (streaming SSE
or not; n and prompt arrays give one choice each), GET /v1/models, GET /v1/models/{id},
GET /metrics (Prometheus), GET /health. Errors come before any token, as OpenAI's: 400
context_length_exceeded, 404 model_not_found, 413 for a body over 4 MiB, 400 naming a
mistyped field. Tokens are never served before the roofline's time; steps shorter than the
1 ms timer resolution (time scale x step time) are served in bursts at the right average
rate. Stops on Ctrl-C.

Options:
  --gpu <id>                  ${Object.keys(GPUS).join(", ")} (required)
  --model <id>                ${Object.keys(MODELS).join(", ")} (required)
  --port <n>                  TCP port (default 8000; 0 = any free port)
  --host <addr>               address to bind (default 127.0.0.1)
  --time-scale <x>            wall ms per emulated ms: 1 = real time, 0.1 = ten times faster
                              (default 1)
  --seed <s>                  seed of the generated text (default tokensim)
  --api-key-env <VAR>         require the key in this environment variable as a Bearer token
  --max-batch <n>             most sequences per batch (default 256)
  --memory-utilisation <x>    fraction of GPU memory for weights + KV cache (default 0.9)
  --compute-efficiency <x>    achieved fraction of peak FLOP/s (default 1)
  --bandwidth-efficiency <x>  achieved fraction of peak memory bandwidth (default 1)
  --step-overhead <ms>        fixed cost per forward step, ms (default 0)
  --default-max-tokens <n>    output length when a request has no max_tokens (default 64)
  -h, --help                  this text`;

const options = {
  gpu: { type: "string" },
  model: { type: "string" },
  port: { type: "string" },
  host: { type: "string" },
  "time-scale": { type: "string" },
  seed: { type: "string" },
  "api-key-env": { type: "string" },
  "max-batch": { type: "string" },
  "memory-utilisation": { type: "string" },
  "compute-efficiency": { type: "string" },
  "bandwidth-efficiency": { type: "string" },
  "step-overhead": { type: "string" },
  "default-max-tokens": { type: "string" },
} as const;

function num(text: string | undefined, what: string, lo: number, hi = Number.POSITIVE_INFINITY) {
  if (text === undefined) return undefined;
  const n = Number(text);
  if (!Number.isFinite(n) || n < lo || n > hi) {
    throw new UsageError(`${what}: expected a number in [${lo}, ${hi}], got '${text}'`);
  }
  return n;
}

export const emulateCommand: CliCommand = {
  help,
  async run(argv) {
    let values: ReturnType<typeof parseArgs<{ options: typeof options }>>["values"];
    try {
      ({ values } = parseArgs({ args: [...argv], options, strict: true, allowPositionals: false }));
    } catch (err) {
      throw new UsageError((err as Error).message);
    }
    if (!values.gpu) throw new UsageError(`--gpu is required (${Object.keys(GPUS).join(", ")})`);
    if (!values.model)
      throw new UsageError(`--model is required (${Object.keys(MODELS).join(", ")})`);
    const gpu = findGpu(values.gpu);
    if (!gpu)
      throw new UsageError(`unknown GPU '${values.gpu}' (known: ${Object.keys(GPUS).join(", ")})`);
    const model = findModel(values.model);
    if (!model)
      throw new UsageError(
        `unknown model '${values.model}' (known: ${Object.keys(MODELS).join(", ")})`,
      );
    const port = num(values.port ?? "8000", "--port", 0, 65535)!;
    const timeScale = num(values["time-scale"], "--time-scale", 1e-6) ?? 1;
    const memoryUtilisation = num(values["memory-utilisation"], "--memory-utilisation", 0.01, 1);
    if (kvCapacityTokens(gpu, model, memoryUtilisation ?? 0.9) <= 0) {
      throw new UsageError(`model ${model.id} does not fit on ${gpu.name}`);
    }
    const maxBatch = num(values["max-batch"], "--max-batch", 1);
    const compute = num(values["compute-efficiency"], "--compute-efficiency", 0.001, 1);
    const bandwidth = num(values["bandwidth-efficiency"], "--bandwidth-efficiency", 0.001, 1);
    const stepOverheadMs = num(values["step-overhead"], "--step-overhead", 0);
    const defaultMaxTokens = num(values["default-max-tokens"], "--default-max-tokens", 1);
    const apiKey = values["api-key-env"] ? process.env[values["api-key-env"]] : undefined;
    if (values["api-key-env"] && !apiKey) {
      throw new UsageError(`environment variable ${values["api-key-env"]} is not set`);
    }
    let srv: Awaited<ReturnType<typeof startEmulatorServer>>;
    try {
      srv = await startEmulatorServer({
        gpu,
        model,
        port,
        host: values.host ?? "127.0.0.1",
        timeScale,
        ...(values.seed ? { seed: values.seed } : {}),
        ...(apiKey ? { apiKey } : {}),
        ...(maxBatch !== undefined ? { maxBatch } : {}),
        ...(memoryUtilisation !== undefined ? { memoryUtilisation } : {}),
        ...(defaultMaxTokens !== undefined ? { defaultMaxTokens } : {}),
        efficiency: {
          ...(compute !== undefined ? { compute } : {}),
          ...(bandwidth !== undefined ? { bandwidth } : {}),
          ...(stepOverheadMs !== undefined ? { stepOverheadMs } : {}),
        },
      });
    } catch (err) {
      const code = (err as { code?: string }).code;
      if (code === "EADDRINUSE" || code === "EACCES" || code === "EADDRNOTAVAIL") {
        throw new UsageError(`cannot listen on ${values.host ?? "127.0.0.1"}:${port} (${code})`);
      }
      throw err;
    }
    const floorMs = decodeFloorMs(gpu, model, {
      ...(bandwidth !== undefined ? { bandwidth } : {}),
      ...(stepOverheadMs !== undefined ? { stepOverheadMs } : {}),
    });
    console.log(
      `tokensim emulate: ${gpu.name} serving ${model.id} at ${srv.url}/v1 ` +
        `(decode floor ${floorMs.toFixed(2)} ms/token, KV cache ${srv.emulator.kvCapacity} tokens, ` +
        `time scale ${timeScale}); Ctrl-C stops`,
    );
    // Node's timers tick in whole ms: below that, tokens leave in bursts. Throughput and
    // mean latencies still hold; a client's per-token latency percentiles do not.
    if (floorMs * timeScale < TIMER_RESOLUTION_MS) {
      console.log(
        `note: a decode step is ${(floorMs * timeScale).toFixed(3)} ms of wall time, under the ` +
          `${TIMER_RESOLUTION_MS} ms timer resolution: tokens are served in bursts of about ` +
          `${Math.ceil(TIMER_RESOLUTION_MS / (floorMs * timeScale))} (right average rate; ` +
          `each token a client sees may be late by up to ${(TIMER_RESOLUTION_MS / timeScale).toFixed(0)} ms of model time)`,
      );
    }
    await untilStopSignal();
    await srv.close();
    return 0;
  },
};
