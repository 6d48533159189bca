/**
 * `llama-cpp:<model.gguf>`: real llama.cpp inference in this process, through node-llama-cpp.
 *
 * node-llama-cpp is an optional peer dependency (with its prebuilt llama.cpp binaries it is
 * some 700 MB): it is imported only when this backend is asked for, and a missing install
 * says how to add it. One context holds one sequence per concurrent request (llama.cpp
 * batches the sequences' tokens together, like a server's slots); requests beyond the
 * sequences wait in a FIFO queue. Each request's prompt is exactly `promptTokens` tokens and
 * it generates exactly `outputTokens` tokens (end-of-generation tokens do not stop it, like
 * vLLM's ignore_eos), so that the work matches the workload. Requests longer than a sequence's
 * context are shortened to fit it first, as for a server (see contextFit.ts).
 */
import { availableParallelism } from "node:os";
import {
  type Backend,
  DEFAULT_TIMEOUTS,
  type GenRequest,
  type StreamSink,
  syntheticPrompt,
} from "./backend.ts";
import { RealClock } from "./clock.ts";
import { fitToContext } from "./contextFit.ts";

/** The version range of node-llama-cpp this backend is written against. */
const NODE_LLAMA_CPP_RANGE = "^3.22.1";
const INSTALL_HINT = `npm install --no-save node-llama-cpp@${NODE_LLAMA_CPP_RANGE.slice(1)}`;

// The parts of node-llama-cpp's API used here and by llamaCppServer.ts (the package is not a
// build-time dependency).
type Token = number;
/** One sequence of a context: a request's tokens (node-llama-cpp's LlamaContextSequence). */
export interface LlamaSequence {
  evaluate(
    tokens: Token[],
    options?: { temperature?: number; topP?: number; seed?: number },
  ): AsyncGenerator<Token, void, void>;
  clearHistory(): Promise<void>;
}
/** A context holding parallel sequences (node-llama-cpp's LlamaContext). */
interface LlamaContext {
  /** Context per sequence, tokens. */
  readonly contextSize: number;
  getSequence(): LlamaSequence;
  dispose(): Promise<void>;
}
/** A loaded model (node-llama-cpp's LlamaModel). */
export interface LlamaModel {
  readonly trainContextSize: number;
  tokenize(text: string): Token[];
  detokenize(
    tokens: readonly Token[],
    specialTokens?: boolean,
    lastTokens?: readonly Token[],
  ): string;
  /** True for an end-of-generation token. */
  isEogToken(token: Token | undefined): boolean;
  createContext(o: {
    sequences: number;
    contextSize: number | { min?: number; max?: number };
    threads?: number;
    batchSize?: number;
  }): Promise<LlamaContext>;
  dispose(): Promise<void>;
}
interface Llama {
  readonly gpu: string | false;
  loadModel(o: { modelPath: string }): Promise<LlamaModel>;
  dispose(): Promise<void>;
}
interface NodeLlamaCpp {
  getLlama(o: { gpu?: "auto" | false; build?: "never"; logLevel?: string }): Promise<Llama>;
  LlamaLogLevel: Record<string, string>;
}

/** How the package is imported (tests replace it to exercise the missing-package path). */
export type Importer = (specifier: string) => Promise<unknown>;
const defaultImporter: Importer = (s) => import(s);

/** Imports node-llama-cpp, or throws an Error that says how to install it. */
export async function importNodeLlamaCpp(importer: Importer = defaultImporter) {
  try {
    return (await importer("node-llama-cpp")) as NodeLlamaCpp;
  } catch (err) {
    const code = (err as { code?: string }).code;
    if (code === "ERR_MODULE_NOT_FOUND" || code === "MODULE_NOT_FOUND") {
      throw new Error(
        `the llama-cpp backend needs the optional package node-llama-cpp, which is not installed; install it with '${INSTALL_HINT}' (about 700 MB with its prebuilt llama.cpp binaries)`,
      );
    }
    throw new Error(`cannot load node-llama-cpp: ${(err as Error).message}`);
  }
}

