/**
 * An emulated inference server on one GPU following the roofline model (see roofline.ts):
 * iteration-level continuous batching (as in vLLM/Orca), each step running the prefill of
 * newly admitted prompts together with one decode token for every running sequence, and a
 * KV-cache memory limit: a request is admitted only when its prompt + max output tokens fit
 * in the free KV cache, otherwise it waits in a FIFO queue.
 *
 * Time comes from a {@link Clock}: with a {@link VirtualClock} the emulator runs as fast as the
 * CPU allows and is exactly deterministic; with a {@link RealClock} it paces itself against a
 * monotonic schedule of step end times: a step's tokens are never released before its
 * scheduled end, a late timer is caught up by starting the next step at the scheduled end
 * (not at the late wake-up), and every step already due when a timer fires runs at once. So
 * steps shorter than the timer resolution (1 ms in Node; a 4.8 ms decode step at time scale
 * 0.05 is 0.24 ms of wall time) come out in bursts at the right average rate instead of one
 * per timer tick.
 */
import type { Clock } from "./clock.ts";
import type { GpuSpec } from "./gpus.ts";
import type { ModelShape } from "./models.ts";
import { kvCapacityTokens, type RooflineEfficiency, stepTimeMs } from "./roofline.ts";

/** One generation request as the GPU sees it. */
export interface EmulatedRequest {
  /** Prompt length, tokens (≥ 1). */
  readonly promptTokens: number;
  /** Output tokens to generate (≥ 1). */
  readonly outputTokens: number;
}

/** Callbacks for one request; called synchronously at the model time of each event. */
export interface EmulatedSink {
  /**
   * Output token number `index` (0-based) is ready; `atMs` is the model time the roofline
   * schedule gave it (on a real clock, now() is that or later, never earlier).
   */
  onToken(index: number, atMs: number): void;
  /** All output tokens were produced. */
  onEnd(): void;
  /** The request was refused (e.g. longer than the KV cache). */
  onError(code: string, message: string): void;
}

/** Options of {@link EmulatedGpu}. */
export interface EmulatorOptions {
  readonly gpu: GpuSpec;
  readonly model: ModelShape;
  readonly clock: Clock;
  readonly efficiency?: RooflineEfficiency;
  /** Fraction of GPU memory for weights + KV cache (default 0.9). */
  readonly memoryUtilisation?: number;
  /** Most sequences in one batch (default 256, vLLM's max_num_seqs). */
  readonly maxBatch?: number;
  /** Most prompt tokens prefilled in one step (default 8192). */
  readonly maxPrefillTokensPerStep?: number;
  /**
   * On a real clock, the most the schedule may fall behind, wall ms (default 1000): after a
   * longer stall (a blocked event loop, a suspended machine) the schedule restarts from
   * now less this, counted in {@link EmulatorStats.slipMs}, rather than replaying the whole
   * stall as one burst.
   */
  readonly maxLagWallMs?: number;
}

interface Seq {
  readonly prompt: number;
  readonly target: number;
  generated: number;
  prefilled: boolean;
  cancelled: boolean;
  /** Still counted in stats.queued. */
  waiting: boolean;
  /** Model time of submission: a step that started earlier cannot include it. */
  readonly arrivedMs: number;
  readonly sink: EmulatedSink;
}

/** Counters of the emulator's own accounting. */
export interface EmulatorStats {
  /** Forward steps run. */
  steps: number;
  /** Model time the GPU spent computing, ms. */
  busyMs: number;
  /** Output tokens produced. */
  outputTokens: number;
  /** Prompt tokens prefilled. */
  promptTokens: number;
  /** Requests completed. */
  completed: number;
  /** Requests waiting for KV cache now. */
  queued: number;
  /** Sequences in the running batch now. */
  running: number;
  /** KV tokens reserved now. */
  kvReservedTokens: number;
  /** Model time the real-clock schedule was pushed back after stalls, ms (0 on a virtual clock). */
  slipMs: number;
  /** Steps run in a burst because they were due when the timer fired (real clock). */
  burstSteps: number;
}

/** Steps one timer callback may run in a burst before it lets I/O through. */
const MAX_BURST_STEPS = 1000;

/** Continuous-batching roofline emulator of one GPU serving one model. */
export class EmulatedGpu {
  readonly gpu: GpuSpec;
  readonly model: ModelShape;
  readonly clock: Clock;
  /** KV-cache capacity, tokens. */
  readonly kvCapacity: number;
  /** Longest request (prompt + output tokens) it accepts: the KV cache or the context window. */
  readonly maxRequestTokens: number;
  private readonly eff: RooflineEfficiency;
  private readonly maxBatch: number;
  private readonly maxPrefill: number;
  /** Most the real-clock schedule may fall behind, model ms. */
  private readonly maxLagMs: number;
  private readonly waiting: Seq[] = [];
  private waitHead = 0;
  private running: Seq[] = [];
  private reserved = 0;
  private stepping = false;
  /** Scheduled model time at which the step in flight ends. */
  private stepEnd = 0;
  readonly stats: EmulatorStats = {
    steps: 0,
    busyMs: 0,
    outputTokens: 0,
    promptTokens: 0,
    completed: 0,
    queued: 0,
    running: 0,
    kvReservedTokens: 0,
    slipMs: 0,
    burstSteps: 0,
  };

