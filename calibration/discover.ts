/**
 * What an OpenAI-compatible server says about itself at `GET /v1/models`: the model ids it
 * serves (vLLM and TGI insist on the exact id in requests), its context window (vLLM's
 * `max_model_len`; llama.cpp's per-slot `n_ctx` at `GET /props`) and, for a `tokensim emulate`
 * server, the emulated GPU, model and time scale (a `tokensim` field in its model entry).
 */

/** A server's self-description. */
export interface ServerInfo {
  /** Model ids listed by the server, in its order. */
  readonly models: readonly string[];
  /** Longest prompt + output the server takes per request, tokens, when it says. */
  readonly contextTokens?: number;
  /** Present when the server is `tokensim emulate`. */
  readonly emulator?: { readonly gpu: string; readonly model: string; readonly timeScale: number };
}

/**
 * Reads `<base>/v1/models` (base may end in /v1). Undefined when the server is absent, refuses
 * or answers something else: the calibration then runs with the user's settings and counts
 * what goes wrong.
 */
export async function discoverServer(
  baseUrl: string,
  apiKey?: string,
  timeoutMs = 5000,
): Promise<ServerInfo | undefined> {
  const base = baseUrl.replace(/\/+$/, "").replace(/\/v1$/, "");
  try {
    const res = await fetch(`${base}/v1/models`, {
      signal: AbortSignal.timeout(timeoutMs),
      headers: apiKey ? { authorization: `Bearer ${apiKey}` } : {},
    });
    if (res.status !== 200) {
      await res.body?.cancel();
      return undefined;
    }
    const body = (await res.json()) as { data?: unknown };
    if (!Array.isArray(body.data)) return undefined;
    const models: string[] = [];
    let emulator: ServerInfo["emulator"];
    for (const m of body.data as Array<Record<string, unknown>>) {
      if (typeof m?.id === "string") models.push(m.id);
      const t = m?.tokensim as Record<string, unknown> | undefined;
      if (
        emulator === undefined &&
        typeof t?.gpu === "string" &&
        typeof t.model === "string" &&
        typeof t.timeScale === "number"
      ) {
        emulator = { gpu: t.gpu, model: t.model, timeScale: t.timeScale };
      }
    }
    const contextTokens =
      maxModelLen(body.data as Array<Record<string, unknown>>) ??
      (await llamaCppContext(base, apiKey, timeoutMs));
    return {
      models,
      ...(contextTokens !== undefined ? { contextTokens } : {}),
      ...(emulator ? { emulator } : {}),
    };
  } catch {
    return undefined;
  }
}

const positiveInt = (x: unknown): number | undefined =>
  typeof x === "number" && Number.isInteger(x) && x > 0 ? x : undefined;

/** vLLM lists `max_model_len` in each model entry (the first one that does is served). */
function maxModelLen(data: ReadonlyArray<Record<string, unknown>>): number | undefined {
  for (const m of data) {
    const n = positiveInt(m?.max_model_len);
    if (n !== undefined) return n;
  }
  return undefined;
}

/**
 * llama.cpp's server says at `GET /props`: `default_generation_settings.n_ctx` is one slot's
 * context (the server's `--ctx-size` divided by its parallel slots), which is what one
 * request gets. Undefined when absent.
 */
async function llamaCppContext(
  base: string,
  apiKey: string | undefined,
  timeoutMs: number,
): Promise<number | undefined> {
  try {
    const res = await fetch(`${base}/props`, {
      signal: AbortSignal.timeout(timeoutMs),
      headers: apiKey ? { authorization: `Bearer ${apiKey}` } : {},
    });
    if (res.status !== 200) {
      await res.body?.cancel();
      return undefined;
    }
    const body = (await res.json()) as Record<string, unknown>;
    const settings = body?.default_generation_settings as Record<string, unknown> | undefined;
    return positiveInt(settings?.n_ctx) ?? positiveInt(body?.n_ctx);
  } catch {
    return undefined;
  }
}

/**
 * The prompt's length in tokens, as a context-length refusal states it: vLLM's and the
 * emulator's "(N in the messages, …)" (or "N in the prompt"), llama.cpp's `n_prompt_tokens`.
 */
export function promptTokensFromRefusal(body: string): number | undefined {
  const m = /\((\d+) in the (?:messages|prompt)/i.exec(body);
  if (m) return positiveInt(Number(m[1]));
  try {
    const err = (JSON.parse(body) as { error?: Record<string, unknown> })?.error;
    return positiveInt(err?.n_prompt_tokens);
  } catch {
    return undefined;
  }
}

/**
 * The context window a server's refusal states: vLLM's and the emulator's "maximum context
 * length is N tokens" (`context_length_exceeded`), llama.cpp's `n_ctx` field of its
 * `exceed_context_size_error`. Undefined when the body is not such a refusal.
 */
export function contextFromRefusal(body: string): number | undefined {
  const m = /maximum context length is (\d+) tokens/i.exec(body);
  if (m) return positiveInt(Number(m[1]));
  try {
    const err = (JSON.parse(body) as { error?: Record<string, unknown> })?.error;
    if (err?.type === "exceed_context_size_error" || err?.code === "context_length_exceeded")
      return positiveInt(err.n_ctx);
  } catch {
    // not JSON: not a refusal this parser knows
  }
  return undefined;
}