/** Options of {@link loadLlamaCpp}. */
export interface LlamaLoadOptions {
  readonly modelPath: string;
  /** Parallel sequences (requests generating at once). Default 1. */
  readonly sequences?: number;
  /** Most context per sequence, tokens; default min(4096, the model's training context).
   * Less where memory is short (at least 512). */
  readonly contextPerSequence?: number;
  /** CPU threads; default CPU count − 1 (at least 1): the load driver needs a core. */
  readonly threads?: number;
  readonly importer?: Importer;
}

/** A model loaded with a context of parallel sequences. */
export interface LoadedLlamaCpp {
  readonly model: LlamaModel;
  readonly context: LlamaContext;
  /** Context of one sequence, tokens (what one request may hold). */
  readonly contextPerSequence: number;
  /** Frees the context, the model and llama.cpp. */
  dispose(): Promise<void>;
}

/**
 * Imports node-llama-cpp (see {@link importNodeLlamaCpp}) and loads a model with a context of
 * `sequences` sequences. llama.cpp's binaries are the prebuilt ones (never built here).
 */
export async function loadLlamaCpp(o: LlamaLoadOptions): Promise<LoadedLlamaCpp> {
  const lib = await importNodeLlamaCpp(o.importer);
  const llama = await lib.getLlama({
    gpu: "auto",
    build: "never",
    logLevel: lib.LlamaLogLevel.error ?? "error",
  });
  let model: LlamaModel;
  try {
    model = await llama.loadModel({ modelPath: o.modelPath });
  } catch (err) {
    await llama.dispose();
    throw new Error(`llama-cpp: cannot load ${o.modelPath}: ${(err as Error).message}`);
  }
  const sequences = Math.max(1, Math.floor(o.sequences ?? 1));
  const perSeq = Math.min(o.contextPerSequence ?? 4096, model.trainContextSize);
  const threads = o.threads ?? Math.max(1, availableParallelism() - 1);
  // contextSize is per sequence; node-llama-cpp shrinks it (not below 512 tokens) to what
  // the GPU or RAM holds next to the weights, as a server sizes its slots.
  let context: LlamaContext;
  try {
    context = await model.createContext({
      sequences,
      contextSize: { min: Math.min(512, perSeq), max: perSeq },
      threads,
    });
  } catch (err) {
    await model.dispose();
    await llama.dispose();
    throw err;
  }
  return {
    model,
    context,
    contextPerSequence: Math.min(perSeq, context.contextSize),
    async dispose() {
      await context.dispose();
      await model.dispose();
      await llama.dispose();
    },
  };
}

/** Options of {@link LlamaCppBackend.create}. */
export interface LlamaCppOptions extends LlamaLoadOptions {
  /** Per-request limit, ms. */
  readonly totalTimeoutMs?: number;
  readonly seed?: string;
}

interface Pending {
  readonly req: GenRequest;
  readonly sink: StreamSink;
  cancelled: boolean;
  started: boolean;
  readonly t0: number;
}

/** llama.cpp in-process as a {@link Backend} (real clock). */
export class LlamaCppBackend implements Backend {
  readonly clock = new RealClock(1);
  private readonly free: LlamaSequence[];
  private readonly queue: Pending[] = [];
  private readonly filler: Token[];
  private seedCounter = 0;
  private readonly running = new Set<Promise<void>>();

  private readonly model: LlamaModel;
  /** Most prompt + output tokens of one request: one sequence's context. */
  readonly contextPerSequence: number;

  private constructor(
    private readonly loaded: LoadedLlamaCpp,
    sequences: number,
    private readonly totalMs: number,
    private readonly seedBase: number,
  ) {
    this.model = loaded.model;
    this.contextPerSequence = loaded.contextPerSequence;
    this.free = Array.from({ length: sequences }, () => loaded.context.getSequence());
    this.filler = this.model.tokenize(syntheticPrompt(64));
    if (this.filler.length === 0) this.filler = [0];
  }