  constructor(opts: EmulatorOptions) {
    this.gpu = opts.gpu;
    this.model = opts.model;
    this.clock = opts.clock;
    this.eff = opts.efficiency ?? {};
    this.maxBatch = opts.maxBatch ?? 256;
    this.maxPrefill = opts.maxPrefillTokensPerStep ?? 8192;
    const clock: Clock & { timeScale?: unknown } = opts.clock;
    const timeScale = typeof clock.timeScale === "number" ? clock.timeScale : 1;
    this.maxLagMs = (opts.maxLagWallMs ?? 1000) / timeScale;
    this.kvCapacity = kvCapacityTokens(opts.gpu, opts.model, opts.memoryUtilisation ?? 0.9);
    this.maxRequestTokens = Math.min(this.kvCapacity, opts.model.maxContextTokens);
    if (this.kvCapacity <= 0) {
      throw new Error(
        `model ${opts.model.id} (${((opts.model.params * opts.model.bytesPerWeight) / 1e9).toFixed(1)} GB of weights) does not fit on ${opts.gpu.name}`,
      );
    }
  }

  /** Submits a request; returns a function that cancels it (no further callbacks). */
  submit(req: EmulatedRequest, sink: EmulatedSink): () => void {
    const prompt = Math.max(1, Math.round(req.promptTokens));
    const target = Math.max(1, Math.round(req.outputTokens));
    if (prompt + target > this.maxRequestTokens) {
      sink.onError(
        "context_too_long",
        `prompt ${prompt} + output ${target} tokens exceed the context/KV capacity (${this.maxRequestTokens} tokens)`,
      );
      return () => {};
    }
    const seq: Seq = {
      prompt,
      target,
      generated: 0,
      prefilled: false,
      cancelled: false,
      waiting: true,
      arrivedMs: this.clock.now(),
      sink,
    };
    this.waiting.push(seq);
    this.stats.queued++;
    if (!this.stepping && this.planStep(seq.arrivedMs)) this.arm();
    return () => {
      if (seq.cancelled) return;
      seq.cancelled = true;
      // A waiting request leaves the queue gauge now; a running one frees its KV cache at
      // the end of the step in flight.
      if (seq.waiting) {
        seq.waiting = false;
        this.stats.queued--;
      }
    };
  }

  /** GPU busy fraction over [0, now]. */
  utilisation(): number {
    const now = this.clock.now();
    return now > 0 ? Math.min(1, this.stats.busyMs / now) : 0;
  }

  private arm(): void {
    this.clock.setTimer(this.stepEnd - this.clock.now(), () => this.onStepEnd());
  }

  /**
   * The timer of the step in flight fired: release its tokens, then start the next step at
   * the scheduled end (catching up a late timer) and run every step that is already due.
   */
  private onStepEnd(): void {
    // A real clock that fires early (not RealClock, which re-arms) must not run us ahead.
    if (!this.clock.virtual && this.clock.now() < this.stepEnd) {
      this.arm();
      return;
    }
    for (let burst = 0; ; burst++) {
      this.finishStep(this.stepEnd);
      const now = this.clock.now();
      // On a virtual clock now is the step's end; its float value is kept as it always was.
      let start = this.clock.virtual ? now : this.stepEnd;
      if (now - start > this.maxLagMs) {
        this.stats.slipMs += now - this.maxLagMs - start;
        start = now - this.maxLagMs;
      }
      if (!this.planStep(start)) return;
      if (this.clock.virtual || this.stepEnd > now || burst >= MAX_BURST_STEPS) {
        this.arm();
        return;
      }
      this.stats.burstSteps++;
    }
  }

