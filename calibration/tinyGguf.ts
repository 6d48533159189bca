/**
 * Writes a tiny Llama-architecture model as a GGUF file (format version 3), with seeded random
 * FP32 weights and a byte-fallback SentencePiece vocabulary, so that the llama.cpp backend can
 * be tested without downloading weights. The model talks nonsense, fast: about 0.2 M
 * parameters. Format: github.com/ggml-org/ggml, docs/gguf.md.
 */
import { writeFileSync } from "node:fs";
import seedrandom from "seedrandom";
import type { ModelShape } from "./models.ts";

/** Shape of the generated model. */
export interface TinyModelShape {
  readonly embedding: number;
  readonly layers: number;
  readonly heads: number;
  readonly kvHeads: number;
  readonly feedForward: number;
  readonly contextLength: number;
}

export const TINY_SHAPE: TinyModelShape = {
  embedding: 64,
  layers: 2,
  heads: 4,
  kvHeads: 2,
  feedForward: 128,
  contextLength: 2048,
};

const ALIGN = 32;
enum T {
  U32 = 4,
  I32 = 5,
  F32 = 6,
  STRING = 8,
  ARRAY = 9,
}
type Meta =
  | { t: T.U32; v: number }
  | { t: T.F32; v: number }
  | { t: T.STRING; v: string }
  | { t: T.ARRAY; of: T.STRING; v: readonly string[] }
  | { t: T.ARRAY; of: T.F32 | T.I32; v: readonly number[] };

class Writer {
  private readonly parts: Buffer[] = [];
  length = 0;
  private push(b: Buffer) {
    this.parts.push(b);
    this.length += b.length;
  }
  u32(v: number) {
    const b = Buffer.alloc(4);
    b.writeUInt32LE(v);
    this.push(b);
  }
  i32(v: number) {
    const b = Buffer.alloc(4);
    b.writeInt32LE(v);
    this.push(b);
  }
  u64(v: number) {
    const b = Buffer.alloc(8);
    b.writeBigUInt64LE(BigInt(v));
    this.push(b);
  }
  f32(v: number) {
    const b = Buffer.alloc(4);
    b.writeFloatLE(v);
    this.push(b);
  }
  str(s: string) {
    const b = Buffer.from(s, "utf8");
    this.u64(b.length);
    this.push(b);
  }
  bytes(b: Buffer) {
    this.push(b);
  }
  pad() {
    const n = (ALIGN - (this.length % ALIGN)) % ALIGN;
    if (n > 0) this.push(Buffer.alloc(n));
  }
  toBuffer() {
    return Buffer.concat(this.parts);
  }
}

/** Vocabulary: <unk> <s> </s>, the 256 byte tokens, then some whole words. */
function vocabulary() {
  const tokens = ["<unk>", "<s>", "</s>"];
  const types = [2, 3, 3]; // unknown, control, control
  for (let i = 0; i < 256; i++) {
    tokens.push(`<0x${i.toString(16).toUpperCase().padStart(2, "0")}>`);
    types.push(6); // byte
  }
  const words = (
    "the a of to and in is on for with as by at from that this it be are was node token " +
    "stake reward GPU market price supply demand block chain compute network provider job"
  ).split(" ");
  for (const w of words) {
    tokens.push(`▁${w}`);
    types.push(1); // normal
  }
  for (const c of "abcdefghijklmnopqrstuvwxyz") {
    tokens.push(c);
    types.push(1);
  }
  // SentencePiece merges by score: longer pieces first.
  const scores = tokens.map((t, i) => (types[i] === 1 ? -i / 1000 + t.length : 0));
  return { tokens, types, scores };
}

/**
 * The generated model as the roofline emulator describes a model (calibration/models.ts):
 * its parameter count, FP32 weights and llama.cpp's default FP16 KV cache.
 * @param contextTokens the context one request gets where it is served
 */
export function tinyModelShape(contextTokens: number, shape = TINY_SHAPE): ModelShape {
  const { embedding: E, layers, heads, kvHeads, feedForward: F } = shape;
  const headDim = E / heads;
  const V = vocabulary().tokens.length;
  // embeddings and output, output norm; per layer: 2 norms, q, k, v, o, gate, up, down
  const perLayer = 2 * E + 2 * E * E + 2 * E * kvHeads * headDim + 3 * E * F;
  return {
    id: "tokensim-tiny-llama",
    params: 2 * E * V + E + layers * perLayer,
    layers,
    kvHeads,
    headDim,
    bytesPerWeight: 4,
    kvBytesPerElement: 2,
    maxContextTokens: contextTokens,
  };
}

/**
 * Writes the model to `path`; returns its size in bytes. Same seed and shape, same bytes.
 */