  /** Loads node-llama-cpp, the model and a context. */
  static async create(o: LlamaCppOptions): Promise<LlamaCppBackend> {
    const sequences = Math.max(1, Math.floor(o.sequences ?? 1));
    const loaded = await loadLlamaCpp({ ...o, sequences });
    let seed = 0;
    for (const c of o.seed ?? "tokensim") seed = (seed * 31 + c.charCodeAt(0)) >>> 0;
    return new LlamaCppBackend(
      loaded,
      sequences,
      o.totalTimeoutMs ?? DEFAULT_TIMEOUTS.totalMs,
      seed,
    );
  }

  /** Exactly `n` prompt tokens: the prompt text's tokens, cut or padded with filler. */
  private promptTokens(req: GenRequest): Token[] {
    if (req.prompt !== undefined) return this.model.tokenize(req.prompt);
    const out = this.model.tokenize(syntheticPrompt(req.promptTokens)).slice(0, req.promptTokens);
    while (out.length < req.promptTokens) out.push(this.filler[out.length % this.filler.length]!);
    return out;
  }

  /** Longest prompt + output one request may have: a sequence's context, tokens. */
  get contextTokens(): number {
    return this.contextPerSequence;
  }

  send(asked: GenRequest, sink: StreamSink): () => void {
    // sized to a sequence's context like a server's requests; a trace's own text is not
    const req = fitToContext(asked, { contextTokens: this.contextPerSequence });
    if (req !== asked) sink.onResized?.();
    const p: Pending = { req, sink, cancelled: false, started: false, t0: this.clock.now() };
    if (req.promptTokens + req.outputTokens > this.contextPerSequence) {
      queueMicrotask(() =>
        sink.onError(
          "refused",
          `prompt + output (${req.promptTokens + req.outputTokens} tokens) exceeds the context of ${this.contextPerSequence} tokens per sequence`,
        ),
      );
      return () => {};
    }
    this.queue.push(p);
    this.pump();
    return () => {
      p.cancelled = true;
    };
  }

  private pump(): void {
    while (this.free.length > 0 && this.queue.length > 0) {
      const p = this.queue.shift()!;
      if (p.cancelled) continue;
      const seq = this.free.pop()!;
      const run = this.generate(seq, p).finally(async () => {
        await seq.clearHistory().catch(() => {});
        this.running.delete(run);
        this.free.push(seq);
        this.pump();
      });
      this.running.add(run);
    }
  }

  private async generate(seq: LlamaSequence, p: Pending): Promise<void> {
    const { req, sink } = p;
    const deadline = p.t0 + this.totalMs;
    let n = 0;
    try {
      const tokens = this.promptTokens(req);
      const gen = seq.evaluate(tokens, {
        ...(req.temperature !== undefined ? { temperature: req.temperature } : {}),
        ...(req.topP !== undefined ? { topP: req.topP } : {}),
        seed: (this.seedBase + this.seedCounter++) >>> 0,
      });
      for await (const _ of gen) {
        if (p.cancelled) break;
        if (this.clock.now() > deadline) {
          p.cancelled = true;
          sink.onError("timeout_total", `no completion within ${this.totalMs} ms`);
          break;
        }
        n++;
        sink.onToken(1);
        if (n >= req.outputTokens) break;
      }
      if (!p.cancelled) sink.onEnd({ promptTokens: tokens.length, outputTokens: n });
    } catch (err) {
      if (!p.cancelled) sink.onError("other", `llama.cpp: ${(err as Error).message}`);
    }
  }

  async close(): Promise<void> {
    for (const p of this.queue) p.cancelled = true;
    this.queue.length = 0;
    // Generations in flight were cancelled by the driver; each stops at its next token.
    while (this.running.size > 0) await Promise.all([...this.running]);
    await this.loaded.dispose();
  }
}