  /**
   * Plans the step that starts at model time `start`: admits waiting requests that had
   * arrived by then, sets its end and accounts for it. False (and the GPU idle) when there is
   * nothing to run.
   */
  private planStep(start: number): boolean {
    if (this.running.some((s) => s.cancelled)) {
      this.running = this.running.filter((s) => {
        if (s.cancelled) this.reserved -= s.prompt + s.target;
        return !s.cancelled;
      });
    }
    while (this.waitHead < this.waiting.length && this.waiting[this.waitHead]!.cancelled) {
      this.waitHead++;
    }
    const head = this.waiting[this.waitHead];
    // An idle GPU starts its next step when the next request arrives (a real clock that is
    // catching up may plan a step that started before it).
    if (this.running.length === 0 && head !== undefined && head.arrivedMs > start) {
      start = head.arrivedMs;
    }
    // Admit waiting requests FIFO while KV cache, batch size and prefill budget allow.
    let prefillTokens = 0;
    const admitted: Seq[] = [];
    while (
      this.waitHead < this.waiting.length &&
      this.running.length + admitted.length < this.maxBatch
    ) {
      const s = this.waiting[this.waitHead]!;
      if (s.cancelled) {
        this.waitHead++;
        continue;
      }
      if (s.arrivedMs > start) break;
      const need = s.prompt + s.target;
      if (this.reserved + need > this.kvCapacity) break;
      if (prefillTokens > 0 && prefillTokens + s.prompt > this.maxPrefill) break;
      this.waitHead++;
      s.waiting = false;
      this.stats.queued--;
      this.reserved += need;
      prefillTokens += s.prompt;
      admitted.push(s);
    }
    if (this.waitHead > 1024 && this.waitHead * 2 > this.waiting.length) {
      this.waiting.splice(0, this.waitHead);
      this.waitHead = 0;
    }
    let decoders = 0;
    let context = prefillTokens;
    for (const s of this.running) {
      decoders++;
      context += s.prompt + s.generated;
    }
    for (const s of admitted) this.running.push(s);
    this.stats.running = this.running.length;
    this.stats.kvReservedTokens = this.reserved;
    if (decoders + admitted.length === 0) {
      this.stepping = false;
      return false;
    }
    const dt = stepTimeMs(this.gpu, this.model, prefillTokens + decoders, context, this.eff);
    this.stepping = true;
    this.stats.steps++;
    this.stats.busyMs += dt;
    this.stats.promptTokens += prefillTokens;
    this.stepEnd = start + dt;
    return true;
  }

  /** Releases the tokens of the step that ended at model time `end`. */
  private finishStep(end: number): void {
    const still: Seq[] = [];
    for (const s of this.running) {
      if (s.cancelled) {
        this.reserved -= s.prompt + s.target;
        continue;
      }
      s.prefilled = true;
      const index = s.generated++;
      this.stats.outputTokens++;
      s.sink.onToken(index, end);
      if (s.cancelled) {
        this.reserved -= s.prompt + s.target;
        continue;
      }
      if (s.generated >= s.target) {
        this.reserved -= s.prompt + s.target;
        this.stats.completed++;
        s.sink.onEnd();
      } else {
        still.push(s);
      }
    }
    this.running = still;
    this.stats.running = still.length;
    this.stats.kvReservedTokens = this.reserved;
  }
}

/**
 * Exact single-stream timing (concurrency 1): TTFT = the prefill step; each later token
 * one decode step over the growing context. Returns ms.
 */
export function predictSingleStream(
  gpu: GpuSpec,
  model: ModelShape,
  promptTokens: number,
  outputTokens: number,
  eff: RooflineEfficiency = {},
): { ttftMs: number; meanItlMs: number; e2eMs: number } {
  const ttftMs = stepTimeMs(gpu, model, promptTokens, promptTokens, eff);
  let rest = 0;
  for (let i = 1; i < outputTokens; i++) rest += stepTimeMs(gpu, model, 1, promptTokens + i, eff);
  return {
    ttftMs,
    meanItlMs: outputTokens > 1 ? rest / (outputTokens - 1) : 0,
    e2eMs: ttftMs + rest,
  };
}

/**
 * Exact timing of a closed loop of `concurrency` clients that start together and send
 * identical requests back to back (they stay in lock-step): each cycle is one prefill step of
 * all prompts followed by outputTokens − 1 decode steps. Valid while all prompts fit one
 * step's prefill budget and the KV cache. Returns cycle time (ms) and throughput (tokens/s).
 */
export function predictLockstepClosedLoop(
  gpu: GpuSpec,
  model: ModelShape,
  concurrency: number,
  promptTokens: number,
  outputTokens: number,
  eff: RooflineEfficiency = {},
): { cycleMs: number; meanItlMs: number; tokensPerSec: number } {
  const c = concurrency;
  let cycleMs = stepTimeMs(gpu, model, c * promptTokens, c * promptTokens, eff);
  let decode = 0;
  for (let i = 1; i < outputTokens; i++) {
    decode += stepTimeMs(gpu, model, c, c * (promptTokens + i), eff);
  }
  cycleMs += decode;
  return {
    cycleMs,
    meanItlMs: outputTokens > 1 ? decode / (outputTokens - 1) : 0,
    tokensPerSec: ((c * outputTokens) / cycleMs) * 1000,
  };
}