export function writeTinyLlamaGguf(path: string, seed = "tokensim", shape = TINY_SHAPE): number {
  const { embedding: E, layers, heads, kvHeads, feedForward: F, contextLength } = shape;
  const headDim = E / heads;
  const kvDim = kvHeads * headDim;
  const vocab = vocabulary();
  const V = vocab.tokens.length;

  const meta: Array<[string, Meta]> = [
    ["general.architecture", { t: T.STRING, v: "llama" }],
    ["general.name", { t: T.STRING, v: "tokensim-tiny-llama" }],
    ["general.alignment", { t: T.U32, v: ALIGN }],
    ["llama.context_length", { t: T.U32, v: contextLength }],
    ["llama.embedding_length", { t: T.U32, v: E }],
    ["llama.block_count", { t: T.U32, v: layers }],
    ["llama.feed_forward_length", { t: T.U32, v: F }],
    ["llama.attention.head_count", { t: T.U32, v: heads }],
    ["llama.attention.head_count_kv", { t: T.U32, v: kvHeads }],
    ["llama.attention.layer_norm_rms_epsilon", { t: T.F32, v: 1e-5 }],
    ["llama.rope.dimension_count", { t: T.U32, v: headDim }],
    ["llama.rope.freq_base", { t: T.F32, v: 10000 }],
    ["llama.vocab_size", { t: T.U32, v: V }],
    ["tokenizer.ggml.model", { t: T.STRING, v: "llama" }],
    ["tokenizer.ggml.tokens", { t: T.ARRAY, of: T.STRING, v: vocab.tokens }],
    ["tokenizer.ggml.scores", { t: T.ARRAY, of: T.F32, v: vocab.scores }],
    ["tokenizer.ggml.token_type", { t: T.ARRAY, of: T.I32, v: vocab.types }],
    ["tokenizer.ggml.unknown_token_id", { t: T.U32, v: 0 }],
    ["tokenizer.ggml.bos_token_id", { t: T.U32, v: 1 }],
    ["tokenizer.ggml.eos_token_id", { t: T.U32, v: 2 }],
  ];

  // Tensors: name, dims (innermost first, as ggml's ne), init (1 = norm weights).
  const tensors: Array<[string, number[], "norm" | "rand"]> = [
    ["token_embd.weight", [E, V], "rand"],
    ["output_norm.weight", [E], "norm"],
    ["output.weight", [E, V], "rand"],
  ];
  for (let l = 0; l < layers; l++) {
    const b = `blk.${l}`;
    tensors.push(
      [`${b}.attn_norm.weight`, [E], "norm"],
      [`${b}.attn_q.weight`, [E, E], "rand"],
      [`${b}.attn_k.weight`, [E, kvDim], "rand"],
      [`${b}.attn_v.weight`, [E, kvDim], "rand"],
      [`${b}.attn_output.weight`, [E, E], "rand"],
      [`${b}.ffn_norm.weight`, [E], "norm"],
      [`${b}.ffn_gate.weight`, [E, F], "rand"],
      [`${b}.ffn_up.weight`, [E, F], "rand"],
      [`${b}.ffn_down.weight`, [F, E], "rand"],
    );
  }

  const w = new Writer();
  w.u32(0x46554747); // "GGUF"
  w.u32(3);
  w.u64(tensors.length);
  w.u64(meta.length);
  for (const [key, m] of meta) {
    w.str(key);
    w.u32(m.t);
    if (m.t === T.U32) w.u32(m.v);
    else if (m.t === T.F32) w.f32(m.v);
    else if (m.t === T.STRING) w.str(m.v);
    else {
      w.u32(m.of);
      w.u64(m.v.length);
      if (m.of === T.STRING) for (const s of m.v as readonly string[]) w.str(s);
      else if (m.of === T.F32) for (const x of m.v as readonly number[]) w.f32(x);
      else for (const x of m.v as readonly number[]) w.i32(x);
    }
  }
  let offset = 0;
  const sizes: number[] = [];
  for (const [name, dims] of tensors) {
    w.str(name);
    w.u32(dims.length);
    for (const d of dims) w.u64(d);
    w.u32(0); // GGML_TYPE_F32
    w.u64(offset);
    const bytes = dims.reduce((a, b) => a * b, 1) * 4;
    sizes.push(bytes);
    offset += Math.ceil(bytes / ALIGN) * ALIGN;
  }
  w.pad();
  const rng = seedrandom(seed);
  for (let i = 0; i < tensors.length; i++) {
    const [, dims, init] = tensors[i]!;
    const n = dims.reduce((a, b) => a * b, 1);
    const data = new Float32Array(n);
    // Uniform weights scaled by 1/sqrt(fan-in) keep activations in range.
    const scale = 1 / Math.sqrt(dims[0]!);
    for (let j = 0; j < n; j++) data[j] = init === "norm" ? 1 : (rng() * 2 - 1) * scale;
    w.bytes(Buffer.from(data.buffer, data.byteOffset, data.byteLength));
    w.pad();
  }
  const buf = w.toBuffer();
  writeFileSync(path, buf);
  return buf.length;
}
