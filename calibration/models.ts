/**
 * Transformer model shapes for the roofline emulator.
 *
 * Sources: the models' published `config.json` files on Hugging Face
 * (meta-llama/Meta-Llama-3-8B, meta-llama/Meta-Llama-3-70B, meta-llama/Llama-3.2-1B):
 * layer count (`num_hidden_layers`), KV heads (`num_key_value_heads`) and head dimension
 * (`hidden_size / num_attention_heads`); parameter counts from the model cards.
 */
export interface ModelShape {
  /** Identifier used on the command line, e.g. `llama3-8b`. */
  readonly id: string;
  /** Total parameters. */
  readonly params: number;
  /** Transformer layers. */
  readonly layers: number;
  /** Key/value heads (grouped-query attention). */
  readonly kvHeads: number;
  /** Dimension of one attention head. */
  readonly headDim: number;
  /** Bytes per weight: 2 for FP16/BF16, 1 for FP8/INT8. */
  readonly bytesPerWeight: number;
  /** Bytes per KV-cache element: 2 for an FP16 cache. */
  readonly kvBytesPerElement: number;
  /** Longest context (prompt + output), tokens. */
  readonly maxContextTokens: number;
}

/** Every model the emulator knows, keyed by id. */
export const MODELS: Readonly<Record<string, ModelShape>> = {
  "llama3-8b": {
    id: "llama3-8b",
    params: 8.03e9,
    layers: 32,
    kvHeads: 8,
    headDim: 128,
    bytesPerWeight: 2,
    kvBytesPerElement: 2,
    maxContextTokens: 8192,
  },
  "llama3-70b": {
    id: "llama3-70b",
    params: 70.6e9,
    layers: 80,
    kvHeads: 8,
    headDim: 128,
    bytesPerWeight: 2,
    kvBytesPerElement: 2,
    maxContextTokens: 8192,
  },
  "llama3-70b-fp8": {
    id: "llama3-70b-fp8",
    params: 70.6e9,
    layers: 80,
    kvHeads: 8,
    headDim: 128,
    bytesPerWeight: 1,
    kvBytesPerElement: 2,
    maxContextTokens: 8192,
  },
  "llama3.2-1b": {
    id: "llama3.2-1b",
    params: 1.24e9,
    layers: 16,
    kvHeads: 8,
    headDim: 64,
    bytesPerWeight: 2,
    kvBytesPerElement: 2,
    maxContextTokens: 131072,
  },
};

/** Looks a model shape up by id (case-insensitive); undefined when unknown. */
export function findModel(id: string): ModelShape | undefined {
  return MODELS[id.toLowerCase()];
}
